from django.urls import path

from retainer.health import views

urlpatterns = [
    path("health/", views.health_index, name="health_list"),
    path("health/managers/", views.manager_scorecard_page, name="manager_scorecard"),
    path("health/refresh/", views.health_refresh, name="health_refresh"),
    path("clients/<int:client_id>/health/", views.client_health, name="client_health"),
    path("clients/<int:client_id>/health/panel/", views.client_health_panel,
         name="client_health_panel"),
]

from django.urls import path

from retainer.imports import views

urlpatterns = [
    path("clients/<int:client_id>/imports/", views.client_imports, name="client_imports"),
    path("imports/<int:import_id>/", views.import_detail, name="import_detail"),
]

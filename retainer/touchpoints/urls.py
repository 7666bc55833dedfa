from django.urls import path

from retainer.touchpoints import views

urlpatterns = [
    path("touchpoints/", views.touchpoint_index, name="touchpoint_list"),
    path("touchpoints/missed/", views.touchpoints_missed_index, name="touchpoints_missed"),
    path("touchpoints/<int:touchpoint_id>/edit/", views.touchpoint_edit,
         name="touchpoint_edit"),
    path("clients/<int:client_id>/touchpoints/new/", views.touchpoint_new,
         name="touchpoint_new"),
    path("clients/<int:client_id>/touchpoints/panel/", views.client_touchpoints,
         name="client_touchpoints"),
]

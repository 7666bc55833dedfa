from django.urls import path

from retainer.worklist import views

urlpatterns = [
    path("attention/", views.attention, name="attention"),
    path("tasks/", views.task_index, name="task_list"),
    path("tasks/<int:task_id>/done/", views.task_done_view, name="task_done"),
    path("clients/<int:client_id>/attention/", views.client_attention, name="client_attention"),
]

from django.urls import path

from retainer.conversations import views

urlpatterns = [
    path("clients/<int:client_id>/interactions/new/", views.interaction_new,
         name="interaction_new"),
    path("interactions/<int:interaction_id>/edit/", views.interaction_edit,
         name="interaction_edit"),
    path("waiting/", views.waiting_queue, name="waiting_queue"),
    path("clients/<int:client_id>/threads/", views.thread_panel, name="thread_panel"),
    path("clients/<int:client_id>/threads/wait/", views.thread_wait_toggle, name="thread_wait"),
]

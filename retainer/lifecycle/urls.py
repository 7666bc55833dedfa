from django.urls import path

from retainer.lifecycle import views

urlpatterns = [
    path("clients/<int:client_id>/lifecycle/panel/", views.client_lifecycle_panel,
         name="client_lifecycle"),
    path("clients/<int:client_id>/lifecycle/stage/", views.client_stage_set,
         name="client_stage_set"),
    path("lifecycle/suggestions/", views.stage_suggestions, name="stage_suggestions"),
    path("lifecycle/suggestions/<int:suggestion_id>/accept/", views.stage_suggestion_accept,
         name="stage_suggestion_accept"),
    path("lifecycle/suggestions/<int:suggestion_id>/reject/", views.stage_suggestion_reject,
         name="stage_suggestion_reject"),
    path("lifecycle/keep-in-touch/", views.keep_in_touch, name="keep_in_touch"),
]

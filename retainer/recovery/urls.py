from django.urls import path

from retainer.recovery import letter, views

urlpatterns = [
    path("unhappy/", views.unhappy_index, name="unhappy_list"),
    path("unhappy/refresh/", views.unhappy_refresh, name="unhappy_refresh"),
    path("clients/<int:client_id>/recovery/panel/", views.client_recovery,
         name="client_recovery"),
    path("clients/<int:client_id>/recovery/assess/", views.recovery_assess,
         name="recovery_assess"),
    path("clients/<int:client_id>/recovery/plan/", views.recovery_plan_create,
         name="recovery_plan_create"),
    path("clients/<int:client_id>/recovery/payments/", views.recovery_hold,
         name="recovery_hold"),
    path("clients/<int:client_id>/recovery/letter.pdf", letter.recovery_letter_pdf,
         name="recovery_letter_pdf"),
    path("recovery/steps/<int:step_id>/edit/", views.recovery_step_edit,
         name="recovery_step_edit"),
    path("recovery/steps/<int:step_id>/done/", views.recovery_step_done,
         name="recovery_step_done"),
]

from django.urls import path

from retainer.claims import views

urlpatterns = [
    path("clients/<int:client_id>/claims/new/", views.claim_new, name="claim_new"),
    path("clients/<int:client_id>/claims/panel/", views.client_claims, name="client_claims"),
    path("claims/", views.claim_index, name="claim_list"),
    path("claims/overrides/", views.override_index, name="claim_overrides"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/assess/", views.claim_assess_view, name="claim_assess"),
    path("claims/<int:claim_id>/override/", views.claim_override_view, name="claim_override"),
    path("claims/<int:claim_id>/reply/", views.claim_reply_view, name="claim_reply"),
]

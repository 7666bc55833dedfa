from django.urls import path

from retainer.policy import views

urlpatterns = [
    path("policy/", views.policy_page, name="policy"),
    path("policy/edit/", views.policy_edit, name="policy_edit"),
]

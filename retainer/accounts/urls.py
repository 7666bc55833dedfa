from django.urls import path

from retainer.accounts import views

urlpatterns = [
    path("agency/switch/", views.agency_switch, name="agency_switch"),
    path("agency/settings/", views.agency_settings, name="agency_settings"),
    path("agency/members/", views.member_list, name="member_list"),
]

from django.urls import path

from retainer.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
]

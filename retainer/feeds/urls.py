from django.urls import path

from retainer.feeds import views

urlpatterns = [
    path("calendar/", views.calendar_feed_page, name="calendar_feed"),
    path("calendar/change/", views.calendar_feed_change, name="calendar_feed_change"),
    path("feeds/<str:token>.ics", views.calendar_feed_ics, name="calendar_feed_ics"),
]

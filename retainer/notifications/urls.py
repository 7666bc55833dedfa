from django.urls import path

from retainer.notifications import views

urlpatterns = [
    path("notifications/", views.notification_index, name="notification_list"),
    path("notifications/badge/", views.notification_badge, name="notification_badge"),
    path("notifications/read/", views.notification_read_all, name="notification_read_all"),
    path("notifications/settings/", views.notification_settings,
         name="notification_settings"),
]

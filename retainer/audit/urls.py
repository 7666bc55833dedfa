from django.urls import path

from retainer.audit import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_csv, name="audit_log_csv"),
]

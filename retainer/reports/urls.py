from django.urls import path

from retainer.reports import views

urlpatterns = [
    path("reports/", views.report_index, name="report_list"),
    path("clients/<int:client_id>/report/", views.client_report, name="client_report"),
    path("clients/<int:client_id>/report.pdf", views.client_report_pdf,
         name="client_report_pdf"),
]

from django.urls import path

from retainer.agreements import views

urlpatterns = [
    path("clients/<int:client_id>/agreements/new/", views.agreement_new, name="agreement_new"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path(
        "agreements/<int:agreement_id>/deliverables/new/",
        views.deliverable_new,
        name="deliverable_new",
    ),
    path("deliverables/<int:deliverable_id>/edit/", views.deliverable_edit,
         name="deliverable_edit"),
    path("agreements/<int:agreement_id>/kpis/new/", views.kpi_new, name="kpi_new"),
    path("kpis/<int:kpi_id>/measurements/new/", views.measurement_new, name="measurement_new"),
    path("periods/<int:period_id>/edit/", views.period_edit, name="period_edit"),
]

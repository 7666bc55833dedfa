"""URLs of the discrepancy register and of the agreement summary / quote PDF; included by
config/urls.py."""

from django.urls import path

from retainer.agreements import quote
from retainer.scope import register_views as views

urlpatterns = [
    path("agreements/<int:agreement_id>/register/", views.agreement_register,
         name="agreement_register"),
    path("agreements/<int:agreement_id>/register.csv", views.agreement_register_csv,
         name="agreement_register_csv"),
    path("agreements/<int:agreement_id>/register.xlsx", views.agreement_register_xlsx,
         name="agreement_register_xlsx"),
    path("agreements/<int:agreement_id>/register.pdf", views.agreement_register_pdf,
         name="agreement_register_pdf"),
    path("agreements/<int:agreement_id>/quote.pdf", quote.agreement_quote_pdf,
         name="agreement_quote_pdf"),
]

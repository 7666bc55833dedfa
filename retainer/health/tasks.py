"""Background work of client health, through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from retainer.accounts.models import Agency
from retainer.health.services import health_refresh_months


@task()
def health_refresh_task(agency_id: int) -> None:
    """The agency's health for the current month computed again (after a policy change, new
    history, or on demand)."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is not None:
        health_refresh_months(agency=agency, months=1)

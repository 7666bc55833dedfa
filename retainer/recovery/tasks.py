"""Background work of unhappy clients, through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from retainer.accounts.models import Agency
from retainer.recovery.services import dissatisfaction_refresh


@task()
def dissatisfaction_refresh_task(agency_id: int) -> None:
    """Every client of the agency assessed again (after a policy change, or on demand)."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is not None:
        dissatisfaction_refresh(agency=agency)


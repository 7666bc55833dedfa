"""Background work of unhappy clients, through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from retainer.accounts.models import Agency
from retainer.clients.models import Client
from retainer.recovery.services import dissatisfaction_assess, dissatisfaction_refresh


@task()
def dissatisfaction_refresh_task(agency_id: int) -> None:
    """Every client of the agency assessed again (after a policy change, or on demand)."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is not None:
        dissatisfaction_refresh(agency=agency)


@task()
def client_dissatisfaction_task(client_id: int) -> None:
    """The client assessed again after a message from them: it may be what made them
    unhappy, and the unhappy clients' list and the needs-attention page read the stored
    assessment."""
    client = Client.objects.select_related("agency").filter(pk=client_id).first()
    if client is not None:  # deleted while the task waited
        dissatisfaction_assess(client=client)

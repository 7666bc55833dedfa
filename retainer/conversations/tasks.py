"""Background work of the interaction log, through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from retainer.accounts.models import Agency
from retainer.clients.models import Client
from retainer.conversations.clocks import reply_clocks_rebuild, reply_clocks_recompute
from retainer.conversations.triage import interactions_triage


@task()
def conversation_refresh(client_id: int) -> None:
    client = Client.objects.select_related("agency").filter(pk=client_id).first()
    if client is None:  # deleted while the task waited
        return
    interactions_triage(client=client)
    reply_clocks_rebuild(client=client)


@task()
def reply_clocks_refresh(agency_id: int) -> None:
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is not None:
        reply_clocks_recompute(agency=agency)

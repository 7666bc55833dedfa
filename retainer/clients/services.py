"""Writes for clients and contacts. Callers pass data a form has already validated."""

from __future__ import annotations

from django.db import transaction

from retainer.accounts.models import Agency
from retainer.clients.models import Client, Contact


@transaction.atomic
def client_create(*, agency: Agency, data: dict) -> Client:
    return Client.objects.create(agency=agency, **data)


@transaction.atomic
def contact_create(*, client: Client, data: dict) -> Contact:
    return Contact.objects.create(agency_id=client.agency_id, client=client, **data)


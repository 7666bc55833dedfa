from __future__ import annotations

from django.db import transaction

from retainer.clients.models import Client
from retainer.conversations.models import Interaction


@transaction.atomic
def interaction_create(*, client: Client, data: dict, source: str = "manual") -> Interaction:
    return Interaction.objects.create(
        agency_id=client.agency_id, client=client, source=source, **data
    )

from __future__ import annotations

from django.db.models import QuerySet

from retainer.accounts.models import Agency
from retainer.conversations.models import Interaction
from retainer.core.tenancy import get_for_agency_or_404


def interaction_list(*, agency: Agency, client_id: int | None = None) -> QuerySet[Interaction]:
    """Newest first; the (client, occurred_at, id) index serves one client's log."""
    interactions = Interaction.objects.for_agency(agency)
    if client_id is not None:
        interactions = interactions.filter(client_id=client_id)
    return interactions.order_by("-occurred_at", "-id")


def interaction_log(*, agency: Agency, client_id: int) -> QuerySet[Interaction]:
    """One client's log as the page shows it: with the names of who wrote, and only the
    columns the page prints."""
    return (
        interaction_list(agency=agency, client_id=client_id)
        .select_related("author", "contact")
        .only(
            "id", "client_id", "channel", "direction", "occurred_at", "text", "thread",
            "author__full_name", "author__email", "contact__name",
        )
    )


def interaction_get(*, agency: Agency, interaction_id: object) -> Interaction:
    return get_for_agency_or_404(
        Interaction.objects.select_related("client", "author", "contact"), agency, interaction_id
    )

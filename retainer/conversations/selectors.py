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


LOG_COLUMNS = ("id", "channel", "direction", "occurred_at", "text", "thread", "author_id",
               "contact_id", "author__full_name", "author__email", "contact__name")


def interaction_log(*, agency: Agency, client_id: int) -> QuerySet:
    """One client's log as the page shows it: plain rows of the columns the page prints,
    with the names of who wrote (the log is the longest list a page shows, and rows cost
    far less than model instances)."""
    return interaction_list(agency=agency, client_id=client_id).values(*LOG_COLUMNS)


def interaction_get(*, agency: Agency, interaction_id: object) -> Interaction:
    return get_for_agency_or_404(
        Interaction.objects.select_related("client", "author", "contact"), agency, interaction_id
    )

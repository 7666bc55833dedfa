from __future__ import annotations

from django.db.models import QuerySet

from retainer.accounts.models import Agency
from retainer.clients.models import Client
from retainer.core.tenancy import get_for_agency_or_404
from retainer.imports.models import ImportRun


def import_list(*, agency: Agency, client_id: int | None = None) -> QuerySet[ImportRun]:
    """Newest first, with who started each."""
    runs = ImportRun.objects.for_agency(agency).select_related("created_by")
    if client_id is not None:
        runs = runs.filter(client_id=client_id)
    return runs.order_by("-created_at", "-id")


def import_get(*, agency: Agency, import_id: object) -> ImportRun:
    return get_for_agency_or_404(
        ImportRun.objects.select_related("client__agency", "created_by"), agency, import_id
    )


def client_for_operator(client_id: int) -> Client:
    """The client a command imports into, by its id alone: ids are unique across agencies,
    and the operator at the console acts for whichever agency owns it."""
    return Client.objects.select_related("agency").get(pk=client_id)

from __future__ import annotations

from django.db.models import QuerySet

from retainer.accounts.models import Agency
from retainer.clients.models import Client, Contact
from retainer.core.prepared import PreparedValues
from retainer.core.tenancy import get_for_agency_or_404


def client_list(
    *, agency: Agency, q: str = "", stage: str = "", manager: int | None = None
) -> QuerySet[Client]:
    clients = Client.objects.for_agency(agency).select_related("account_manager")
    if q:
        clients = clients.filter(name_folded__contains=q.strip().casefold())
    if stage:
        clients = clients.filter(stage=stage)
    if manager:
        clients = clients.filter(account_manager_id=manager)
    return clients.order_by("name_folded", "id")


def client_get(*, agency: Agency, client_id: object) -> Client:
    return get_for_agency_or_404(
        Client.objects.select_related("account_manager"), agency, client_id
    )


def contact_list(*, agency: Agency, client_id: int | None = None) -> QuerySet[Contact]:
    contacts = Contact.objects.for_agency(agency)
    if client_id is not None:
        contacts = contacts.filter(client_id=client_id)
    return contacts.order_by("client_id", "-is_decision_maker", "name", "id")


CONTACT_CARD_COLUMNS = ("id", "name", "position", "motivation", "email", "phone", "telegram",
                        "is_decision_maker")
_CONTACT_CARDS = PreparedValues("contact_cards", Contact)


def contact_cards(*, agency: Agency, client_id: int) -> list[dict]:
    """A client's contacts as the client page shows them, as plain rows (through SQL
    compiled once per process: every view of a client page reads them)."""
    return _CONTACT_CARDS.rows((), (agency.pk, client_id), lambda: contact_list(
        agency=agency, client_id=client_id).values(*CONTACT_CARD_COLUMNS))


def contact_get(*, agency: Agency, contact_id: object) -> Contact:
    return get_for_agency_or_404(Contact.objects.select_related("client"), agency, contact_id)

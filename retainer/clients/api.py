
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.forms import ClientForm, ContactForm
from retainer.clients.schemas import (
    ClientIn,
    ClientOut,
    ClientPatch,
    ContactIn,
    ContactOut,
    ContactPatch,
)
from retainer.clients.selectors import client_get, client_list, contact_get, contact_list
from retainer.clients.services import client_create, contact_create
from retainer.core.api import ERRORS, Id, Pagination, patched, validated
from retainer.core.permissions import authorize
from retainer.core.services import model_update

clients_router = Router(tags=["clients"])
contacts_router = Router(tags=["contacts"])


class ClientFilter(Schema):
    q: str = ""
    stage: str = ""
    manager: Id | None = None


@clients_router.get("", response={200: list[ClientOut], **ERRORS})
@paginate(Pagination)
def list_clients(request: HttpRequest, filters: Query[ClientFilter]):
    authorize(request, Perm.VIEW)
    return client_list(agency=request.agency, **filters.dict())


@clients_router.get("/{client_id}", response={200: ClientOut, **ERRORS})
def get_client(request: HttpRequest, client_id: int):
    authorize(request, Perm.VIEW)
    return client_get(agency=request.agency, client_id=client_id)


@clients_router.post("", response={201: ClientOut, **ERRORS})
def create_client(request: HttpRequest, payload: ClientIn):
    authorize(request, Perm.EDIT_CLIENTS)
    form = validated(ClientForm, payload.dict(), agency=request.agency)
    return Status(201, client_create(agency=request.agency, data=form.cleaned_data))


@clients_router.patch("/{client_id}", response={200: ClientOut, **ERRORS})
def update_client(request: HttpRequest, client_id: int, payload: ClientPatch):
    authorize(request, Perm.EDIT_CLIENTS)
    client = client_get(agency=request.agency, client_id=client_id)
    changes = payload.dict(exclude_unset=True)
    if "stage" in changes:
        raise ValidationError({"stage": _(
            "The stage changes with a reason, through the client's lifecycle "
            "(POST /api/lifecycle/clients/{id}/stage), so that its history is kept.")})
    form = patched(client, ClientForm, changes, agency=request.agency)
    return model_update(instance=client, data=form.cleaned_data)


class ContactFilter(Schema):
    client: Id | None = None


@contacts_router.get("", response={200: list[ContactOut], **ERRORS})
@paginate(Pagination)
def list_contacts(request: HttpRequest, filters: Query[ContactFilter]):
    authorize(request, Perm.VIEW)
    return contact_list(agency=request.agency, client_id=filters.client)


@contacts_router.get("/{contact_id}", response={200: ContactOut, **ERRORS})
def get_contact(request: HttpRequest, contact_id: int):
    authorize(request, Perm.VIEW)
    return contact_get(agency=request.agency, contact_id=contact_id)


@contacts_router.post("", response={201: ContactOut, **ERRORS})
def create_contact(request: HttpRequest, payload: ContactIn):
    authorize(request, Perm.EDIT_CLIENTS)
    data = payload.dict()
    client = client_get(agency=request.agency, client_id=data.pop("client"))
    form = validated(ContactForm, data)
    return Status(201, contact_create(client=client, data=form.cleaned_data))


@contacts_router.patch("/{contact_id}", response={200: ContactOut, **ERRORS})
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch):
    authorize(request, Perm.EDIT_CLIENTS)
    contact = contact_get(agency=request.agency, contact_id=contact_id)
    form = patched(contact, ContactForm, payload.dict(exclude_unset=True))
    return model_update(instance=contact, data=form.cleaned_data)

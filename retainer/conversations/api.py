
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.conversations.forms import InteractionForm
from retainer.conversations.schemas import InteractionIn, InteractionOut, InteractionPatch
from retainer.conversations.selectors import interaction_get, interaction_list
from retainer.conversations.services import interaction_create
from retainer.core.api import ERRORS, Id, Pagination, patched, validated
from retainer.core.permissions import authorize
from retainer.core.services import model_update

interactions_router = Router(tags=["interactions"])


class InteractionFilter(Schema):
    client: Id | None = None


@interactions_router.get("", response={200: list[InteractionOut], **ERRORS})
@paginate(Pagination)
def list_interactions(request: HttpRequest, filters: Query[InteractionFilter]):
    authorize(request, Perm.VIEW)
    return interaction_list(agency=request.agency, client_id=filters.client)


@interactions_router.get("/{interaction_id}", response={200: InteractionOut, **ERRORS})
def get_interaction(request: HttpRequest, interaction_id: int):
    authorize(request, Perm.VIEW)
    return interaction_get(agency=request.agency, interaction_id=interaction_id)


@interactions_router.post("", response={201: InteractionOut, **ERRORS})
def create_interaction(request: HttpRequest, payload: InteractionIn):
    authorize(request, Perm.LOG_INTERACTIONS)
    data = payload.dict()
    client = client_get(agency=request.agency, client_id=data.pop("client"))
    form = validated(InteractionForm, data, client=client)
    return Status(201, interaction_create(client=client, data=form.cleaned_data, source="api"))


@interactions_router.patch("/{interaction_id}", response={200: InteractionOut, **ERRORS})
def update_interaction(request: HttpRequest, interaction_id: int, payload: InteractionPatch):
    authorize(request, Perm.LOG_INTERACTIONS)
    interaction = interaction_get(agency=request.agency, interaction_id=interaction_id)
    form = patched(
        interaction, InteractionForm, payload.dict(exclude_unset=True), client=interaction.client
    )
    return model_update(instance=interaction, data=form.cleaned_data)

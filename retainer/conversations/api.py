
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.conversations.forms import InteractionForm
from retainer.conversations.models import Thread
from retainer.conversations.schemas import (
    InteractionIn,
    InteractionOut,
    InteractionPatch,
    ThreadIn,
    ThreadOut,
    WaitingOut,
)
from retainer.conversations.selectors import (
    interaction_get,
    interaction_list,
    waiting_items,
    waiting_list,
)
from retainer.conversations.services import (
    interaction_create,
    interaction_update,
    thread_resume,
    thread_wait,
)
from retainer.core.api import ERRORS, Id, LazyItems, Pagination, patched, validated
from retainer.core.calendar import business_calendar
from retainer.core.permissions import authorize
from retainer.policy.services import policy_current

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
    return interaction_update(interaction=interaction, data=form.cleaned_data)


waiting_router = Router(tags=["waiting"])


class WaitingFilter(Schema):
    manager: Id | None = None
    client: Id | None = None


@waiting_router.get("", response={200: list[WaitingOut], **ERRORS})
@paginate(Pagination)
def list_waiting(request: HttpRequest, filters: Query[WaitingFilter]):
    """Client messages still waiting for our reply, soonest due first, with the clock's state."""
    authorize(request, Perm.VIEW)
    rows = waiting_list(agency=request.agency, manager_id=filters.manager, client_id=filters.client)
    return LazyItems(rows, lambda page: [_waiting_out(item) for item in waiting_items(
        page, calendar=business_calendar(request.agency),
        policy=policy_current(agency=request.agency), now=timezone.now())])


def _waiting_out(item) -> dict:
    row = item.row
    return {
        "interaction_id": row["id"], "client_id": row["client_id"],
        "client_name": row["client__name"], "contact_name": row["contact__name"],
        "sender_name": row["sender_name"], "channel": row["channel"],
        "occurred_at": row["occurred_at"], "text": row["text"], "thread": row["thread"],
        "flags": row["flags"].split(), "negativity": row["negativity"],
        "reply_due_at": row["reply_due_at"], "state": item.state,
        "business_seconds_left": None if item.left is None else int(item.left.total_seconds()),
    }


threads_router = Router(tags=["threads"])


@threads_router.post("/wait", response={200: ThreadOut, **ERRORS})
def wait_for_client(request: HttpRequest, payload: ThreadIn):
    """Mark a thread as waiting for the client: its open reply clocks stand still."""
    authorize(request, Perm.LOG_INTERACTIONS)
    client = client_get(agency=request.agency, client_id=payload.client)
    return thread_wait(client=client, key=payload.thread)


@threads_router.post("/resume", response={200: ThreadOut, **ERRORS})
def stop_waiting_for_client(request: HttpRequest, payload: ThreadIn):
    """Stop waiting: the thread's reply clocks run again, the paused time added."""
    authorize(request, Perm.LOG_INTERACTIONS)
    client = client_get(agency=request.agency, client_id=payload.client)
    return thread_resume(client=client, key=payload.thread) or Thread(client=client, key=payload.thread)

"""The lifecycle over the API: the same selectors, forms and services as the pages."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.api import ERRORS, Id, LazyItems, Pagination, validated
from retainer.core.permissions import authorize
from retainer.lifecycle.forms import AcceptForm, StageSetForm
from retainer.lifecycle.models import StageSuggestion
from retainer.lifecycle.schemas import (
    ClientLifecycleOut,
    KeepInTouchOut,
    StageChangeOut,
    StageSetIn,
    StageSuggestionOut,
    SuggestionAcceptIn,
)
from retainer.lifecycle.selectors import (
    client_lifecycle,
    keep_in_touch_due,
    suggestion_get,
    suggestion_list,
)
from retainer.lifecycle.services import stage_set, suggestion_accept, suggestion_reject
from retainer.rules import lifecycle as rules

lifecycle_router = Router(tags=["lifecycle"])


class ManagerFilter(Schema):
    manager: Id | None = None


def _suggestion(suggestion: StageSuggestion) -> dict:
    return StageSuggestionOut(
        id=suggestion.pk, client_id=suggestion.client_id, from_stage=suggestion.from_stage,
        stage=suggestion.stage, trust=rules.trust(suggestion.stage),
        reason_code=suggestion.reason_code,
        reason_params={k: str(v) for k, v in suggestion.reason_params.items()},
        reason=suggestion.reason_text, event_on=suggestion.event_on,
        policy_version=suggestion.policy_version, suggested_at=suggestion.suggested_at,
        decided_at=suggestion.decided_at, decided_by_id=suggestion.decided_by_id,
        accepted=suggestion.accepted,
    ).dict()


@lifecycle_router.get("/clients/{client_id}", response={200: ClientLifecycleOut, **ERRORS})
def get_client_lifecycle(request: HttpRequest, client_id: int):
    """The client's stage and trust, the pending suggestion with its reason, the stage
    history and, for a past client, the next keep-in-touch."""
    authorize(request, Perm.VIEW)
    client = client_get(agency=request.agency, client_id=client_id)
    life = client_lifecycle(client=client, today=timezone.localdate())
    return {
        "client_id": client.pk, "stage": client.stage, "trust": life.trust, "since": life.since,
        "pending": _suggestion(life.pending) if life.pending else None,
        "history": life.changes, "last_contact_on": life.last_contact_on,
        "contact_due_on": life.contact_due_on,
    }


@lifecycle_router.post("/clients/{client_id}/stage", response={201: StageChangeOut, **ERRORS})
def set_client_stage(request: HttpRequest, client_id: int, payload: StageSetIn):
    """Move the client to a stage by hand, saying why; a pending suggestion is withdrawn."""
    authorize(request, Perm.EDIT_CLIENTS)
    client = client_get(agency=request.agency, client_id=client_id)
    data = validated(StageSetForm, payload.dict()).cleaned_data
    return Status(201, stage_set(client=client, stage=data["stage"], user=request.user,
                                 reason=data["reason"], effective_on=data["effective_on"]))


@lifecycle_router.get("/suggestions", response={200: list[StageSuggestionOut], **ERRORS})
@paginate(Pagination)
def list_stage_suggestions(request: HttpRequest, filters: Query[ManagerFilter]):
    """Pending suggestions, the oldest first; `manager` the clients' account manager."""
    authorize(request, Perm.VIEW)
    return LazyItems(suggestion_list(agency=request.agency, manager_id=filters.manager),
                     lambda rows: [_suggestion(row) for row in rows])


@lifecycle_router.post("/suggestions/{suggestion_id}/accept",
                       response={201: StageChangeOut, **ERRORS})
def accept_stage_suggestion(request: HttpRequest, suggestion_id: int,
                            payload: SuggestionAcceptIn):
    """Move the client to the suggested stage since the day of its event."""
    authorize(request, Perm.EDIT_CLIENTS)
    suggestion = suggestion_get(agency=request.agency, suggestion_id=suggestion_id)
    data = validated(AcceptForm, payload.dict()).cleaned_data
    return Status(201, suggestion_accept(suggestion=suggestion, user=request.user,
                                         note=data["note"]))


@lifecycle_router.post("/suggestions/{suggestion_id}/reject",
                       response={200: StageSuggestionOut, **ERRORS})
def reject_stage_suggestion(request: HttpRequest, suggestion_id: int):
    """Keep the stage: the same event is not suggested again, a newer one is."""
    authorize(request, Perm.EDIT_CLIENTS)
    suggestion = suggestion_get(agency=request.agency, suggestion_id=suggestion_id)
    return _suggestion(suggestion_reject(suggestion=suggestion, user=request.user))


@lifecycle_router.get("/keep-in-touch", response={200: list[KeepInTouchOut], **ERRORS})
@paginate(Pagination)
def list_keep_in_touch(request: HttpRequest, filters: Query[ManagerFilter]):
    """Past clients due a reminder of us today or overdue, the longest waiting first."""
    authorize(request, Perm.VIEW)
    rows = keep_in_touch_due(agency=request.agency, manager_id=filters.manager,
                             today=timezone.localdate())
    return LazyItems(rows, lambda clients: [
        {"client_id": c.pk, "name": c.name, "stage": c.stage,
         "account_manager_id": c.account_manager_id, "last_contact_on": c.last_contact_on,
         "contact_due_on": c.contact_due_on} for c in clients])

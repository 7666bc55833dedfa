"""Statuses and retrospectives over the API: the same services and forms as the pages."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.api import ERRORS, Id, Pagination, patched, validated
from retainer.core.permissions import authorize
from retainer.touchpoints.forms import TouchpointEditForm, TouchpointForm
from retainer.touchpoints.schemas import (
    MissedRetrospectiveOut,
    MissedStatusOut,
    TouchpointIn,
    TouchpointOut,
    TouchpointPatch,
)
from retainer.touchpoints.selectors import touchpoint_get, touchpoint_list, touchpoints_missed
from retainer.touchpoints.services import touchpoint_record, touchpoint_update

touchpoints_router = Router(tags=["statuses and retrospectives"])


class TouchpointFilter(Schema):
    client: Id | None = None
    kind: str = ""
    manager: Id | None = None


class MissedFilter(Schema):
    manager: Id | None = None


@touchpoints_router.get("", response={200: list[TouchpointOut], **ERRORS})
@paginate(Pagination)
def list_touchpoints(request: HttpRequest, filters: Query[TouchpointFilter]):
    """The latest first. `kind` is status or retrospective; `manager` keeps the clients that
    member manages."""
    authorize(request, Perm.VIEW)
    return touchpoint_list(agency=request.agency, kind=filters.kind,
                           manager_id=filters.manager, client_id=filters.client)


@touchpoints_router.get("/missed/statuses", response={200: list[MissedStatusOut], **ERRORS})
@paginate(Pagination)
def list_missed_statuses(request: HttpRequest, filters: Query[MissedFilter]):
    """Clients with an active agreement whose status is overdue today: the last status (or
    the agreement's start) is older than the client's cadence. The longest overdue first."""
    authorize(request, Perm.VIEW)
    return touchpoints_missed(agency=request.agency, manager_id=filters.manager,
                              today=timezone.localdate()).statuses


@touchpoints_router.get("/missed/retrospectives",
                        response={200: list[MissedRetrospectiveOut], **ERRORS})
@paginate(Pagination)
def list_missed_retrospectives(request: HttpRequest, filters: Query[MissedFilter]):
    """Approved milestones without a retrospective, the oldest first."""
    authorize(request, Perm.VIEW)
    return touchpoints_missed(agency=request.agency, manager_id=filters.manager,
                              today=timezone.localdate()).retrospectives


@touchpoints_router.get("/{touchpoint_id}", response={200: TouchpointOut, **ERRORS})
def get_touchpoint(request: HttpRequest, touchpoint_id: int):
    authorize(request, Perm.VIEW)
    return touchpoint_get(agency=request.agency, touchpoint_id=touchpoint_id)


@touchpoints_router.post("", response={201: TouchpointOut, **ERRORS})
def create_touchpoint(request: HttpRequest, payload: TouchpointIn):
    """Record a status, or a retrospective of an approved milestone (one per milestone)."""
    authorize(request, Perm.LOG_INTERACTIONS)
    data = payload.dict()
    client = client_get(agency=request.agency, client_id=data.pop("client"))
    form = validated(TouchpointForm, data, client=client)
    return Status(201, touchpoint_record(client=client, data=form.cleaned_data,
                                         user=request.user))


@touchpoints_router.patch("/{touchpoint_id}", response={200: TouchpointOut, **ERRORS})
def update_touchpoint(request: HttpRequest, touchpoint_id: int, payload: TouchpointPatch):
    """Change what was recorded — the feedback that arrived later, the notes, the day. The
    kind and the milestone stay."""
    authorize(request, Perm.LOG_INTERACTIONS)
    touchpoint = touchpoint_get(agency=request.agency, touchpoint_id=touchpoint_id)
    form = patched(touchpoint, TouchpointEditForm, payload.dict(exclude_unset=True))
    return touchpoint_update(touchpoint=touchpoint, data=form.cleaned_data, user=request.user)

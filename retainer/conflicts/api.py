"""Conflict cases over the API: the same services and forms as the pages."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.conflicts.forms import CaseForm, CloseForm, HandoverForm, StepForm
from retainer.conflicts.models import ConflictCase
from retainer.conflicts.schemas import (
    ConflictCaseDetailOut,
    ConflictCaseIn,
    ConflictCaseOut,
    ConflictCloseIn,
    ConflictHandoverIn,
    ConflictHandoverOut,
    ConflictStepIn,
    ConflictStepOut,
)
from retainer.conflicts.selectors import (
    case_get,
    case_handovers,
    case_list,
    case_steps,
    case_suggestions,
)
from retainer.conflicts.services import case_close, case_hand_over, case_open, case_step_record
from retainer.conversations.selectors import interaction_get
from retainer.core.api import ERRORS, Id, Pagination, validated
from retainer.core.permissions import authorize

conflicts_router = Router(tags=["conflict cases"])


class ConflictCaseFilter(Schema):
    client: Id | None = None
    state: str = ""
    manager: Id | None = None


@conflicts_router.get("", response={200: list[ConflictCaseOut], **ERRORS})
@paginate(Pagination)
def list_conflict_cases(request: HttpRequest, filters: Query[ConflictCaseFilter]):
    """Open cases first, the oldest on top; then closed ones, the latest closed first.
    `state` is open or closed; `manager` the member carrying the case."""
    authorize(request, Perm.VIEW)
    return case_list(agency=request.agency, state=filters.state, manager_id=filters.manager,
                     client_id=filters.client)


def _detail(case: ConflictCase) -> dict:
    return ConflictCaseOut.from_orm(case).dict() | {
        "steps": case_steps(case),
        "handovers": case_handovers(case),
        "suggestions": [{"id": s.id, "figures": dict(s.reason.figures),
                         "policy_version": s.policy_version, "due": s.due}
                        for s in case_suggestions(case)],
    }


@conflicts_router.get("/{conflict_id}", response={200: ConflictCaseDetailOut, **ERRORS})
def get_conflict_case(request: HttpRequest, conflict_id: int):
    """The case with its steps, hand-overs and the suggestions for now, each with the rule
    and the figures behind it."""
    authorize(request, Perm.VIEW)
    return _detail(case_get(agency=request.agency, conflict_id=conflict_id))


@conflicts_router.post("", response={201: ConflictCaseOut, **ERRORS})
def create_conflict_case(request: HttpRequest, payload: ConflictCaseIn):
    authorize(request, Perm.LOG_INTERACTIONS)
    data = payload.dict()
    client = client_get(agency=request.agency, client_id=data.pop("client"))
    source = data.pop("source")
    if source is not None:
        source = interaction_get(agency=request.agency, interaction_id=source)
    form = validated(CaseForm, data)
    return Status(201, case_open(client=client, data=form.cleaned_data, user=request.user,
                                 source=source))


@conflicts_router.post("/{conflict_id}/steps", response={201: ConflictStepOut, **ERRORS})
def record_conflict_step(request: HttpRequest, conflict_id: int, payload: ConflictStepIn):
    """Record the next step. The last one, solving the problem, closes the case with the
    note as its solution."""
    authorize(request, Perm.DECIDE)
    case = case_get(agency=request.agency, conflict_id=conflict_id)
    data = validated(StepForm, payload.dict()).cleaned_data
    return Status(201, case_step_record(case=case, note=data["note"], step=data["step"],
                                        at=data["at"], user=request.user))


@conflicts_router.post("/{conflict_id}/handover",
                       response={201: ConflictHandoverOut, **ERRORS})
def hand_over_conflict_case(request: HttpRequest, conflict_id: int,
                            payload: ConflictHandoverIn):
    authorize(request, Perm.DECIDE)
    case = case_get(agency=request.agency, conflict_id=conflict_id)
    data = validated(HandoverForm, payload.dict(), agency=request.agency).cleaned_data
    return Status(201, case_hand_over(case=case, to_manager=data["to_manager"],
                                      reason=data["reason"], user=request.user))


@conflicts_router.post("/{conflict_id}/close", response={200: ConflictCaseOut, **ERRORS})
def close_conflict_case(request: HttpRequest, conflict_id: int, payload: ConflictCloseIn):
    """Solve the problem: records the last step with the solution and closes the case. A
    case is closed only with its solution, after the three steps before it."""
    authorize(request, Perm.DECIDE)
    case = case_get(agency=request.agency, conflict_id=conflict_id)
    data = validated(CloseForm, payload.dict()).cleaned_data
    return case_close(case=case, solution=data["solution"], at=data["at"], user=request.user)

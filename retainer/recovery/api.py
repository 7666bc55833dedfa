"""Unhappy clients over the API: the list by group, a client's dissatisfaction and its
assessment, the recovery plan and its steps, and the apology letter."""

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.api import ERRORS, ErrorOut, Pagination, patched
from retainer.core.pdf import PdfUnavailable, pdf_response, render_pdf
from retainer.core.permissions import authorize
from retainer.recovery.forms import StepForm
from retainer.recovery.letter import letter_context, letter_filename, letter_html, letter_plan
from retainer.recovery.schemas import (
    DissatisfactionOut,
    PlanIn,
    PlanOut,
    StepOut,
    StepPatch,
    UnhappyOut,
)
from retainer.recovery.selectors import assessment_of, current_plan, step_get, unhappy_list
from retainer.recovery.services import dissatisfaction_assess, plan_create, step_update

recovery_router = Router(tags=["unhappy clients"])


class UnhappyFilter(Schema):
    group: str = ""


@recovery_router.get("", response={200: list[UnhappyOut], **ERRORS})
@paginate(Pagination)
def list_unhappy_clients(request: HttpRequest, filters: Query[UnhappyFilter]):
    """Clients in group A, B or C as last assessed, the worst first."""
    authorize(request, Perm.VIEW)
    return unhappy_list(agency=request.agency, group=filters.group)


@recovery_router.get("/{client_id}", response={200: DissatisfactionOut, **ERRORS})
def get_dissatisfaction(request: HttpRequest, client_id: int):
    """The client's latest assessment; 404 until the client is assessed."""
    authorize(request, Perm.VIEW)
    assessment = assessment_of(client_get(agency=request.agency, client_id=client_id))
    if assessment is None:
        raise Http404("The client is not assessed yet.")
    return assessment


@recovery_router.post("/{client_id}/assess", response={200: DissatisfactionOut, **ERRORS})
def assess_dissatisfaction(request: HttpRequest, client_id: int):
    """Assess the client afresh from their messages, silence and held payments."""
    authorize(request, Perm.DECIDE)
    client = client_get(agency=request.agency, client_id=client_id)
    return dissatisfaction_assess(client=client, user=request.user)


@recovery_router.get("/{client_id}/plan", response={200: PlanOut, **ERRORS})
def get_recovery_plan(request: HttpRequest, client_id: int):
    """The plan in progress, or the latest one done; 404 when the client has none."""
    authorize(request, Perm.VIEW)
    plan = current_plan(client_get(agency=request.agency, client_id=client_id))
    if plan is None:
        raise Http404("The client has no recovery plan.")
    return plan


@recovery_router.post("/{client_id}/plan", response={201: PlanOut, **ERRORS})
def create_recovery_plan(request: HttpRequest, client_id: int, payload: PlanIn):
    """A plan from a fresh assessment, replacing the one in progress; 422 while the client
    shows no dissatisfaction."""
    authorize(request, Perm.DECIDE)
    client = client_get(agency=request.agency, client_id=client_id)
    plan = plan_create(client=client, user=request.user, faulty_work_min=payload.faulty_work_min,
                       our_fault=payload.our_fault)
    return Status(201, current_plan(plan.client))


@recovery_router.patch("/steps/{step_id}", response={200: StepOut, **ERRORS})
def update_recovery_step(request: HttpRequest, step_id: int, payload: StepPatch):
    """Tick a step done (or not), or change its owner, due date, cost or note."""
    authorize(request, Perm.DECIDE)
    step = step_get(agency=request.agency, step_id=step_id)
    changes = payload.dict(exclude_unset=True)
    data = {"done": changes.pop("done")} if changes.get("done") is not None else {}
    changes.pop("done", None)
    if changes:
        form = patched(step, StepForm, changes, agency=request.agency)
        data |= {name: form.cleaned_data[name] for name in changes}
    return step_update(step=step, data=data, user=request.user)


@recovery_router.get("/{client_id}/letter", response={503: ErrorOut, **ERRORS})
def get_apology_letter(request: HttpRequest, client_id: int):
    """The apology letter of the client's current plan as a PDF (application/pdf); 404 when
    the plan has no apology step."""
    authorize(request, Perm.VIEW)
    client = client_get(agency=request.agency, client_id=client_id)
    plan, step = letter_plan(client)
    html = letter_html(letter_context(agency=request.agency, client=client, plan=plan,
                                      step=step))
    try:
        body = render_pdf(html)
    except PdfUnavailable as error:
        return Status(503, {"detail": str(error)})
    return pdf_response(body, letter_filename(client), attachment=False)

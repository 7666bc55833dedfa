from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.conflicts.forms import CaseForm, CloseForm, HandoverForm, StepForm
from retainer.conflicts.models import STEPS, Step
from retainer.conflicts.reasons import explain
from retainer.conflicts.selectors import (
    CLOSED,
    OPEN,
    case_get,
    case_handovers,
    case_list,
    case_steps,
    case_suggestions,
)
from retainer.conflicts.services import (
    case_close,
    case_hand_over,
    case_open,
    case_step_record,
    case_update,
)
from retainer.conversations.selectors import interaction_get
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.core.views import flash_error, flash_form_errors

STATES = {OPEN: gettext_lazy("open"), CLOSED: gettext_lazy("closed")}
PANEL_LIMIT = 10


def _detail(case):
    return reverse("conflict_detail", kwargs={"conflict_id": case.pk})


@require(Perm.VIEW)
def conflict_index(request):
    mine = request.GET.get("who") == "mine"
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    client = None
    if request.GET.get("client"):
        client = client_get(agency=request.agency, client_id=request.GET["client"])
    page = paginate(request, case_list(
        agency=request.agency, state=state, manager_id=request.user.pk if mine else None,
        client_id=client.pk if client else None))
    return render(request, "conflicts/case_list.html", {
        "page": page, "mine": mine, "state": state, "states": STATES, "client": client,
        "query": query_without_page(request), "steps_total": len(STEPS),
    })


@require(Perm.LOG_INTERACTIONS)
def conflict_new(request, client_id):
    """A case by hand, or from a message of the log (`?from=<interaction id>`): the message
    stays linked and is shown beside the form, but its words are not copied into the
    summary — the team gets the substance, not the emotion."""
    client = client_get(agency=request.agency, client_id=client_id)
    source = None
    source_id = request.GET.get("from")  # the form posts back to the same address
    initial = {}
    if source_id:
        source = interaction_get(agency=request.agency, interaction_id=source_id)
        if source.client_id != client.pk:
            source = None
        else:
            first_line = source.text.strip().splitlines()[0] if source.text.strip() else ""
            initial["title"] = (source.subject or first_line)[:200]
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        case = case_open(client=client, data=form.cleaned_data, user=request.user,
                         source=source)
        messages.success(request, _("Conflict case opened."))
        return redirect(_detail(case))
    return render(request, "conflicts/case_form.html", {
        "form": form, "client": client, "source": source, "title": _("New conflict case"),
    })


@require(Perm.DECIDE)
def conflict_edit(request, conflict_id):
    case = case_get(agency=request.agency, conflict_id=conflict_id)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            case_update(case=case, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Conflict case saved."))
            return redirect(_detail(case))
    return render(request, "conflicts/case_form.html", {
        "form": form, "client": case.client, "case": case, "source": case.source,
        "title": case.title,
    })


@require(Perm.VIEW)
def conflict_detail(request, conflict_id):
    """The case: its steps with their moments and notes, the next step to record, the
    suggestions with their reasons, hand-overs, and closing with the solution."""
    case = case_get(agency=request.agency, conflict_id=conflict_id)
    recorded = {step.step: step for step in case_steps(case)}
    context = {
        "case": case, "client": case.client,
        "steps": [(index, label, recorded.get(code), code == case.next_step)
                  for index, (code, label) in enumerate(Step.choices, start=1)],
        "steps_total": len(STEPS),
        "handovers": case_handovers(case),
        "suggestions": [explain(suggestion) for suggestion in case_suggestions(case)],
    }
    if case.is_open:
        context |= {
            "step_form": StepForm(initial={"step": case.next_step}),
            "close_form": CloseForm(),
            "handover_form": HandoverForm(agency=request.agency, current_id=case.manager_id),
        }
    return render(request, "conflicts/case_detail.html", context)


@require(Perm.VIEW)
def client_conflicts(request, client_id):
    """The client page's panel of open conflict cases, loaded by htmx."""
    client = client_get(agency=request.agency, client_id=client_id)
    cases = case_list(agency=request.agency, state=OPEN, client_id=client.pk)
    return render(request, "conflicts/partials/client_conflicts.html", {
        "client": client, "cases": list(cases[:PANEL_LIMIT]), "count": cases.count(),
        "steps_total": len(STEPS),
    })


def _act(request, form, action, done: str):
    """Run `action(cleaned_data)` for a valid form, telling the user what happened."""
    if not form.is_valid():
        flash_form_errors(request, form)
        return
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, done)


@require_POST
@require(Perm.DECIDE)
def conflict_step(request, conflict_id):
    case = case_get(agency=request.agency, conflict_id=conflict_id)
    _act(request, StepForm(request.POST), lambda data: case_step_record(
        case=case, note=data["note"], step=data["step"], at=data["at"], user=request.user),
        _("Step recorded."))
    return redirect(_detail(case))


@require_POST
@require(Perm.DECIDE)
def conflict_close(request, conflict_id):
    case = case_get(agency=request.agency, conflict_id=conflict_id)
    _act(request, CloseForm(request.POST), lambda data: case_close(
        case=case, solution=data["solution"], at=data["at"], user=request.user),
        _("The problem is solved and the case closed."))
    return redirect(_detail(case))


@require_POST
@require(Perm.DECIDE)
def conflict_handover(request, conflict_id):
    case = case_get(agency=request.agency, conflict_id=conflict_id)
    _act(request, HandoverForm(request.POST, agency=request.agency),
         lambda data: case_hand_over(case=case, to_manager=data["to_manager"],
                                     reason=data["reason"], user=request.user),
         _("The case is handed over."))
    return redirect(_detail(case))

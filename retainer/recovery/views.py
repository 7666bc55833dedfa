from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.htmx import is_fragment
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.core.templatetags.retainer import span
from retainer.recovery.forms import HoldForm, PlanForm, StepForm
from retainer.recovery.models import Group, Signal
from retainer.recovery.reasons import explain_all
from retainer.recovery.selectors import (
    assessment_of,
    current_plan,
    evidence_of,
    group_counts,
    open_hold,
    step_get,
    unhappy_list,
)
from retainer.recovery.services import (
    dissatisfaction_assess,
    payment_hold_release,
    payment_hold_set,
    plan_create,
    step_update,
)
from retainer.recovery.tasks import dissatisfaction_refresh_task
from retainer.rules import recovery as rules

PANEL = "recovery/partials/panel.html"


def signal_lines(assessment, evidence: dict) -> list[dict]:
    """Each signal as the panel shows it: what was seen, its weight and its points."""
    lines = []
    for part in assessment.contributions if assessment else []:
        signal, observed = part["signal"], part["observed"]
        if signal == rules.SILENCE:
            seen = span(timedelta(minutes=int(observed))) if observed != "0" else _("no")
        elif signal == rules.NEGATIVITY:
            seen = Decimal(observed)
        else:
            seen = _("yes") if observed == "yes" else _("no")
        lines.append({"signal": signal, "label": Signal(signal).label, "seen": seen,
                      "weight": part["weight"], "points": Decimal(part["points"]),
                      "counts": Decimal(part["points"]) != 0,
                      "evidence": evidence.get(signal, [])})
    return lines


def _panel_context(request, client, errors=()) -> dict:
    assessment = assessment_of(client)
    plan = current_plan(client)
    return {
        "client": client, "assessment": assessment,
        "signals": signal_lines(assessment, evidence_of(client=client, now=timezone.now())
                                if assessment and assessment.group else {}),
        "assessment_reasons": explain_all(assessment.reasons) if assessment else [],
        "plan_reasons": explain_all(plan.reasons) if plan else [],
        "plan": plan, "steps": list(plan.steps.all()) if plan else [],
        "hold": open_hold(client), "hold_form": HoldForm(initial={
            "since": timezone.localdate()}),
        "plan_form": PlanForm(), "errors": errors,
        "has_letter": plan is not None and any(
            step.action == rules.APOLOGY_LETTER for step in plan.steps.all()),
    }


@require(Perm.VIEW)
def client_recovery(request, client_id):
    """The client page's panel: the group with every signal's contribution, and the plan
    as a checklist. Loaded by htmx, and swapped whole after every action in it."""
    client = client_get(agency=request.agency, client_id=client_id)
    return render(request, PANEL, _panel_context(request, client))


def _done(request, client, errors=(), success: str = ""):
    """After an action: the fresh panel for htmx, else back to the client page."""
    if is_fragment(request):
        return render(request, PANEL, _panel_context(request, client, errors))
    for text in errors:
        messages.error(request, text)
    if success and not errors:
        messages.success(request, success)
    return redirect(reverse("client_detail", kwargs={"client_id": client.pk}) + "#recovery")


def _form_errors(form) -> list[str]:
    return [f"{form.fields[name].label}: {text}" if name in form.fields else text
            for name, texts in form.errors.items() for text in texts]


@require_POST
@require(Perm.DECIDE)
def recovery_assess(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    assessment = dissatisfaction_assess(client=client, user=request.user)
    return _done(request, client, success=_("Assessed: %(group)s.") % {
        "group": assessment.group_label if assessment.group else _("no dissatisfaction")})


@require_POST
@require(Perm.DECIDE)
def recovery_plan_create(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _done(request, client, _form_errors(form))
    try:
        plan_create(client=client, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _done(request, client, error.messages)
    return _done(request, client, success=_("Recovery plan made."))


@require_POST
@require(Perm.DECIDE)
def recovery_hold(request, client_id):
    """Record held payments, or (with `release`) that the client pays again."""
    client = client_get(agency=request.agency, client_id=client_id)
    try:
        if "release" in request.POST:
            payment_hold_release(client=client, user=request.user)
            return _done(request, client, success=_("Payments are no longer held."))
        form = HoldForm(request.POST)
        if not form.is_valid():
            return _done(request, client, _form_errors(form))
        payment_hold_set(client=client, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _done(request, client, error.messages)
    return _done(request, client, success=_("Held payments recorded."))


@require_POST
@require(Perm.DECIDE)
def recovery_step_done(request, step_id):
    """Tick a step done, or (`done=0`) not done."""
    step = step_get(agency=request.agency, step_id=step_id)
    client = step.plan.client
    try:
        step_update(step=step, data={"done": request.POST.get("done", "1") != "0"},
                    user=request.user)
    except ValidationError as error:
        return _done(request, client, error.messages)
    return _done(request, client)


@require(Perm.DECIDE)
def recovery_step_edit(request, step_id):
    step = step_get(agency=request.agency, step_id=step_id)
    client = step.plan.client
    form = StepForm(request.POST or None, instance=step, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            step_update(step=step, data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {
                None: error.messages}
            for field, texts in errors.items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        else:
            messages.success(request, _("Step saved."))
            return redirect(reverse("client_detail", kwargs={"client_id": client.pk})
                            + "#recovery")
    return render(request, "form_page.html", {
        "form": form, "client": client,
        "title": _("%(step)s · %(client)s") % {"step": step.action_label,
                                                "client": client.name}})


GROUPS = dict(Group.choices)


@require(Perm.VIEW)
def unhappy_index(request):
    """Unhappy clients by group, the worst first: the group filter and my clients or all."""
    group = request.GET.get("group", "")
    group = group if group in GROUPS else ""
    mine = request.GET.get("who") == "mine"
    page = paginate(request, unhappy_list(agency=request.agency, group=group,
                                          manager_id=request.user.pk if mine else None))
    counts = group_counts(agency=request.agency)
    return render(request, "recovery/unhappy_list.html", {
        "page": page, "group": group, "mine": mine, "query": query_without_page(request),
        "tabs": [(code, name, counts.get(code, 0)) for code, name in GROUPS.items()],
    })


@require_POST
@require(Perm.DECIDE)
def unhappy_refresh(request):
    """Assess every client of the agency again, in the background where tasks run there."""
    dissatisfaction_refresh_task.enqueue(request.agency.pk)
    messages.success(request, _("Every client is being assessed again."))
    return redirect("unhappy_list")

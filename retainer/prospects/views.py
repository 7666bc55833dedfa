from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm, role_allows
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import authorize, require
from retainer.core.views import flash_error, flash_form_errors
from retainer.prospects.forms import (
    ConvertForm,
    DecisionForm,
    PortraitForm,
    ProspectFilterForm,
    ProspectForm,
    SalesPlanForm,
)
from retainer.prospects.models import Decision
from retainer.prospects.portraits import attribute_label
from retainer.prospects.reasons import describe, explain_all
from retainer.prospects.selectors import (
    BY_SCORE,
    INTERESTING,
    NEWEST,
    NOT_INTERESTING,
    UNDECIDED,
    plan_progress,
    prospect_counts,
    prospect_decisions,
    prospect_get,
    prospect_list,
    sales_plan_get,
    sales_plan_list,
)
from retainer.prospects.services import (
    portrait_current,
    portrait_update,
    prospect_convert,
    prospect_create,
    prospect_decide,
    prospect_update,
    sales_plan_create,
    sales_plan_update,
)

STATES = {UNDECIDED: gettext_lazy("undecided"), INTERESTING: gettext_lazy("interesting"),
          NOT_INTERESTING: gettext_lazy("not interesting")}
ORDERS = {BY_SCORE: gettext_lazy("best fit first"), NEWEST: gettext_lazy("newest first")}


def _detail(prospect):
    return reverse("prospect_detail", kwargs={"prospect_id": prospect.pk})


def _may_qualify(request) -> bool:
    return role_allows(request.membership.role, Perm.QUALIFY)


@require(Perm.VIEW)
def prospect_index(request):
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    order = request.GET.get("order", "")
    order = order if order in ORDERS else BY_SCORE
    search = ProspectFilterForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = paginate(request, prospect_list(agency=request.agency, state=state, q=q,
                                           order=order))
    return render(request, "prospects/prospect_list.html", {
        "page": page, "state": state, "states": STATES, "order": order, "orders": ORDERS,
        "q": q, "search": search, "query": query_without_page(request),
        "counts": prospect_counts(agency=request.agency),
    })


@require(Perm.EDIT_CLIENTS)
def prospect_new(request):
    form = ProspectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        prospect = prospect_create(agency=request.agency, data=form.cleaned_data,
                                   user=request.user)
        messages.success(request, _("Prospect added and scored against the portrait."))
        return redirect(_detail(prospect))
    return render(request, "prospects/prospect_form.html", {
        "form": form, "title": _("New prospect")})


@require(Perm.EDIT_CLIENTS)
def prospect_edit(request, prospect_id):
    prospect = prospect_get(agency=request.agency, prospect_id=prospect_id)
    form = ProspectForm(request.POST or None, instance=prospect)
    if request.method == "POST" and form.is_valid():
        prospect_update(prospect=prospect, data=form.cleaned_data, user=request.user)
        messages.success(request, _("Prospect saved."))
        return redirect(_detail(prospect))
    return render(request, "prospects/prospect_form.html", {
        "form": form, "prospect": prospect, "title": prospect.company})


@require(Perm.VIEW)
def prospect_detail(request, prospect_id):
    """The prospect, its score with each criterion's contribution and reason, the decisions
    recorded, and — for sales and owners — the decision and the conversion."""
    prospect = prospect_get(agency=request.agency, prospect_id=prospect_id)
    portrait = portrait_current(agency=request.agency)
    context = {
        "prospect": prospect,
        "contributions": explain_all(prospect.contributions),
        "decisions": prospect_decisions(prospect),
        "portrait": portrait,
        "may_qualify": _may_qualify(request),
    }
    if context["may_qualify"] and not prospect.is_converted:
        context["decision_form"] = DecisionForm(initial={"decision": prospect.decision})
        if prospect.decision == Decision.INTERESTING:
            context["convert_form"] = ConvertForm(agency=request.agency)
    return render(request, "prospects/prospect_detail.html", context)


@require_POST
@require(Perm.QUALIFY)
def prospect_decide_view(request, prospect_id):
    prospect = prospect_get(agency=request.agency, prospect_id=prospect_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_detail(prospect))
    try:
        prospect = prospect_decide(prospect=prospect, decision=form.cleaned_data["decision"],
                                   reason=form.cleaned_data["reason"],
                                   membership=request.membership)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Decision recorded: %(decision)s.")
                         % {"decision": prospect.decision_label})
    return redirect(_detail(prospect))


@require_POST
@require(Perm.QUALIFY)
def prospect_convert_view(request, prospect_id):
    prospect = prospect_get(agency=request.agency, prospect_id=prospect_id)
    form = ConvertForm(request.POST, agency=request.agency)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_detail(prospect))
    try:
        conversion = prospect_convert(prospect=prospect, user=request.user,
                                      account_manager=form.cleaned_data["account_manager"])
    except ValidationError as error:
        flash_error(request, error)
        return redirect(_detail(prospect))
    messages.success(request, _("%(company)s is now a client, with a draft agreement to "
                                "complete.") % {"company": prospect.company})
    return redirect("agreement_detail", agreement_id=conversion.agreement.pk)


@require(Perm.VIEW)
def portrait_page(request):
    """The portrait of "our client", readable by everyone (article 001: brought to every
    employee); sales and owners edit it, and every prospect is scored again."""
    portrait = portrait_current(agency=request.agency)
    form = None
    if _may_qualify(request) or request.method == "POST":
        form = PortraitForm(request.POST or None, criteria=portrait.criteria)
    if request.method == "POST":
        authorize(request, Perm.QUALIFY)
        if form.is_valid():
            try:
                portrait, changed = portrait_update(
                    agency=request.agency, criteria=form.criteria, user=request.user,
                    note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Portrait saved as version %(version)s; every "
                                            "prospect is scored again.")
                                 % {"version": portrait.version} if changed
                                 else _("Nothing changed in the portrait."))
                return redirect("portrait")
    return render(request, "prospects/portrait.html", {
        "portrait": portrait, "criteria": _criteria_rows(portrait.criteria), "form": form,
        "versions": portrait.history.select_related("changed_by").order_by("-version")[:10],
    })


def _criteria_rows(criteria: list[dict]) -> list[dict]:
    total = sum(row["weight"] for row in criteria) or 1
    return [{"name": attribute_label(row["attribute"]), "weight": row["weight"],
             "share": round(row["weight"] * 100 / total), "ours": describe(row)}
            for row in criteria]


@require(Perm.VIEW)
def sales_plan_page(request):
    """The plans by period: planned vs won, with the rejection rate of the decisions made
    in the period next to it."""
    form = SalesPlanForm(request.POST or None)
    if request.method == "POST":
        authorize(request, Perm.QUALIFY)
        if form.is_valid():
            try:
                sales_plan_create(agency=request.agency, data=form.cleaned_data,
                                  user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Sales plan added."))
                return redirect("sales_plan")
    page = paginate(request, sales_plan_list(agency=request.agency))
    return render(request, "prospects/sales_plan.html", {
        "page": page, "rows": plan_progress(page.object_list, agency=request.agency),
        "form": form if _may_qualify(request) else None, "may_qualify": _may_qualify(request),
        "query": query_without_page(request),
    })


@require(Perm.QUALIFY)
def sales_plan_edit(request, plan_id):
    plan = sales_plan_get(agency=request.agency, plan_id=plan_id)
    form = SalesPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            sales_plan_update(plan=plan, data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sales plan saved."))
            return redirect("sales_plan")
    return render(request, "prospects/sales_plan_form.html", {"form": form, "plan": plan})

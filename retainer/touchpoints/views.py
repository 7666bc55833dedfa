from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from retainer.accounts.roles import Perm, role_allows
from retainer.clients.selectors import client_get
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.core.templatetags.retainer import day
from retainer.core.views import safe_next
from retainer.touchpoints.forms import TouchpointEditForm, TouchpointForm
from retainer.touchpoints.models import TouchpointKind
from retainer.touchpoints.selectors import (
    missed_retrospectives,
    status_cadence,
    touchpoint_get,
    touchpoint_list,
    touchpoints_missed,
)
from retainer.touchpoints.services import touchpoint_record, touchpoint_update

PANEL_LIMIT = 8
STATUSES, RETROSPECTIVES = "statuses", "retrospectives"
MISSED_TABS = {STATUSES: gettext_lazy("Statuses overdue"),
               RETROSPECTIVES: gettext_lazy("Retrospectives not held")}


def _client_filter(request):
    return (client_get(agency=request.agency, client_id=request.GET["client"])
            if request.GET.get("client") else None)


@require(Perm.VIEW)
def touchpoint_index(request):
    """Statuses and retrospectives held, the latest first, by kind, for my clients or all,
    for one client."""
    mine = request.GET.get("who") == "mine"
    kind = request.GET.get("kind", "")
    kind = kind if kind in TouchpointKind.values else ""
    client = _client_filter(request)
    page = paginate(request, touchpoint_list(
        agency=request.agency, kind=kind, manager_id=request.user.pk if mine else None,
        client_id=client.pk if client else None))
    return render(request, "touchpoints/touchpoint_list.html", {
        "page": page, "mine": mine, "kind": kind, "kinds": TouchpointKind.choices,
        "client": client, "query": query_without_page(request),
    })


@require(Perm.VIEW)
def touchpoints_missed_index(request):
    """What is missed today: statuses past their cadence, and approved milestones with no
    retrospective — for my clients or all."""
    mine = request.GET.get("who") == "mine"
    tab = request.GET.get("what")
    tab = tab if tab in MISSED_TABS else STATUSES
    missed = touchpoints_missed(agency=request.agency,
                                manager_id=request.user.pk if mine else None,
                                today=timezone.localdate())
    rows = missed.statuses if tab == STATUSES else missed.retrospectives
    counts = {STATUSES: missed.statuses.count(), RETROSPECTIVES: missed.retrospectives.count()}
    return render(request, "touchpoints/missed.html", {
        "page": paginate(request, rows), "tab": tab, "mine": mine,
        "tabs": [(code, name, counts[code]) for code, name in MISSED_TABS.items()],
        "query": query_without_page(request),
    })


@require(Perm.LOG_INTERACTIONS)
def touchpoint_new(request, client_id):
    """Record a status or a retrospective held with the client (`?kind=retrospective&
    deliverable=<id>` when coming from a milestone)."""
    client = client_get(agency=request.agency, client_id=client_id)
    initial = {"kind": request.GET.get("kind") or TouchpointKind.STATUS,
               "deliverable": request.GET.get("deliverable"),
               "held_on": timezone.localdate()}
    form = TouchpointForm(request.POST or None, client=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            touchpoint = touchpoint_record(client=client, data=form.cleaned_data,
                                           user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Retrospective recorded.")
                             if touchpoint.kind == TouchpointKind.RETROSPECTIVE
                             else _("Status recorded."))
            return redirect(safe_next(request)
                            or reverse("client_detail", kwargs={"client_id": client.pk}))
    return render(request, "touchpoints/touchpoint_form.html", {
        "form": form, "client": client, "title": _("A status or a retrospective"),
        "next": request.GET.get("next", ""),
    })


@require(Perm.LOG_INTERACTIONS)
def touchpoint_edit(request, touchpoint_id):
    """Change what was recorded: most often the client's feedback, which arrives later."""
    touchpoint = touchpoint_get(agency=request.agency, touchpoint_id=touchpoint_id)
    form = TouchpointEditForm(request.POST or None, instance=touchpoint)
    if request.method == "POST" and form.is_valid():
        try:
            touchpoint_update(touchpoint=touchpoint, data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("touchpoint_list") + f"?client={touchpoint.client_id}")
    return render(request, "touchpoints/touchpoint_form.html", {
        "form": form, "client": touchpoint.client, "touchpoint": touchpoint,
        "title": f"{touchpoint.kind_label.capitalize()}, {day(touchpoint.held_on)}",
    })


@require(Perm.VIEW)
def client_touchpoints(request, client_id):
    """The client page's panel: when the next status is due, milestones waiting for their
    retrospective, and the latest held — loaded by htmx."""
    client = client_get(agency=request.agency, client_id=client_id)
    today = timezone.localdate()
    recent = touchpoint_list(agency=request.agency, client_id=client.pk)
    return render(request, "touchpoints/partials/client_touchpoints.html", {
        "client": client, "today": today,
        "cadence": status_cadence(agency=request.agency, today=today)
        .filter(pk=client.pk).first(),
        "waiting": list(missed_retrospectives(agency=request.agency, today=today)
                        .filter(agreement__client=client)[:PANEL_LIMIT]),
        "recent": list(recent[:PANEL_LIMIT]), "count": recent.count(),
        "form": TouchpointForm(client=client, initial={"held_on": today})
        if role_allows(request.membership.role, Perm.LOG_INTERACTIONS) else None,
    })

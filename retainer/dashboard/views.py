from __future__ import annotations

from dataclasses import replace

from csp.constants import NONCE
from csp.decorators import csp_update
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from retainer.accounts.roles import Perm, Role
from retainer.clients.models import Stage
from retainer.core.labels import label
from retainer.core.permissions import require
from retainer.dashboard import charts
from retainer.dashboard.selectors import DashboardFigures, dashboard_figures_kept

MINE, ALL = "mine", "all"

# Each section of "needs attention today": its title and the page that lists all of it.
SECTIONS = {
    "escalations": (_("Escalations"), "attention"),
    "conflicts": (_("Open conflicts, the oldest first"), "conflict_list"),
    "unhappy": (_("Unhappy clients"), "unhappy_list"),
    "reviews": (_("Relationships to review after refused claims"), "attention"),
    "shifts": (_("Deadlines moved without telling the client"), "attention"),
    "statuses": (_("Status updates overdue"), "touchpoints_missed"),
    "retrospectives": (_("Retrospectives not held after a milestone"), "touchpoints_missed"),
    "keep_in_touch": (_("Past clients to keep in touch with"), "keep_in_touch"),
    "tasks": (_("Other open tasks"), "task_list"),
}


def whose(request, who: str | None) -> str:
    """`?who=mine|all`; without it an account manager sees their own clients and everyone
    else (the owner first of all) the whole agency."""
    if who in (MINE, ALL):
        return who
    return MINE if request.membership.role == Role.ACCOUNT_MANAGER else ALL


def figures_for(request, who: str | None) -> tuple[str, DashboardFigures]:
    """The figures the member asked for, for the page and the API alike; the numbers per
    manager are the owner's."""
    who = whose(request, who)
    figures = dashboard_figures_kept(agency=request.agency,
                                     manager_id=request.user.pk if who == MINE else None,
                                     now=timezone.now())
    if request.membership.role != Role.OWNER:
        figures = replace(figures, managers=())
    return who, figures


@csp_update({"style-src": [NONCE]})
@require(Perm.VIEW)
def home(request):
    """The portfolio dashboard: the health of the relationships, where they stand, what
    slipped, what concessions and retainers cost, and who needs attention today."""
    who, figures = figures_for(request, request.GET.get("who"))
    context = {"who": who, "figures": figures}
    if figures.clients:
        context["charts"] = charts.dashboard_charts(figures, agency_id=request.agency.pk,
                                                    nonce=str(request.csp_nonce))
        context["stage_rows"] = [(row.stage, label(Stage, row.stage), row.clients)
                                 for row in figures.stages]
        context["sections"] = [(section, *SECTIONS[section.name])
                               for section in figures.attention]
    return render(request, "dashboard/home.html", context)

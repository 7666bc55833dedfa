from __future__ import annotations

from dataclasses import replace

from csp.constants import NONCE
from csp.decorators import csp_update
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from retainer.accounts.roles import Perm, Role
from retainer.clients.models import Stage
from retainer.core.labels import label
from retainer.core.permissions import require
from retainer.dashboard import charts
from retainer.dashboard.selectors import (
    DashboardFigures,
    dashboard_figures_kept,
    kept_seconds,
)

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
        context["figures_html"] = figures_html(figures, who=who, agency_id=request.agency.pk,
                                               nonce=str(request.csp_nonce))
    return render(request, "dashboard/home.html", context)


# Rendered with this in place of the nonce when kept, and given the response's nonce when served.
NONCE_MARK = "retainer-kept-nonce"


def figures_html(figures: DashboardFigures, *, who: str, agency_id: int,
                 nonce: str) -> SafeString:
    """The figures' part of the dashboard: the charts, their tables, the attention lists and
    the numbers per manager. Drawing and rendering them takes longer than the rest of a page
    whose figures are kept (see `dashboard_figures_kept`), and the result depends on nothing
    but those figures, the language and whether the numbers per manager are shown; so it is
    kept beside the figures, once per language, for as long as them. The charts' stylesheets
    carry the response's CSP nonce, which is new with every response: the kept HTML holds a
    mark in its place."""
    if settings.DASHBOARD_CACHE_SECONDS <= 0:
        return _render_figures(figures, who, nonce)
    key = (f"dashboard-html:{agency_id}:{figures.manager_id or ALL}:"
           f"{'managers' if figures.managers else 'own'}:{figures.as_of.isoformat()}:"
           f"{get_language()}")
    html = cache.get(key)
    if html is None:
        html = str(_render_figures(figures, who, NONCE_MARK))
        cache.set(key, html, kept_seconds())
    # Escaped when rendered; only the mark, an attribute of ours, changes.
    return mark_safe(html.replace(f'nonce="{NONCE_MARK}"', f'nonce="{nonce}"'))  # noqa: S308


def _render_figures(figures: DashboardFigures, who: str, nonce: str) -> SafeString:
    return mark_safe(render_to_string("dashboard/partials/figures.html", {  # noqa: S308
        "who": who, "figures": figures,
        "charts": charts.dashboard_charts(figures, nonce=nonce),
        "stage_rows": [(row.stage, label(Stage, row.stage), row.clients)
                       for row in figures.stages],
        "sections": [(section, *SECTIONS[section.name]) for section in figures.attention],
    }))

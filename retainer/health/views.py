from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.clients.models import Stage
from retainer.clients.selectors import client_get
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.health.charts import trend_chart
from retainer.health.metrics import previous_month
from retainer.health.models import Band
from retainer.health.reasons import COMPONENT_LABELS, explain, pulled_down
from retainer.health.selectors import (
    TREND_MONTHS,
    band_counts,
    client_scorecard,
    client_trend,
    health_list,
    latest_month,
    manager_scorecard,
    open_health_task,
    scored_months,
)
from retainer.health.tasks import health_refresh_task
from retainer.policy.services import policy_current
from retainer.rules.scorecard import COMPONENTS


def _month(request, agency) -> tuple[date | None, list[date]]:
    """The month asked for (?month=YYYY-MM) among those scored, else the latest scored."""
    months = scored_months(agency=agency)
    wanted = request.GET.get("month", "")
    chosen = next((m for m in months if m.strftime("%Y-%m") == wanted), None)
    return chosen or latest_month(agency=agency), months


@require(Perm.VIEW)
def client_health(request, client_id):
    """The client's scorecard now: the six components with the figures behind them and
    their contributions, the trend over twelve months, what pulled the score down, and the
    follow-up task while one is open."""
    client = client_get(agency=request.agency, client_id=client_id)
    health = client_scorecard(client=client)
    stored = {row.month: row.score for row in client_trend(client=client, until=health.month)}
    stored[health.month] = health.card.score
    months = [health.month]
    for _step in range(TREND_MONTHS - 1):
        months.insert(0, previous_month(months[0]))
    labels = [month.strftime("%m.%Y") for month in months]
    scores = [stored.get(month) for month in months]
    policy = policy_current(agency=request.agency)
    chart = trend_chart(labels=labels, scores=scores, title=_("Health"),
                        red_below=policy.health_red_below, red_label=_("red below"),
                        amber_below=policy.health_amber_below, amber_label=_("at risk below"))
    return render(request, "health/client_health.html", {
        "client": client, "health": health, "card": health.card,
        "parts": explain(health.card), "pulled_down": pulled_down(health.card),
        "trend": list(zip(labels, scores, strict=True)), "chart": chart,
        "task": open_health_task(client=client), "policy": policy,
    })


@require(Perm.VIEW)
def client_health_panel(request, client_id):
    """The client page's panel: the health score now, its band and what weighs on it most."""
    client = client_get(agency=request.agency, client_id=client_id)
    health = client_scorecard(client=client)
    return render(request, "health/partials/client_health_panel.html", {
        "client": client, "card": health.card, "pulled_down": pulled_down(health.card)[:1],
    })


BANDS = dict(Band.choices)
STAGES = dict(Stage.choices)


@require(Perm.VIEW)
def health_index(request):
    month, months = _month(request, request.agency)
    band = request.GET.get("band", "")
    band = band if band in BANDS else ""
    stage = request.GET.get("stage", "")
    stage = stage if stage in STAGES else ""
    mine = request.GET.get("who") == "mine"
    manager_id = request.user.pk if mine else None
    context = {"month": month, "months": months, "band": band, "bands": BANDS,
               "stage": stage, "stages": STAGES, "mine": mine,
               "query": query_without_page(request)}
    if month is not None:
        context["page"] = paginate(request, health_list(
            agency=request.agency, month=month, band=band, manager_id=manager_id, stage=stage))
        counts = band_counts(agency=request.agency, month=month, manager_id=manager_id,
                             stage=stage)
        context["counts"] = [(code, name, counts.get(code, 0)) for code, name in BANDS.items()]
    return render(request, "health/health_list.html", context)


@require(Perm.VIEW)
def manager_scorecard_page(request):
    """Per account manager, the month's average of each component and of health."""
    month, months = _month(request, request.agency)
    rows = list(manager_scorecard(agency=request.agency, month=month)) if month else []
    for row in rows:
        row["averages"] = [row[component] for component in COMPONENTS]
    return render(request, "health/manager_scorecard.html", {
        "month": month, "months": months, "rows": rows,
        "components": [(c, COMPONENT_LABELS[c]) for c in COMPONENTS],
    })


@require_POST
@require(Perm.EDIT_POLICY)
def health_refresh(request):
    """Compute every client's health for this month again, in the background where tasks
    run there."""
    health_refresh_task.enqueue(request.agency.pk)
    messages.success(request, _("Every client's health is being computed again."))
    return redirect("health_list")

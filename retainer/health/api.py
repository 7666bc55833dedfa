"""Client health over the API: the same selectors and services as the pages."""

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.api import ERRORS, Id, Pagination
from retainer.core.permissions import authorize
from retainer.health.models import HealthScore
from retainer.health.reasons import figure_text, pulled_down
from retainer.health.schemas import (
    ClientHealthOut,
    HealthRefreshIn,
    HealthRefreshOut,
    HealthScoreOut,
    ManagerScorecardOut,
)
from retainer.health.selectors import (
    client_scorecard,
    client_trend,
    health_list,
    latest_month,
    manager_scorecard,
    open_health_task,
)
from retainer.health.services import health_refresh_months, scorecard_parts

health_router = Router(tags=["client health"])


class HealthFilter(Schema):
    month: date | None = None
    band: str = ""
    stage: str = ""
    manager: Id | None = None


@health_router.get("", response={200: list[HealthScoreOut], **ERRORS})
@paginate(Pagination)
def list_health_scores(request: HttpRequest, filters: Query[HealthFilter]):
    """The month's scores of every client, the weakest first: `month` is any day of it (the
    latest month scored if omitted); `band` green, amber or red; `manager` the account
    manager (user id); `stage` the client's lifecycle stage."""
    authorize(request, Perm.VIEW)
    month = filters.month.replace(day=1) if filters.month else latest_month(
        agency=request.agency)
    if month is None:
        return HealthScore.objects.none()
    return health_list(agency=request.agency, month=month, band=filters.band,
                       manager_id=filters.manager, stage=filters.stage)


@health_router.get("/clients/{client_id}", response={200: ClientHealthOut, **ERRORS})
def get_client_health(request: HttpRequest, client_id: int):
    """The client's scorecard computed now from the recorded history: each component with
    the figures measured, its weight and contribution, what pulled the score down, the
    trend of the stored monthly scores and the open follow-up task."""
    authorize(request, Perm.VIEW)
    client = client_get(agency=request.agency, client_id=client_id)
    health = client_scorecard(client=client)
    card = health.card
    parts = scorecard_parts(card)["components"]
    for stored, part in zip(parts, card.parts, strict=True):
        for figure, measured in zip(stored["figures"], part.figures, strict=True):
            figure["text"] = figure_text(measured)
    task = open_health_task(client=client)
    return {
        "client_id": client.pk, "month": health.month, "score": card.score, "band": card.band,
        "stage": card.stage, "policy_version": card.policy_version, "weakest": card.weakest,
        "computed_at": health.computed_at, "parts": parts, "pulled_down": pulled_down(card),
        "trend": client_trend(client=client, until=health.month),
        "open_task_id": task.pk if task else None,
    }


@health_router.get("/managers", response={200: list[ManagerScorecardOut], **ERRORS})
@paginate(Pagination)
def list_manager_scorecards(request: HttpRequest, month: date | None = None):
    """Per account manager, the month's average of health and of each component over their
    clients (the latest month scored if `month` is omitted), the weakest first."""
    authorize(request, Perm.VIEW)
    month = month.replace(day=1) if month else latest_month(agency=request.agency)
    if month is None:
        return []
    return [row | {"month": month} for row in manager_scorecard(agency=request.agency,
                                                                month=month)]


@health_router.post("/refresh", response={201: HealthRefreshOut, **ERRORS})
def refresh_health(request: HttpRequest, payload: HealthRefreshIn):
    """Compute every client's health again for the last `months` months (the current one by
    default) and store it; a drop into red opens the follow-up task. Owners only: it is
    the agency's standard applied to everyone."""
    authorize(request, Perm.EDIT_POLICY)
    scores = health_refresh_months(agency=request.agency, months=payload.months)
    return Status(201, {"months": payload.months, "scores": scores})

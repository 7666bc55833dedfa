"""Writes for client health: the month's scores of every client of an agency, computed from
the recorded history and stored in bulk, and the follow-up when a client turns red.

A refresh replaces the month's rows (one per client and month); it never accumulates. A
client whose score drops into red — its previous score, this month's earlier one or else
last month's, was not red — gets one follow-up task for its account manager (a task still
open is added to, never doubled) and one notification per month. Clients whose relationship
had ended by the month's end are not scored: there is nothing left to follow up. A past
month is weighed by the stage each client was in at its end, read back from the stage
history.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency
from retainer.clients.models import Client, Stage
from retainer.health.metrics import (
    agency_today,
    month_start,
    previous_month,
    scorecard_metrics,
)
from retainer.health.models import Band, HealthScore
from retainer.health.reasons import weakest_labels
from retainer.lifecycle.selectors import stages_on
from retainer.notifications.models import NotificationKind
from retainer.notifications.services import notify
from retainer.policy.services import policy_current
from retainer.rules import scorecard as rules
from retainer.rules.retainer import add_months
from retainer.worklist.models import TaskKind
from retainer.worklist.services import task_open

BATCH = 1000
SCORED_FIELDS = ["score", "band", "stage", "parts", "computed_at", "weakest",
                 *rules.COMPONENTS]
MAX_MONTHS = 24


def scorecard_parts(card: rules.Scorecard) -> dict:
    """The scorecard as stored and served: each component's score, weight, points,
    contribution and the figures measured, in the components' order."""
    return {
        "policy_version": card.policy_version, "stage_group": card.stage_group,
        "weakest": card.weakest,
        "components": [{
            "component": part.component, "score": part.score, "measured": part.measured,
            "weight": part.weight, "points": str(round(float(part.points), 1)),
            "contribution": part.contribution,
            "figures": [{"key": f.key, "score": f.score, "values": dict(f.values)}
                        for f in part.figures],
        } for part in card.parts],
    }


@transaction.atomic
def health_refresh(*, agency: Agency, month: date, now: datetime | None = None) -> int:
    """Compute and store the month's health of every client of the agency (up to `now` in
    the current month); returns how many clients were scored. A constant number of queries
    per thousand clients, plus a few for each client that turned red."""
    now = now or timezone.now()
    month = month_start(month)
    if month > agency_today(agency, now):
        raise ValidationError({"month": _("A month still to come has no health to compute.")})
    policy = policy_current(agency=agency)
    metrics = scorecard_metrics(agency=agency, month=month, now=now, policy=policy)
    stages = {client_id: stage for client_id, stage in _stages(agency, month, now).items()
              if stage != Stage.ENDED}
    before = _previous_bands(agency, month)
    rows, cards = [], {}
    for client_id, stage in stages.items():
        card = rules.compute(metrics[client_id], policy, stage)
        cards[client_id] = card
        rows.append(HealthScore(
            agency_id=agency.pk, client_id=client_id, month=month, score=card.score,
            band=card.band, stage=stage, parts=scorecard_parts(card), computed_at=now,
            weakest=card.weakest,
            **{part.component: part.score for part in card.parts}))
    for start in range(0, len(rows), BATCH):
        HealthScore.objects.bulk_create(rows[start:start + BATCH], update_conflicts=True,
                                        unique_fields=["client", "month"],
                                        update_fields=SCORED_FIELDS)
    turned_red = {client_id: card for client_id, card in cards.items()
                  if card.band == rules.RED and before.get(client_id, (None,))[0] != Band.RED}
    if turned_red:
        _follow_up(agency, month, now, turned_red, before, policy.health_red_below)
    return len(rows)


def _stages(agency: Agency, month: date, now: datetime) -> dict[int, str]:
    """The stage each client was in at the end of `month` (its weights depend on it); in the
    current month, the stage now."""
    month_end = add_months(month, 1) - timedelta(days=1)
    if month_end >= agency_today(agency, now):
        return dict(Client.objects.for_agency(agency).values_list("pk", "stage"))
    return stages_on(agency=agency, day=month_end)


def _previous_bands(agency: Agency, month: date) -> dict[int, tuple[str, int]]:
    """Each client's previous (band, score): this month's stored one, else last month's."""
    rows = (HealthScore.objects.for_agency(agency)
            .filter(month__in=[month, previous_month(month)])
            .order_by("month").values_list("client_id", "band", "score"))
    return {client_id: (band, score) for client_id, band, score in rows}


def _follow_up(agency: Agency, month: date, now: datetime, cards: dict[int, rules.Scorecard],
               before: dict[int, tuple[str, int]], red_below: int) -> None:
    clients = Client.objects.for_agency(agency).filter(pk__in=list(cards)).select_related(
        "account_manager").order_by("pk")
    for client in clients:
        card = cards[client.pk]
        manager = client.account_manager
        with translation.override(getattr(manager, "language", "") or client.reading_language):
            reason = _("Health dropped into red: %(score)s in %(month)s (red below %(red)s). "
                       "Weakest: %(weakest)s.") % {
                "score": card.score, "month": month.strftime("%m.%Y"), "red": red_below,
                "weakest": weakest_labels(card) or "—"}
        task_open(client=client, kind=TaskKind.HEALTH, reason=reason, now=now,
                  assignee_id=client.account_manager_id)
        if manager is None:
            continue
        was = before.get(client.pk)
        notify(agency=agency, user=manager, kind=NotificationKind.HEALTH_RED,
               subject_key=f"health_red:{client.pk}:{month.isoformat()}",
               params={"client": client.name, "score": card.score,
                       "was": was[1] if was else "", "weakest": card.weakest},
               url=reverse("client_health", kwargs={"client_id": client.pk}))


def health_refresh_months(*, agency: Agency, months: int = 1,
                          now: datetime | None = None) -> int:
    """The last `months` months up to the current one, the oldest first (so that a drop into
    red is seen against the month before it); returns the scores written."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValidationError({"months": _("Recompute between 1 and %(most)s months.")
                                         % {"most": MAX_MONTHS}})
    now = now or timezone.now()
    current = month_start(agency_today(agency, now))
    written = 0
    for back in range(months - 1, -1, -1):
        month = current
        for _step in range(back):
            month = previous_month(month)
        written += health_refresh(agency=agency, month=month, now=now)
    return written


def health_refresh_all(*, months: int = 1, now: datetime | None = None) -> int:
    """Every agency's health for the last `months` months (the periodic refresh)."""
    now = now or timezone.now()
    return sum(health_refresh_months(agency=agency, months=months, now=now)
               for agency in Agency.objects.order_by("pk"))

"""The demo's health (`retainer.demo.health.health_history`): twelve months computed from
the recorded history, the oldest first — a client with late deliverables, conflicts and low
ratings scores below one without them, and its drop into red opens one task dated the month
it happened."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from retainer.demo.health import health_history
from retainer.health.models import HealthScore
from retainer.worklist.models import Task, TaskKind
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ConflictCaseFactory,
    DeliverableFactory,
    InteractionFactory,
    RatingFactory,
)
from tests.health.history import MSK

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(9), tzinfo=MSK)


def at(day: date) -> datetime:
    return datetime.combine(day, time(11), tzinfo=MSK)


def history(client, *, late: bool):
    """Four months of work, a deliverable a month. The steady client's come on time, rated
    five, and every message of theirs is answered; the troubled one's come late, over the
    estimate and rated one, their messages ask where the work stands and go unanswered, and
    two conflicts stay open from August on."""
    agreement = AgreementFactory(client=client, starts_on=date(2026, 7, 1))
    for month in (7, 8, 9, 10):
        due = date(2026, month, 15)
        done = due + timedelta(days=6 if late else -1)
        deliverable = DeliverableFactory(
            agreement=agreement, planned_due=due, actual_done=done, status="approved",
            clarifications=3 if late else 0, approval_iterations=3 if late else 1,
            estimate_hours=Decimal(10), actual_hours=Decimal(15 if late else 10))
        RatingFactory(deliverable=deliverable, score=1 if late else 5, rated_at=at(done))
        for day in (3, 10, 17, 24):
            InteractionFactory(client=client, occurred_at=at(date(2026, month, day)),
                               flags=" status_check " if late else "")
            if not late:
                InteractionFactory(client=client, direction="out",
                                   occurred_at=at(date(2026, month, day)) + timedelta(hours=2))
    if late:
        for _case in range(2):
            ConflictCaseFactory(client=client, opened_at=at(date(2026, 8, 5)))


def test_a_troubled_client_scores_lower_and_gets_one_task(team):
    steady = ClientFactory(agency=team.agency, stage="normalization", name="Ровный",
                           account_manager=team.masha.user)
    troubled = ClientFactory(agency=team.agency, stage="normalization", name="Трудный",
                             account_manager=team.masha.user)
    history(steady, late=False)
    history(troubled, late=True)
    assert health_history(team.agency, TODAY, NOW) == 2 * 12
    scores = {(row.client_id, row.month): row for row in HealthScore.objects.all()}
    assert len({month for _client, month in scores}) == 12
    for month in (date(2026, m, 1) for m in (8, 9, 10)):
        assert scores[(troubled.pk, month)].score < scores[(steady.pk, month)].score
        assert scores[(steady.pk, month)].band == "green"
    troubled_bands = [scores[(troubled.pk, date(2026, m, 1))].band for m in (6, 7, 8, 9, 10)]
    assert troubled_bands == ["amber", "red", "red", "red", "red"]
    # Red from July on: the task is dated the last moment of July and stays the only one.
    task = Task.objects.get(client=troubled, kind=TaskKind.HEALTH)
    assert task.opened_at == datetime(2026, 8, 1, tzinfo=MSK)
    assert not Task.objects.filter(client=steady).exists()


def test_the_same_day_gives_the_same_scores(team, rival):
    for members in (team, rival):
        client = ClientFactory(agency=members.agency, stage="storm", name="Клиент")
        history(client, late=True)
        health_history(members.agency, TODAY, NOW)

    def fingerprint(agency):
        return list(HealthScore.objects.for_agency(agency).order_by("month")
                    .values_list("month", "score", "band", "weakest", "parts"))

    assert fingerprint(team.agency) == fingerprint(rival.agency)

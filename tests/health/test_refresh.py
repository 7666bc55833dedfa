"""Refreshing the month's health: every client but the ended ones scored and stored in bulk,
a refresh replacing the month's rows, a drop into red opening one follow-up task and one
notification for the account manager — never twice for the same drop — and the periodic
command over the last months, the oldest first."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retainer.health.models import HealthScore
from retainer.health.services import health_refresh, health_refresh_months
from retainer.notifications.models import Notification, NotificationKind
from retainer.worklist.models import Task, TaskKind
from retainer.worklist.services import task_done
from tests.factories import ClientFactory, HealthScoreFactory
from tests.health.history import MSK, busy_client, sick_client

pytestmark = pytest.mark.django_db

MONTH = date(2026, 11, 1)
NOW = datetime(2026, 11, 20, 12, tzinfo=MSK)


def refresh(agency, month=MONTH, now=NOW):
    return health_refresh(agency=agency, month=month, now=now)


def test_every_client_but_the_ended_ones_is_scored_with_its_parts(team):
    busy = busy_client(team.agency, MONTH, stage="normalization")
    quiet = ClientFactory(agency=team.agency, stage="courtship")
    ClientFactory(agency=team.agency, stage="ended")
    assert refresh(team.agency) == 2
    scores = {row.client_id: row for row in HealthScore.objects.for_agency(team.agency)}
    assert set(scores) == {busy.pk, quiet.pk}
    row = scores[busy.pk]
    assert (row.month, row.stage, row.computed_at) == (MONTH, "normalization", NOW)
    components = row.parts["components"]
    assert [c["component"] for c in components] == [
        "empathy", "personalization", "honesty", "expectations", "difficulties", "balance"]
    assert sum(c["contribution"] for c in components) == row.score
    assert row.empathy == components[0]["score"]
    # One status check among its one message: empathy's first figure scores 0.
    assert components[0]["figures"][0] == {
        "key": "status_checks", "score": 0, "values": {"checks": "1", "messages": "1"}}
    # Nothing at all happened with the quiet client: neutral everywhere, said so.
    assert scores[quiet.pk].score == 50
    assert not any(c["measured"] for c in scores[quiet.pk].parts["components"])


def test_a_past_month_is_weighed_by_the_stage_the_client_was_in_then(team):
    from retainer.lifecycle.services import stage_set

    october = date(2026, 10, 1)
    moved = busy_client(team.agency, october, stage="honeymoon")
    ended = ClientFactory(agency=team.agency, stage="support")
    for client, stage, day in [(moved, "storm", date(2026, 10, 20)),
                               (moved, "normalization", date(2026, 11, 3)),
                               (ended, "ended", date(2026, 11, 10))]:
        stage_set(client=client, stage=stage, user=team.masha.user, reason="Так сложилось",
                  effective_on=day, now=NOW)
    assert refresh(team.agency, month=date(2026, 9, 1)) == 2
    assert refresh(team.agency, month=october) == 2
    assert refresh(team.agency) == 1  # November: the client who ended is not scored
    stages = {(row.client_id, row.month): row.stage for row in HealthScore.objects.all()}
    assert stages == {
        (moved.pk, date(2026, 9, 1)): "honeymoon", (ended.pk, date(2026, 9, 1)): "support",
        (moved.pk, october): "storm", (ended.pk, october): "support",
        (moved.pk, MONTH): "normalization"}


def test_a_refresh_replaces_the_months_rows(team):
    client = busy_client(team.agency, MONTH)
    refresh(team.agency)
    later = datetime(2026, 11, 25, 12, tzinfo=MSK)
    refresh(team.agency, now=later)
    (row,) = HealthScore.objects.filter(client=client)
    assert row.computed_at == later


def test_a_drop_into_red_opens_one_task_and_notifies_the_manager_once(team):
    sick = sick_client(team.agency, MONTH, account_manager=team.masha.user, name="Гамма")
    HealthScoreFactory(client=sick, month=date(2026, 10, 1), score=72, band="green")
    refresh(team.agency)
    row = HealthScore.objects.get(client=sick, month=MONTH)
    assert row.band == "red" and row.score < 40
    task = Task.objects.get(client=sick, kind=TaskKind.HEALTH, done_at__isnull=True)
    assert task.assignee_id == team.masha.user.pk and task.opened_at == NOW
    assert "red" in task.reason or "красн" in task.reason
    notification = Notification.objects.get(user=team.masha.user,
                                             kind=NotificationKind.HEALTH_RED)
    assert notification.subject_key == f"health_red:{sick.pk}:2026-11-01"
    assert notification.params == {"client": "Гамма", "score": row.score, "was": 72,
                                   "weakest": row.weakest}
    assert notification.url == f"/clients/{sick.pk}/health/"

    # Computed again the same month, still red: no second task, no second notice — not
    # even once the first task is done, because it was already red.
    refresh(team.agency, now=datetime(2026, 11, 21, 12, tzinfo=MSK))
    task_done(task=task, user=team.masha.user, note="Созвонились")
    refresh(team.agency, now=datetime(2026, 11, 22, 12, tzinfo=MSK))
    assert Task.objects.filter(client=sick, kind=TaskKind.HEALTH).count() == 1
    assert Notification.objects.filter(kind=NotificationKind.HEALTH_RED).count() == 1


def test_a_client_already_red_last_month_raises_nothing_new(team):
    sick = sick_client(team.agency, MONTH, account_manager=team.masha.user)
    HealthScoreFactory(client=sick, month=date(2026, 10, 1), score=20, band="red")
    refresh(team.agency)
    assert not Task.objects.filter(kind=TaskKind.HEALTH).exists()
    assert not Notification.objects.exists()


def test_the_reason_names_the_weakest_components_in_the_managers_language(team):
    team.masha.user.language = "en"
    team.masha.user.save()
    sick = sick_client(team.agency, MONTH, account_manager=team.masha.user)
    refresh(team.agency)
    reason = Task.objects.get(client=sick).reason
    assert reason.startswith("Health dropped into red:")
    assert "Resolving difficulties" in reason  # the storm weighs it most, and it is 0


def test_a_client_without_a_manager_gets_the_task_and_nobody_a_notice(team):
    sick = sick_client(team.agency, MONTH)
    refresh(team.agency)
    assert Task.objects.get(client=sick).assignee_id is None
    assert not Notification.objects.exists()


def test_a_month_to_come_is_refused_and_nothing_written(team):
    busy_client(team.agency, MONTH)
    with pytest.raises(ValidationError):
        refresh(team.agency, month=date(2026, 12, 1))
    assert not HealthScore.objects.exists()


def test_months_are_recomputed_oldest_first(team):
    # Its agreement runs from early September; its conflicts open from mid-October on.
    sick = sick_client(team.agency, MONTH, account_manager=team.masha.user)
    assert health_refresh_months(agency=team.agency, months=3, now=NOW) == 3
    months = list(HealthScore.objects.filter(client=sick).order_by("month")
                  .values_list("month", "band"))
    assert months == [(date(2026, 9, 1), "green"), (date(2026, 10, 1), "red"),
                      (date(2026, 11, 1), "red")]
    # The drop came with October: one task, one notice, about October.
    task = Task.objects.get(client=sick)
    assert task.opened_at == NOW
    assert Notification.objects.get().subject_key.endswith(":2026-10-01")
    with pytest.raises(ValidationError):
        health_refresh_months(agency=team.agency, months=0, now=NOW)


def test_the_query_count_does_not_grow_with_the_clients(team, rival):
    for _index in range(3):
        busy_client(team.agency, MONTH)
    for _index in range(30):
        busy_client(rival.agency, MONTH)
    counts = []
    for agency in (team.agency, rival.agency):
        with CaptureQueriesContext(connection) as captured:
            refresh(agency)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_command_refreshes_every_agency(team, rival, capsys):
    ClientFactory(agency=team.agency)
    ClientFactory(agency=rival.agency)
    call_command("refresh_health", "--months", "2")
    assert HealthScore.objects.count() == 4
    assert "4 health score(s) computed." in capsys.readouterr().out
    assert HealthScore.objects.filter(
        month=timezone.localdate().replace(day=1)).count() == 2
    with pytest.raises(CommandError):
        call_command("refresh_health", "--months", "0")

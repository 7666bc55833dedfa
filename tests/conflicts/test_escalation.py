"""A conflict open longer than the policy's days escalates once — a follow-up task for the
case's manager, opened by the periodic check, never twice, only in working hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from retainer.conflicts.models import ConflictCase
from retainer.conflicts.services import case_close, conflicts_escalate
from retainer.policy.services import policy_update
from retainer.worklist.models import Task, TaskKind
from retainer.worklist.services import task_done
from tests.factories import ClientFactory, ConflictCaseFactory

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


def at(day: int, hour: int = 11, minute: int = 0) -> datetime:
    """November 2026 in Moscow: the 23rd and the 30th are Mondays, the 28th a Saturday."""
    return datetime(2026, 11, day, hour, minute, tzinfo=MOSCOW)


@pytest.fixture
def alfa(team):
    return ClientFactory(agency=team.agency, name="Альфа", account_manager=team.masha.user)


@pytest.fixture
def case(alfa, team):
    return ConflictCaseFactory(client=alfa, title="Баннер «не продаёт»", opened_at=at(23, 10),
                               manager=team.ivan.user, steps_done=1)


def conflict_tasks():
    return Task.objects.filter(kind=TaskKind.CONFLICT)


def test_a_case_open_longer_than_seven_days_opens_a_task_for_its_manager(team, case):
    assert conflicts_escalate(now=at(30, 10)) == 0  # exactly seven days: not yet
    assert not conflict_tasks().exists()
    assert conflicts_escalate(now=at(30, 10, 1)) == 1
    task = conflict_tasks().get()
    assert (task.client_id, task.assignee_id, task.opened_at) == (
        case.client_id, team.ivan.user.pk, at(30, 10, 1))
    assert "Баннер «не продаёт»" in task.reason and "7" in task.reason
    assert ConflictCase.objects.get(pk=case.pk).escalated_at == at(30, 10, 1)


def test_each_case_escalates_once(team, case):
    assert conflicts_escalate(now=at(30, 11)) == 1
    reason = conflict_tasks().get().reason
    assert conflicts_escalate(now=at(30, 12)) == 0
    assert conflict_tasks().get().reason == reason
    # Done with the task while the case is still open: the check does not open another.
    task_done(task=conflict_tasks().get(), user=team.ivan.user, note="Созвонились")
    assert conflicts_escalate(now=at(30, 15)) == 0
    assert conflict_tasks().count() == 1


def test_two_cases_of_one_client_share_its_open_task(team, case, alfa):
    ConflictCaseFactory(client=alfa, title="Тон в переписке", opened_at=at(20, 10))
    assert conflicts_escalate(now=at(30, 11)) == 2
    task = conflict_tasks().get()
    assert "Баннер «не продаёт»" in task.reason and "Тон в переписке" in task.reason


def test_closed_and_young_cases_do_not_escalate(team, alfa):
    closed = ConflictCaseFactory(client=alfa, opened_at=at(2), steps_done=3)
    case_close(case=closed, solution="Переделали", user=team.masha.user, now=at(5))
    ConflictCaseFactory(client=alfa, opened_at=at(27))
    assert conflicts_escalate(now=at(30, 11)) == 0
    assert not conflict_tasks().exists()


def test_no_escalation_outside_working_hours(alfa):
    ConflictCaseFactory(client=alfa, opened_at=at(21, 12))  # Saturday: due a week later
    assert conflicts_escalate(now=at(28, 12, 1)) == 0
    assert conflicts_escalate(now=at(30, 8, 30)) == 0  # Monday before work
    assert conflicts_escalate(now=at(30, 9, 5)) == 1  # the first run of the working day


def test_the_agencys_policy_sets_the_days(team, case):
    policy_update(agency=team.agency, actor=team.olena.user,
                  changes={"conflict_escalation_days": 3})
    assert conflicts_escalate(now=at(26, 10)) == 0
    assert conflicts_escalate(now=at(26, 10, 1)) == 1


def test_the_check_can_keep_to_one_agency(team, rival, case):
    ConflictCaseFactory(client=ClientFactory(agency=rival.agency), opened_at=at(2))
    assert conflicts_escalate(now=at(30, 11), agency=rival.agency) == 1
    assert list(conflict_tasks().values_list("agency_id", flat=True)) == [rival.agency.pk]
    assert conflicts_escalate(now=at(30, 11)) == 1  # the team's case, left for the next run


def test_the_periodic_command_runs_the_check(case, capsys, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(30, 11))
    call_command("check_conflicts")
    assert "1 conflict case(s) escalated." in capsys.readouterr().out
    assert conflict_tasks().count() == 1

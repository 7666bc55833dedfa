"""The attention sections' first rows and counts, from SQL compiled once per member and day:
the same rows as the querysets give, fresh data on every view, new SQL for a new day or
policy."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from retainer.agreements.models import DeliverableStatus
from retainer.core.pagination import head_and_count
from retainer.policy.services import policy_update
from retainer.worklist import selectors
from retainer.worklist.models import TaskKind
from retainer.worklist.selectors import SECTION_NAMES, attention_heads, attention_sections
from retainer.worklist.services import task_open
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ConflictCaseFactory,
    DeliverableFactory,
    DissatisfactionFactory,
)

pytestmark = pytest.mark.django_db

LIMITS = dict.fromkeys(SECTION_NAMES, 2)


@pytest.fixture
def busy(team):
    """A manager with something in most sections: overdue statuses, milestones without a
    retrospective, tasks, a conflict and an unhappy client."""
    manager = team.masha.user
    for index in range(3):
        client = ClientFactory(agency=team.agency, name=f"Клиент {index}",
                               account_manager=manager)
        agreement = AgreementFactory(client=client, starts_on=date(2026, 1, 5 + index))
        DeliverableFactory(agreement=agreement, title=f"Этап {index}",
                           status=DeliverableStatus.APPROVED,
                           actual_done=date(2026, 3, 1) + timedelta(days=index))
        task_open(client=client, kind=TaskKind.REVIEW, reason=f"Разбор {index}")
        task_open(client=client, kind="renegotiate", reason=f"Пересмотр {index}")
    ConflictCaseFactory(client=client, title="Спор о сроках")
    DissatisfactionFactory(client=client, group="A", score=Decimal("70.00"))
    return manager


def heads(team, manager, now):
    return attention_heads(agency=team.agency, manager_id=manager.pk, now=now, limits=LIMITS)


def keys(found):
    return {name: ([row.pk for row in rows], count) for name, (rows, count) in found.items()}


def test_the_heads_are_those_of_the_sections_querysets(team, busy):
    now = timezone.now()
    sections = attention_sections(agency=team.agency, manager_id=busy.pk, now=now)
    expected = {name: head_and_count(rows, 2) for name, rows in sections.items()}
    for _view in range(2):  # built and compiled, then from the compiled SQL
        found = heads(team, busy, now)
        assert list(found) == list(SECTION_NAMES)
        assert keys(found) == keys(expected)
    statuses, count = found["statuses"]
    assert count == 3 and all(row.status_due_on < now.date() for row in statuses)
    assert all(row.account_manager == busy for row in statuses)  # select_related is kept
    retrospectives, count = found["retrospectives"]
    assert count == 3 and retrospectives[0].agreement.client.name == "Клиент 0"
    assert found["reviews"][1] == 3 and found["tasks"][1] == 3
    assert found["conflicts"][1] == 1 and found["unhappy"][1] == 1


@pytest.fixture
def built(monkeypatch):
    """One item for every time the sections' querysets are built."""
    builds = []
    build = selectors.attention_sections
    monkeypatch.setattr(selectors, "attention_sections",
                        lambda **kwargs: builds.append(1) or build(**kwargs))
    return builds


def test_a_later_view_builds_nothing_yet_reads_the_data_afresh(team, busy, built):
    now = timezone.now()
    first = heads(team, busy, now)
    client = ClientFactory(agency=team.agency, name="Новый", account_manager=busy)
    task_open(client=client, kind=TaskKind.REVIEW, reason="Ещё разбор")
    later = heads(team, busy, now + timedelta(minutes=5))
    assert len(built) == 1
    assert later["reviews"][1] == first["reviews"][1] + 1


def test_a_new_day_or_policy_builds_them_again(team, busy, built):
    now = timezone.now()
    heads(team, busy, now)
    heads(team, busy, now + timedelta(days=1))
    assert len(built) == 2
    policy_update(agency=team.agency, changes={"status_cadence_days": 90}, actor=None)
    statuses, _count = heads(team, busy, now)["statuses"]
    assert len(built) == 3
    assert {row.cadence_days for row in statuses} == {90}

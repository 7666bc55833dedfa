"""What is missed (BRIEF C7): a status overdue for a client with an active agreement, counted
from the last status or the agreement's start, at the client's cadence or the policy's; and an
approved milestone without its retrospective. The dashboard and the scorecard read this, so
it is checked at two sizes for the number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from retainer.agreements.models import AgreementStatus, Deliverable, DeliverableStatus
from retainer.clients.models import Client
from retainer.policy.services import policy_update
from retainer.touchpoints.selectors import touchpoints_missed
from retainer.touchpoints.services import touchpoint_update
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    DeliverableFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def client_with_agreement(team, name: str, started: int = 100, **fields):
    client = ClientFactory(agency=team.agency, name=name, account_manager=team.masha.user,
                           **fields)
    AgreementFactory(client=client, starts_on=ago(started))
    return client


def missed_statuses(team, manager_id=None, today=TODAY):
    missed = touchpoints_missed(agency=team.agency, manager_id=manager_id, today=today)
    return [(c.name, c.last_status_on, c.status_due_on) for c in missed.statuses]


def test_a_status_is_missed_once_the_cadence_has_passed(team):
    on_time = client_with_agreement(team, "Вовремя")
    TouchpointFactory(client=on_time, held_on=ago(7))  # due today: not missed yet
    late = client_with_agreement(team, "Поздно")
    TouchpointFactory(client=late, held_on=ago(30))
    TouchpointFactory(client=late, held_on=ago(8))  # the last one counts
    assert missed_statuses(team) == [("Поздно", ago(8), ago(1))]


def test_without_any_status_the_cadence_counts_from_the_agreement_start(team):
    client_with_agreement(team, "Новый", started=3)
    client_with_agreement(team, "Забытый", started=20)
    assert missed_statuses(team) == [("Забытый", None, ago(13))]


def test_the_clients_own_cadence_beats_the_policy(team):
    fortnightly = client_with_agreement(team, "Раз в две недели", status_cadence_days=14)
    TouchpointFactory(client=fortnightly, held_on=ago(10))
    daily = client_with_agreement(team, "Ежедневно", status_cadence_days=1)
    TouchpointFactory(client=daily, held_on=ago(2))
    assert missed_statuses(team) == [("Ежедневно", ago(2), ago(1))]
    policy_update(agency=team.agency, changes={"status_cadence_days": 5}, actor=None)
    weekly = client_with_agreement(team, "По политике")
    TouchpointFactory(client=weekly, held_on=ago(7))
    assert missed_statuses(team) == [("По политике", ago(7), ago(2)),
                                     ("Ежедневно", ago(2), ago(1))]


def test_only_clients_with_an_active_agreement_owe_a_status(team):
    ended = ClientFactory(agency=team.agency, name="Закончили")
    AgreementFactory(client=ended, starts_on=ago(200), status=AgreementStatus.ENDED)
    draft = ClientFactory(agency=team.agency, name="Черновик")
    AgreementFactory(client=draft, starts_on=ago(200), status=AgreementStatus.DRAFT)
    future = ClientFactory(agency=team.agency, name="Со следующего месяца")
    AgreementFactory(client=future, starts_on=TODAY + timedelta(days=10))
    ClientFactory(agency=team.agency, name="Без договора")
    assert missed_statuses(team) == []


def test_the_last_status_follows_edits_and_deletions(team):
    """The client keeps its last status day (read for thousands of clients at once): an
    earlier day written over the last one, or the last one deleted, counts at once, and
    a client page saved from a copy read earlier does not put the old day back."""
    client = client_with_agreement(team, "Альфа")
    TouchpointFactory(client=client, held_on=ago(20))
    last = TouchpointFactory(client=client, held_on=ago(1))
    stale_copy = Client.objects.get(pk=client.pk)
    assert missed_statuses(team) == []
    touchpoint_update(touchpoint=last, data={"held_on": ago(12)}, user=None, today=TODAY)
    assert missed_statuses(team) == [("Альфа", ago(12), ago(5))]
    last.delete()
    assert missed_statuses(team) == [("Альфа", ago(20), ago(13))]
    stale_copy.name = "Альфа и партнёры"
    stale_copy.save()
    assert missed_statuses(team) == [("Альфа и партнёры", ago(20), ago(13))]


def test_a_retrospective_follows_its_milestone_through_edits_and_deletion(team):
    client = client_with_agreement(team, "Альфа")
    milestone = DeliverableFactory(agreement=client.agreements.get(), title="Макеты",
                                   actual_done=ago(10), status=DeliverableStatus.APPROVED)
    stale_copy = Deliverable.objects.get(pk=milestone.pk)
    retrospective = TouchpointFactory(client=client, kind="retrospective",
                                      deliverable=milestone, held_on=ago(8))
    stale_copy.title = "Макеты, вторая версия"
    stale_copy.save()
    assert list(touchpoints_missed(agency=team.agency, manager_id=None,
                                   today=TODAY).retrospectives) == []
    retrospective.delete()
    assert list(touchpoints_missed(agency=team.agency, manager_id=None,
                                   today=TODAY).retrospectives) == [milestone]


def test_one_managers_clients(team):
    client_with_agreement(team, "Маши")
    other = client_with_agreement(team, "Ивана")
    other.account_manager = team.ivan.user
    other.save()
    assert [n for n, *_ in missed_statuses(team, manager_id=team.ivan.user.pk)] == ["Ивана"]
    assert [n for n, *_ in missed_statuses(team)] == ["Ивана", "Маши"]


def test_approved_milestones_without_a_retrospective_the_oldest_first(team):
    client = client_with_agreement(team, "Альфа")
    agreement = client.agreements.get()
    approved = dict(agreement=agreement, status=DeliverableStatus.APPROVED)
    later = DeliverableFactory(title="Лендинг", actual_done=ago(3), **approved)
    earlier = DeliverableFactory(title="Макеты", actual_done=ago(30), **approved)
    held = DeliverableFactory(title="Аудит", actual_done=ago(40), **approved)
    TouchpointFactory(client=client, kind="retrospective", deliverable=held, held_on=ago(38))
    DeliverableFactory(agreement=agreement, title="В работе",
                       status=DeliverableStatus.IN_PROGRESS)
    DeliverableFactory(agreement=agreement, title="Завтра", actual_done=TODAY + timedelta(1),
                       status=DeliverableStatus.APPROVED)
    missed = touchpoints_missed(agency=team.agency, manager_id=None, today=TODAY)
    assert list(missed.retrospectives) == [earlier, later]
    assert missed.retrospectives[0].agreement.client.name == "Альфа"
    assert list(touchpoints_missed(agency=team.agency, manager_id=team.ivan.user.pk,
                                   today=TODAY).retrospectives) == []


def test_another_agencys_clients_are_not_counted(team, rival):
    client_with_agreement(rival, "Чужой")
    assert missed_statuses(team) == []


def _populate(team, count: int):
    for index in range(count):
        client = client_with_agreement(team, f"Клиент {index}", started=60 + index,
                                       status_cadence_days=index % 3 + 5)
        TouchpointFactory(client=client, held_on=ago(index % 12))
        DeliverableFactory(agreement=client.agreements.get(), actual_done=ago(index % 20),
                           status=DeliverableStatus.APPROVED)


def _queries(team) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as captured:
        missed = touchpoints_missed(agency=team.agency, manager_id=None, today=TODAY)
        statuses = [(c.name, c.status_due_on) for c in missed.statuses]
        milestones = [(d.title, d.agreement.client.name) for d in missed.retrospectives]
    return len(captured), len(statuses), len(milestones)


def test_the_number_of_queries_does_not_grow_with_the_clients(team):
    _populate(team, 3)
    small, *found_small = _queries(team)
    _populate(team, 30)
    large, *found_large = _queries(team)
    assert found_large[0] > found_small[0] and found_large[1] > found_small[1]
    assert small == large <= 3

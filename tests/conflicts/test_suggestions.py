"""Suggestions for a case read from the client's log: the client's own messages only, calls
and meetings as spoken, triage negativity, the response target of the client's agreement
and the agency's policy."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from retainer.conflicts.reasons import explain
from retainer.conflicts.selectors import case_suggestions
from retainer.policy.services import policy_update
from retainer.rules import conflicts as rules
from tests.factories import AgreementFactory, ClientFactory, ConflictCaseFactory, InteractionFactory

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MOSCOW)


@pytest.fixture
def alfa(team):
    return ClientFactory(agency=team.agency, account_manager=team.masha.user)


@pytest.fixture
def case(alfa):
    return ConflictCaseFactory(client=alfa, opened_at=at(23, 9))


def say(alfa, moment, inbound=True, negativity=None, channel="chat"):
    return InteractionFactory(client=alfa, occurred_at=moment, channel=channel,
                              direction="in" if inbound else "out", negativity=negativity)


def ping_pong(alfa, count):
    start = at(23, 10)
    for index in range(count):
        say(alfa, start + timedelta(minutes=15 * index), inbound=index % 2 == 0)


def ids(case, now):
    return [suggestion.id for suggestion in case_suggestions(case, now)]


def test_a_chat_ping_pong_suggests_a_call(team, alfa, case):
    ping_pong(alfa, 5)
    assert ids(case, at(23, 12)) == []
    say(alfa, at(23, 11, 15), inbound=False)
    found = case_suggestions(case, at(23, 12))
    assert [s.id for s in found] == [rules.MOVE_TO_CALL]
    assert dict(found[0].reason.figures)["turns"] == "6"


def test_a_call_ends_the_ping_pong(alfa, case):
    ping_pong(alfa, 6)
    say(alfa, at(23, 11, 40), inbound=False, channel="call")
    assert ids(case, at(23, 12)) == []


def test_another_clients_messages_are_not_read(team, rival, alfa, case):
    ping_pong(ClientFactory(agency=team.agency), 6)
    ping_pong(ClientFactory(agency=rival.agency), 6)
    assert ids(case, at(23, 12)) == []


def test_a_message_at_peak_emotion_is_acknowledged_within_the_agreements_target(alfa, case):
    AgreementFactory(client=alfa, response_target_hours=Decimal(2))
    say(alfa, at(23, 10), inbound=False)
    say(alfa, at(23, 12, 30), negativity=0.9)
    found = case_suggestions(case, at(23, 12, 40))
    assert [s.id for s in found] == [rules.PAUSE]
    assert found[0].due == at(23, 15, 30)  # 30 min before lunch, 1.5 h after
    assert ids(case, at(23, 12, 40)) == [rules.PAUSE]
    say(alfa, at(23, 12, 50), inbound=False)
    assert ids(case, at(23, 13)) == []


def test_a_quiet_client_is_asked_directly_and_an_old_case_escalates(team, alfa, case):
    say(alfa, at(23, 10), inbound=False)
    assert ids(case, at(24, 18)) == []
    assert ids(case, at(25, 10)) == [rules.ASK_DIRECTLY]
    assert ids(case, at(30, 9, 1)) == [rules.ESCALATE, rules.ASK_DIRECTLY]
    policy_update(agency=team.agency, actor=team.olena.user,
                  changes={"client_quiet_hours": "40"})
    assert ids(case, at(25, 10)) == []


def test_a_closed_case_gets_no_suggestions(team, alfa):
    closed = ConflictCaseFactory(client=alfa, opened_at=at(2, 9), steps_done=4,
                                 closed_at=at(3, 9), solution="Решено")
    say(alfa, at(23, 10), inbound=False)
    assert ids(closed, at(30, 10)) == []


def test_each_suggestion_is_explained_with_its_figures(alfa, case):
    say(alfa, at(23, 10), inbound=False)
    say(alfa, at(23, 12, 30), negativity=0.95)
    (pause,) = case_suggestions(case, at(23, 12, 40))
    with timezone.override(MOSCOW), translation.override("en"):
        explained = explain(pause)
    assert explained.action == "Pause before answering in substance"
    assert "2026-11-23 12:30" in explained.reason and "0.95" in explained.reason
    assert "2026-11-23 17:30" in explained.reason  # four business hours, lunch excluded

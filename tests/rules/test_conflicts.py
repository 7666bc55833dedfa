"""Suggestions in an open conflict (BRIEF C5, article 003).

Each move at its edge — escalation one second past the policy's days, a pause at exactly
the peak negativity with the acknowledgement due in business time over a weekend, a
ping-pong of exactly the policy's turns, silence of exactly the quiet hours — and properties
over generated message logs: determinism, the order messages are given in does not matter,
a pause and a direct question never come together, and the acknowledgement is due exactly
one response target of business time after the first message waiting for us.
"""

import itertools
import random
from dataclasses import replace
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.business_time import BusinessCalendar, business_time_between
from retainer.rules.conflicts import (
    ASK_DIRECTLY,
    ESCALATE,
    MOVE_TO_CALL,
    PAUSE,
    SUGGESTIONS,
    CaseMessage,
    ConflictCase,
    suggest,
    turns,
)
from retainer.rules.policy import DEFAULT_POLICY

MSK = ZoneInfo("Europe/Moscow")
RUSSIA = BusinessCalendar("Europe/Moscow", dict.fromkeys(range(5), [(time(9), time(13)),
                                                                    (time(14), time(18))]), "RU")
POLICY = DEFAULT_POLICY  # 6 turns in 24 h, 7 days, peak 0.7, quiet after 16 business hours


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment in Moscow: Monday 23 November 2026 is the 23rd, Friday the 27th."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=MSK)


def case(now, opened=None, **kwargs):
    return ConflictCase(opened or now - timedelta(days=1), now, RUSSIA, **kwargs)


def client(moment, negativity=0.0, spoken=False):
    return CaseMessage(moment, True, negativity, spoken)


def us(moment, spoken=False):
    return CaseMessage(moment, False, spoken=spoken)


def ids(suggestions):
    return [suggestion.id for suggestion in suggestions]


def figures(suggestions, suggestion_id):
    return next(dict(s.reason.figures) for s in suggestions if s.id == suggestion_id)


# ---- escalate -------------------------------------------------------------------------

def test_a_conflict_open_longer_than_the_policys_days_escalates():
    opened = at(16, 10)
    assert suggest(case(at(23, 10), opened), [], POLICY) == []
    found = suggest(case(at(23, 10, 0, 1), opened), [], POLICY)
    assert ids(found) == [ESCALATE]
    assert figures(found, ESCALATE) == {"open_days": "7", "limit_days": "7",
                                        "opened_at": "2026-11-16 10:00:00+03:00"}
    assert found[0].due is None and found[0].policy_version == POLICY.version


def test_a_resolved_conflict_gets_no_suggestions():
    log = [client(at(27, 17), 0.95)]
    assert suggest(case(at(27, 17, 5), at(1, 10), resolved=True), log, POLICY) == []


# ---- pause ----------------------------------------------------------------------------

def test_a_message_at_peak_emotion_gets_a_pause_and_an_acknowledgement_in_business_time():
    # Friday 17:00 with a 4-hour target: one hour on Friday, three on Monday.
    found = suggest(case(at(27, 17, 5)), [us(at(27, 12)), client(at(27, 17), 0.9)], POLICY)
    assert ids(found) == [PAUSE]
    assert found[0].due == at(30, 12)
    assert figures(found, PAUSE) == {
        "negativity": "0.9", "peak": "0.7", "received": "2026-11-27 17:00:00+03:00",
        "acknowledge_by": "2026-11-30 12:00:00+03:00"}


@pytest.mark.parametrize(("negativity", "paused"), [(0.7, True), (0.69, False), (1.0, True)])
def test_the_pause_starts_at_the_policys_peak(negativity, paused):
    found = suggest(case(at(23, 11)), [client(at(23, 10), negativity)], POLICY)
    assert (PAUSE in ids(found)) is paused


def test_a_message_already_answered_needs_no_pause():
    log = [client(at(23, 10), 0.95), us(at(23, 10, 30))]
    assert PAUSE not in ids(suggest(case(at(23, 11)), log, POLICY))


def test_the_acknowledgement_is_due_from_the_first_message_waiting_for_us():
    log = [us(at(27, 12)), client(at(27, 16), 0.3), client(at(27, 17), 0.95)]
    found = suggest(case(at(27, 17, 5)), log, POLICY)
    assert found[0].due == at(30, 11)  # Friday 16:00 + 4 business hours
    assert figures(found, PAUSE)["received"] == "2026-11-27 17:00:00+03:00"


def test_the_acknowledgement_follows_the_agreements_target():
    found = suggest(case(at(23, 10, 5), response_target_hours=Decimal("0.5")),
                    [client(at(23, 10), 0.8)], POLICY)
    assert found[0].due == at(23, 10, 30)


# ---- move to a call -------------------------------------------------------------------

MONDAY_10 = at(23, 10)


def ping_pong(count, start=MONDAY_10, step=timedelta(minutes=20)):
    return [client(start + index * step) if index % 2 == 0 else us(start + index * step)
            for index in range(count)]


def test_six_alternating_messages_in_a_day_suggest_a_call():
    log = ping_pong(6)
    found = suggest(case(at(23, 12)), log, POLICY)
    assert ids(found) == [MOVE_TO_CALL]
    assert figures(found, MOVE_TO_CALL) == {"turns": "6", "limit": "6", "hours": "24",
                                            "since": "2026-11-23 10:00:00+03:00"}
    assert MOVE_TO_CALL not in ids(suggest(case(at(23, 12)), ping_pong(5), POLICY))


def test_messages_in_a_row_from_one_side_are_one_turn():
    log = ping_pong(5)
    log.insert(1, client(at(23, 10, 5)))  # the client writes twice before we answer
    assert turns(log) == 5
    assert MOVE_TO_CALL not in ids(suggest(case(at(23, 12)), log, POLICY))


def test_a_call_since_the_ping_pong_ends_it():
    log = ping_pong(6) + [us(at(23, 12), spoken=True)]
    assert MOVE_TO_CALL not in ids(suggest(case(at(23, 12, 30)), log, POLICY))
    log += ping_pong(5, at(23, 13))
    assert MOVE_TO_CALL not in ids(suggest(case(at(23, 15)), log, POLICY))


def test_only_the_policys_hours_count():
    log = ping_pong(6, at(22, 10), timedelta(hours=5))  # 25 hours from first to last
    assert MOVE_TO_CALL not in ids(suggest(case(at(23, 11)), log, POLICY))
    assert MOVE_TO_CALL in ids(suggest(case(at(23, 11)), log, replace(POLICY,
                                                                      chat_pingpong_hours=26)))


# ---- ask directly ---------------------------------------------------------------------

def test_a_client_quiet_for_the_policys_business_hours_is_asked_directly():
    log = [client(at(23, 9)), us(at(23, 10))]
    # Monday 10:00 → Tuesday 18:00 is 7 + 8 = 15 business hours; Wednesday 10:00 makes 16.
    assert ASK_DIRECTLY not in ids(suggest(case(at(24, 18)), log, POLICY))
    found = suggest(case(at(25, 10)), log, POLICY)
    assert ids(found) == [ASK_DIRECTLY]
    assert figures(found, ASK_DIRECTLY) == {"silent_min": "960", "quiet_hours": "16",
                                            "since": "2026-11-23 10:00:00+03:00"}


def test_a_weekend_is_not_silence():
    log = [us(at(27, 14))]  # Friday 14:00 → Monday 14:00: 4 + 4 business hours
    assert suggest(case(at(30, 14)), log, POLICY) == []


def test_a_message_after_the_moment_asked_about_is_not_read():
    log = [us(at(23, 10)), client(at(25, 11), 0.9)]
    assert ids(suggest(case(at(25, 10)), log, POLICY)) == [ASK_DIRECTLY]


# ---- together -------------------------------------------------------------------------

def test_suggestions_come_most_urgent_first():
    log = [*ping_pong(6), client(at(23, 11, 50), 0.9)]
    found = suggest(case(at(23, 12), at(10, 10)), log, POLICY)
    assert ids(found) == [ESCALATE, PAUSE, MOVE_TO_CALL]


def test_naive_moments_are_refused():
    with pytest.raises(ValueError, match="time-zone-aware"):
        CaseMessage(datetime(2026, 11, 23, 10), True)  # noqa: DTZ001
    with pytest.raises(ValueError, match="time-zone-aware"):
        ConflictCase(at(23, 10), datetime(2026, 11, 23, 12), RUSSIA)  # noqa: DTZ001


# ---- properties -----------------------------------------------------------------------

PROPERTY = settings(max_examples=200, deadline=None)
START = at(23, 8)


@st.composite
def logs(draw, distinct=False, days=7):
    minutes = st.integers(0, days * 24 * 60)
    offsets = draw(st.lists(minutes, max_size=30, unique=distinct))
    return [CaseMessage(START + timedelta(minutes=offset), draw(st.booleans()),
                        draw(st.sampled_from([0.0, 0.2, 0.5, 0.7, 0.9, 1.0])),
                        draw(st.integers(0, 19)) == 0)  # now and then a call
            for offset in offsets]


def cases(days=8):
    return st.builds(
        lambda opened, now: ConflictCase(START - timedelta(minutes=opened),
                                         START + timedelta(minutes=now), RUSSIA),
        st.integers(0, 14 * 24 * 60), st.integers(0, days * 24 * 60))


@PROPERTY
@given(cases(), logs())
def test_the_same_case_gives_the_same_suggestions(conflict, log):
    first = suggest(conflict, log, POLICY)
    assert first == suggest(replace(conflict), [replace(m) for m in log], replace(POLICY))
    assert len(set(ids(first))) == len(first) and set(ids(first)) <= set(SUGGESTIONS)
    assert ids(first) == sorted(ids(first), key=SUGGESTIONS.index)
    assert not {PAUSE, ASK_DIRECTLY} <= set(ids(first))


@PROPERTY
@given(cases(), logs(distinct=True), st.randoms(use_true_random=False))
def test_the_order_messages_are_given_in_does_not_matter(conflict, log, rng: random.Random):
    shuffled = list(log)
    rng.shuffle(shuffled)
    assert suggest(conflict, shuffled, POLICY) == suggest(conflict, log, POLICY)


@PROPERTY
@given(cases(), logs())
def test_the_acknowledgement_is_due_one_target_after_the_first_waiting_message(conflict, log):
    pause = next((s for s in suggest(conflict, log, POLICY) if s.id == PAUSE), None)
    if pause is None:
        return
    seen = sorted((m for m in log if m.at <= conflict.now), key=lambda m: m.at)
    waiting = list(itertools.takewhile(lambda m: m.inbound, reversed(seen)))
    first = waiting[-1].at
    assert pause.due >= first
    assert business_time_between(RUSSIA, first, pause.due) == timedelta(hours=4)


@PROPERTY
@given(cases(days=1), logs(days=1))
def test_a_call_is_suggested_after_a_written_ping_pong_within_the_window(conflict, log):
    seen = sorted((m for m in log if m.at <= conflict.now), key=lambda m: m.at)
    spoken = [index for index, m in enumerate(seen) if m.spoken]
    since = conflict.now - timedelta(hours=POLICY.chat_pingpong_hours)
    written = [m.inbound for m in seen[(spoken[-1] + 1 if spoken else 0):] if m.at >= since]
    expected = len(list(itertools.groupby(written))) >= POLICY.chat_pingpong_messages
    assert (MOVE_TO_CALL in ids(suggest(conflict, log, POLICY))) is expected


@given(st.lists(st.booleans(), max_size=40))
def test_turns_are_the_runs_of_one_side(sides):
    log = [CaseMessage(START + timedelta(minutes=index), inbound)
           for index, inbound in enumerate(sides)]
    assert turns(log) == len([side for side, _ in itertools.groupby(sides)])

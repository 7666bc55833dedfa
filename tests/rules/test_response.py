from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from retainer.rules.business_time import BusinessCalendar
from retainer.rules.policy import Policy
from retainer.rules.response import (
    ClockState,
    Message,
    answers,
    clock_reading,
    reply_due,
    reply_target,
    response_time,
)

MSK = ZoneInfo("Europe/Moscow")
CALENDAR = BusinessCalendar(
    timezone="Europe/Moscow",
    windows={day: [(time(9), time(13)), (time(14), time(18))] for day in range(5)},
)
H = timedelta(hours=1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026: the 23rd is a Monday."""
    return datetime(2026, 11, day, hour, minute, tzinfo=MSK)


def test_every_inbound_message_is_answered_by_the_next_outbound_one():
    log = [Message(1, True, at(23, 10)), Message(2, True, at(23, 11)),
           Message(3, False, at(23, 12)), Message(4, True, at(23, 15))]
    result = {a.message_id: a for a in answers(log)}
    assert result[1].reply_id == 3 and result[2].reply_id == 3
    assert result[1].replied_at == at(23, 12)
    assert result[4].reply_id is None and result[4].replied_at is None
    assert set(result) == {1, 2, 4}


def test_the_first_message_of_a_thread_is_told_apart_from_the_next():
    log = [Message(1, True, at(23, 10), "a"), Message(2, False, at(23, 11), "a"),
           Message(3, True, at(23, 12), "a"), Message(4, False, at(23, 13), "b"),
           Message(5, True, at(23, 14), "b"), Message(6, True, at(23, 15), "c")]
    first = {a.message_id: a.first_in_thread for a in answers(log)}
    # 5 answers a thread we opened with 4, so it is not a first message.
    assert first == {1: True, 3: False, 5: False, 6: True}


def test_targets_come_from_the_policy_for_first_replies_and_the_agreement_after():
    policy = Policy(first_response_target_hours=Decimal("2"), response_target_hours=Decimal("8"))
    assert reply_target(first_in_thread=True, agreement_hours=Decimal("3"), policy=policy) == 2 * H
    assert reply_target(first_in_thread=False, agreement_hours=Decimal("3"),
                        policy=policy) == 3 * H
    assert reply_target(first_in_thread=False, agreement_hours=None, policy=policy) == 8 * H
    assert reply_target(first_in_thread=False, agreement_hours=Decimal("0.25"),
                        policy=policy) == timedelta(minutes=15)


def test_a_friday_evening_message_is_due_on_monday_and_a_pause_moves_it():
    friday_16 = at(27, 16)
    assert reply_due(CALENDAR, friday_16, 4 * H) == at(30, 11)  # 2 h Friday, lunch skipped
    assert reply_due(CALENDAR, friday_16, 4 * H, paused=3 * H) == at(30, 15)


def clock_state(calendar, **kwargs) -> ClockState:
    return clock_reading(calendar, **kwargs).state


def test_clock_states():
    due = at(23, 17)
    kwargs = {"due": due, "target": 4 * H, "near_pct": 25}
    assert clock_state(CALENDAR, now=at(23, 14), **kwargs) == ClockState.ON_TIME
    assert clock_state(CALENDAR, now=at(23, 16), **kwargs) == ClockState.NEAR
    assert clock_state(CALENDAR, now=at(23, 17), **kwargs) == ClockState.BREACHED
    assert clock_state(CALENDAR, now=at(23, 14), paused=True, **kwargs) == ClockState.PAUSED
    assert clock_state(CALENDAR, due=None, now=at(23, 14), target=4 * H,
                       near_pct=25) == ClockState.PAUSED


def test_near_is_counted_in_business_time_over_a_weekend():
    # Due Monday 10:00; at Friday 17:30 there are 1.5 business hours left of a 4-hour target,
    # from Friday 18:00 on one hour (a quarter) is left, all weekend long.
    state = clock_state(CALENDAR, due=at(30, 10), now=at(27, 17, 30), target=4 * H, near_pct=25)
    assert state == ClockState.ON_TIME
    for now in (at(27, 18), at(28, 12), at(29, 23)):
        state = clock_state(CALENDAR, due=at(30, 10), now=now, target=4 * H, near_pct=25)
        assert state == ClockState.NEAR


def test_response_time_leaves_out_nights_lunch_and_our_waiting_for_the_client():
    assert response_time(CALENDAR, at(23, 17), at(24, 10)) == 2 * H
    assert response_time(CALENDAR, at(23, 12), at(23, 15)) == 2 * H
    assert response_time(CALENDAR, at(23, 10), at(23, 16), paused=3 * H) == 2 * H


messages = st.lists(st.tuples(st.booleans(), st.integers(0, 5000), st.sampled_from("ab")),
                    max_size=40)


@given(messages)
def test_every_inbound_message_gets_exactly_one_answer_and_never_from_the_past(spec):
    log = [Message(i, inbound, at(23, 9) + timedelta(minutes=minute), thread)
           for i, (inbound, minute, thread) in enumerate(sorted(spec, key=lambda s: s[1]))]
    result = list(answers(log))
    inbound = [m for m in log if m.inbound]
    assert sorted(a.message_id for a in result) == [m.id for m in inbound]
    by_id = {m.id: m for m in log}
    for answer in result:
        if answer.reply_id is not None:
            reply = by_id[answer.reply_id]
            assert not reply.inbound
            assert reply.id > answer.message_id and reply.at >= by_id[answer.message_id].at
            # No earlier outbound message sits between the message and its answer.
            assert not any(not m.inbound and answer.message_id < m.id < reply.id for m in log)

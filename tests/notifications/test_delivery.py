"""When a notice's e-mail may go: at once inside a working window, else when the next one
opens — never at night, at lunch or over a weekend or holiday (BRIEF C8, C11)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.notifications.delivery import email_send_at
from retainer.rules.business_time import BusinessCalendar, business_time_between, is_working_time

MSK = ZoneInfo("Europe/Moscow")
DAY = [(time(9), time(13)), (time(14), time(18))]
CALENDAR = BusinessCalendar(timezone="Europe/Moscow", windows=dict.fromkeys(range(5), DAY),
                            holidays_country="RU", days_off=frozenset({date(2026, 11, 25)}))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MSK)  # the 23rd is a Monday


def test_inside_working_hours_it_goes_at_once():
    assert email_send_at(CALENDAR, at(23, 10, 17)) == at(23, 10, 17)


def test_at_night_it_waits_for_the_morning():
    assert email_send_at(CALENDAR, at(23, 23, 30)) == at(24, 9)
    assert email_send_at(CALENDAR, at(24, 3)) == at(24, 9)


def test_at_lunch_it_waits_for_the_afternoon():
    assert email_send_at(CALENDAR, at(23, 13, 20)) == at(23, 14)


def test_over_days_off_and_the_weekend_it_waits_for_the_next_working_day():
    assert email_send_at(CALENDAR, at(24, 18)) == at(26, 9)  # the 25th is the agency's day off
    assert email_send_at(CALENDAR, at(27, 19)) == at(30, 9)  # Friday evening → Monday


def test_a_calendar_without_working_time_sends_at_once():
    never = BusinessCalendar(timezone="Europe/Moscow", windows={})
    assert email_send_at(never, at(28, 3)) == at(28, 3)


# Hypothesis takes naive bounds and attaches the zone itself.
moments = st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31),  # noqa: DTZ001
                       timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(moments)
def test_never_before_now_and_never_outside_working_hours(now):
    sent = email_send_at(CALENDAR, now)
    assert sent >= now
    assert is_working_time(CALENDAR, sent)
    assert (sent == now) == is_working_time(CALENDAR, now)


@settings(max_examples=300, deadline=None)
@given(moments)
def test_it_waits_no_longer_than_the_next_window(now):
    sent = email_send_at(CALENDAR, now)
    # No working time is skipped on the way: it goes at the very first working moment.
    assert business_time_between(CALENDAR, now, sent) == timedelta(0)
    assert email_send_at(CALENDAR, sent) == sent

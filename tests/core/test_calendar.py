"""The agency's stored settings as the rules core's calendar."""

from __future__ import annotations

from datetime import date, time

from retainer.accounts.models import Agency
from retainer.core.calendar import business_calendar, default_windows


def agency(**settings) -> Agency:
    values = {"name": "A", "timezone": "Europe/Moscow", "working_windows": default_windows(),
              "holiday_country": "RU", "days_off": [], "working_days": []}
    return Agency(**(values | settings))


def test_the_settings_become_the_calendar():
    calendar = business_calendar(agency(days_off=["2026-12-30"], working_days=["2026-12-26"]))
    assert calendar.timezone == "Europe/Moscow"
    assert calendar.windows[0] == [(time(9), time(13)), (time(14), time(18))]
    assert 5 not in calendar.windows
    assert calendar.holidays_country == "RU"
    assert calendar.days_off == frozenset({date(2026, 12, 30)})
    assert calendar.working_days == frozenset({date(2026, 12, 26)})


def test_the_same_settings_share_one_calendar_and_a_change_gives_a_new_one():
    first = business_calendar(agency())
    assert business_calendar(agency()) is first  # what it learnt about days is kept
    windows = default_windows() | {"5": [["10:00", "14:00"]]}
    for changed in (agency(timezone="Europe/Kyiv"), agency(working_windows=windows),
                    agency(holiday_country="UA"), agency(days_off=["2026-12-30"]),
                    agency(working_days=["2026-12-26"])):
        calendar = business_calendar(changed)
        assert calendar is not first and calendar != first
    assert business_calendar(agency(working_windows=windows)).windows[5] == [(time(10),
                                                                             time(14))]

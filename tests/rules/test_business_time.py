"""Business time: windows, lunch breaks, holidays, days off and clock changes.

Expected values are worked out by hand in each test from the calendar it builds; the
properties check the arithmetic against itself (add, then measure) and against a plain
day-by-day count written here.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.business_time import (
    BusinessCalendar,
    add_business_days,
    add_business_time,
    business_time_between,
    is_working_day,
    is_working_time,
    roll_forward,
    supported_countries,
)

MOSCOW = ZoneInfo("Europe/Moscow")
KYIV = ZoneInfo("Europe/Kyiv")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)

LUNCH_BREAK = [(time(9), time(13)), (time(14), time(18))]
NINE_TO_SIX = [(time(9), time(18))]
WEEKDAYS = dict.fromkeys(range(5), LUNCH_BREAK)
RUSSIA = BusinessCalendar("Europe/Moscow", WEEKDAYS, "RU")


def moscow(*args) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


# ---- adding business time -------------------------------------------------------------

def test_the_default_four_hour_target_from_friday_afternoon_ends_on_monday_morning():
    # Friday 16:00–18:00 gives two hours, Monday 09:00–11:00 the other two.
    assert add_business_time(RUSSIA, moscow(2026, 1, 16, 16), 4 * H) == moscow(2026, 1, 19, 11)


def test_a_start_in_the_new_year_holidays_counts_from_the_first_working_day():
    # 1–8 January are holidays, 9 January a day off moved from the 3rd, then a weekend.
    assert add_business_time(RUSSIA, moscow(2026, 1, 2, 10), H) == moscow(2026, 1, 12, 10)


def test_a_start_during_lunch_counts_from_the_afternoon_window():
    assert add_business_time(RUSSIA, moscow(2026, 1, 20, 13, 30), H) == moscow(2026, 1, 20, 15)


def test_a_start_after_hours_counts_from_the_next_morning():
    assert add_business_time(RUSSIA, moscow(2026, 1, 20, 19), 30 * MINUTE) == moscow(
        2026, 1, 21, 9, 30)


def test_time_running_out_at_a_window_end_gives_that_end():
    assert add_business_time(RUSSIA, moscow(2026, 1, 20, 12), H) == moscow(2026, 1, 20, 13)
    assert add_business_time(RUSSIA, moscow(2026, 1, 20, 17), H) == moscow(2026, 1, 20, 18)


def test_a_duration_spanning_lunch_skips_it():
    assert add_business_time(RUSSIA, moscow(2026, 1, 20, 12), 2 * H) == moscow(2026, 1, 20, 15)


@pytest.mark.parametrize(("start", "rolled"), [
    (moscow(2026, 1, 20, 10, 15), moscow(2026, 1, 20, 10, 15)),  # already working time
    (moscow(2026, 1, 20, 13), moscow(2026, 1, 20, 14)),  # a window's end is not working time
    (moscow(2026, 1, 20, 13, 15), moscow(2026, 1, 20, 14)),
    (moscow(2026, 1, 20, 18), moscow(2026, 1, 21, 9)),
    (moscow(2026, 1, 17, 12), moscow(2026, 1, 19, 9)),  # Saturday
])
def test_zero_duration_rolls_the_start_into_working_time(start, rolled):
    assert add_business_time(RUSSIA, start, timedelta(0)) == rolled
    assert roll_forward(RUSSIA, start) == rolled


def test_the_answer_is_in_the_calendars_zone_whatever_the_zone_of_the_start():
    start = datetime(2026, 1, 16, 13, tzinfo=UTC)  # 16:00 in Moscow
    result = add_business_time(RUSSIA, start, 4 * H)
    assert result == moscow(2026, 1, 19, 11)
    assert result.tzinfo == MOSCOW
    assert (result.day, result.hour, result.minute) == (19, 11, 0)


def test_microseconds_are_kept():
    start = moscow(2026, 1, 20, 12, 59, 59, 999_999)
    assert add_business_time(RUSSIA, start, timedelta(microseconds=2)) == moscow(
        2026, 1, 20, 14, 0, 0, 1)


# ---- extra working days, days off, national working Saturdays ------------------------------

def test_a_saturday_the_country_moved_into_the_working_week_is_worked():
    # Russia worked on Saturday 27 April 2024 in exchange for days off around 1 May.
    assert is_working_day(RUSSIA, date(2024, 4, 27))
    assert add_business_time(RUSSIA, moscow(2024, 4, 26, 17), 2 * H) == moscow(2024, 4, 27, 10)


def test_an_agency_working_saturday_runs_on_the_ordinary_windows():
    calendar = BusinessCalendar("Europe/Moscow", WEEKDAYS, "RU",
                                working_days=frozenset({date(2026, 1, 17)}))
    assert add_business_time(calendar, moscow(2026, 1, 16, 16), 4 * H) == moscow(2026, 1, 17, 11)
    assert not is_working_time(calendar, moscow(2026, 1, 17, 13, 30))


def test_a_working_saturday_borrows_the_windows_most_weekdays_share():
    short_friday = dict.fromkeys(range(4), LUNCH_BREAK) | {4: [(time(9), time(16))]}
    calendar = BusinessCalendar("Europe/Moscow", short_friday,
                                working_days=frozenset({date(2026, 1, 17)}))
    assert not is_working_time(calendar, moscow(2026, 1, 17, 13, 30))
    assert is_working_time(calendar, moscow(2026, 1, 17, 17))


def test_a_holiday_the_agency_works_keeps_its_weekday_windows():
    calendar = BusinessCalendar("Europe/Moscow", WEEKDAYS, "RU",
                                working_days=frozenset({date(2026, 1, 2)}))
    assert add_business_time(calendar, moscow(2026, 1, 2, 10), H) == moscow(2026, 1, 2, 11)


def test_an_agency_day_off_is_skipped():
    calendar = BusinessCalendar("Europe/Moscow", WEEKDAYS, "RU",
                                days_off=frozenset({date(2026, 1, 19)}))
    assert add_business_time(calendar, moscow(2026, 1, 16, 16), 4 * H) == moscow(2026, 1, 20, 11)


def test_the_agency_overrides_the_country_and_working_days_override_days_off():
    saturday = date(2024, 4, 27)
    resting = BusinessCalendar("Europe/Moscow", WEEKDAYS, "RU", days_off=frozenset({saturday}))
    assert not is_working_day(resting, saturday)
    both = BusinessCalendar("Europe/Moscow", WEEKDAYS, "RU", days_off=frozenset({saturday}),
                            working_days=frozenset({saturday}))
    assert is_working_day(both, saturday)


def test_ukraine_lists_no_holiday_days_off_under_martial_law_so_days_off_cover_them():
    ukraine = BusinessCalendar("Europe/Kyiv", WEEKDAYS, "UA")
    assert is_working_day(ukraine, date(2026, 1, 1))
    resting = BusinessCalendar("Europe/Kyiv", WEEKDAYS, "UA", days_off=frozenset({date(2026, 1, 1)}))
    assert not is_working_day(resting, date(2026, 1, 1))


# ---- clock changes ----------------------------------------------------------------------

def test_a_weekend_with_a_clock_change_moves_the_offset_not_the_wall_clock():
    # Kyiv moves to summer time on Sunday 29 March 2026.
    calendar = BusinessCalendar("Europe/Kyiv", dict.fromkeys(range(5), NINE_TO_SIX))
    result = add_business_time(calendar, datetime(2026, 3, 27, 17, tzinfo=KYIV), 2 * H)
    assert result == datetime(2026, 3, 30, 10, tzinfo=KYIV)
    assert result.utcoffset() == 3 * H


def test_new_york_counts_a_start_given_in_utc_across_its_clock_change():
    calendar = BusinessCalendar("America/New_York", dict.fromkeys(range(5), NINE_TO_SIX), "US")
    start = datetime(2026, 3, 6, 21, tzinfo=UTC)  # Friday 16:00 EST
    assert add_business_time(calendar, start, 3 * H) == datetime(2026, 3, 9, 10, tzinfo=NEW_YORK)
    assert business_time_between(calendar, start, datetime(2026, 3, 9, 14, tzinfo=UTC)) == 3 * H


@pytest.mark.parametrize(("sunday", "hours"), [(date(2026, 3, 29), 5), (date(2026, 10, 25), 7)])
def test_a_window_across_a_clock_change_counts_real_time(sunday, hours):
    calendar = BusinessCalendar("Europe/Berlin", {6: [(time(0), time(6))]})
    midnight = datetime.combine(sunday, time(0), tzinfo=BERLIN)
    assert business_time_between(calendar, midnight, midnight + 12 * H) == hours * H
    assert add_business_time(calendar, midnight, hours * H) == datetime.combine(
        sunday, time(6), tzinfo=BERLIN)


def test_a_window_starting_at_a_skipped_time_starts_when_the_clock_jumps():
    # At 02:00 on 29 March 2026 Berlin's clocks jump to 03:00.
    calendar = BusinessCalendar("Europe/Berlin", {6: [(time(2, 30), time(4))]})
    saturday = datetime(2026, 3, 28, 12, tzinfo=BERLIN)
    opens = roll_forward(calendar, saturday)
    assert opens == datetime(2026, 3, 29, 3, tzinfo=BERLIN)
    assert opens == datetime(2026, 3, 29, 1, tzinfo=UTC)
    assert business_time_between(calendar, saturday, saturday + 48 * H) == H


def test_windows_either_side_of_a_skipped_hour_neither_overlap_nor_lengthen():
    calendar = BusinessCalendar("Europe/Berlin", {6: [(time(1), time(2, 30)),
                                                      (time(2, 40), time(2, 50)),
                                                      (time(3), time(4))]})
    saturday = datetime(2026, 3, 28, 12, tzinfo=BERLIN)
    # 01:00 until the jump is one hour, the window inside the gap is gone, 03:00–04:00 is one.
    assert business_time_between(calendar, saturday, saturday + 48 * H) == 2 * H


def test_a_window_inside_a_skipped_hour_never_opens():
    calendar = BusinessCalendar("Europe/Berlin", {6: [(time(2, 10), time(2, 50)), (time(5), time(6))]})
    saturday = datetime(2026, 3, 28, 12, tzinfo=BERLIN)
    assert roll_forward(calendar, saturday) == datetime(2026, 3, 29, 5, tzinfo=BERLIN)
    assert business_time_between(calendar, saturday, saturday + 48 * H) == H


def test_a_window_starting_in_the_repeated_hour_starts_at_its_first_occurrence():
    # At 03:00 on 25 October 2026 Berlin's clocks go back to 02:00.
    calendar = BusinessCalendar("Europe/Berlin", {6: [(time(2, 30), time(4))]})
    opens = roll_forward(calendar, datetime(2026, 10, 24, 12, tzinfo=BERLIN))
    # Python never finds a repeated wall time equal to a moment in another zone, so compare
    # in UTC: 02:30 summer time is 00:30 UTC, the second 02:30 would be 01:30.
    assert opens.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    saturday = datetime(2026, 10, 24, 12, tzinfo=BERLIN)
    assert business_time_between(calendar, saturday, saturday + 48 * H) == 2.5 * H


# ---- measuring and checking ------------------------------------------------------------

def test_time_between_counts_only_windows():
    # Friday 16:00–18:00 and Monday 09:00–11:00.
    assert business_time_between(RUSSIA, moscow(2026, 1, 16, 16), moscow(2026, 1, 19, 11)) == 4 * H
    # 12:00–13:00 and 14:00–14:30 around lunch.
    assert business_time_between(RUSSIA, moscow(2026, 1, 20, 12), moscow(2026, 1, 20, 14, 30)) == (
        1.5 * H)


def test_time_between_backwards_is_negative():
    assert business_time_between(RUSSIA, moscow(2026, 1, 19, 11), moscow(2026, 1, 16, 16)) == -4 * H


@pytest.mark.parametrize(("moment", "working"), [
    (moscow(2026, 1, 20, 9), True),
    (moscow(2026, 1, 20, 12, 59, 59), True),
    (moscow(2026, 1, 20, 13), False),
    (moscow(2026, 1, 20, 14), True),
    (moscow(2026, 1, 20, 18), False),
    (moscow(2026, 1, 20, 8, 59), False),
    (moscow(2026, 1, 17, 10), False),  # Saturday
    (moscow(2026, 2, 23, 10), False),  # Defender of the Fatherland Day
])
def test_working_time(moment, working):
    assert is_working_time(RUSSIA, moment) is working


# ---- business days ----------------------------------------------------------------------

@pytest.mark.parametrize(("day", "days", "expected"), [
    (date(2026, 2, 20), 1, date(2026, 2, 24)),  # Friday, then a weekend and Monday's holiday
    (date(2026, 2, 24), -1, date(2026, 2, 20)),
    (date(2026, 2, 20), 0, date(2026, 2, 20)),
    (date(2026, 2, 21), 0, date(2026, 2, 24)),  # a Saturday rolls to the next working day
    (date(2026, 1, 17), 1, date(2026, 1, 20)),  # Saturday → Monday, then one more
    (date(2026, 1, 17), -1, date(2026, 1, 16)),
    # Tuesday the 30th, then 31 December (a day off moved from 5 January), the New Year
    # holidays to the 8th, the 9th (moved from the 3rd) and a weekend.
    (date(2025, 12, 29), 2, date(2026, 1, 12)),
])
def test_add_business_days(day, days, expected):
    assert add_business_days(RUSSIA, day, days) == expected


# ---- bad input --------------------------------------------------------------------------

def test_a_naive_datetime_is_refused():
    naive = datetime(2026, 1, 20, 10)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="time-zone-aware datetime"):
        add_business_time(RUSSIA, naive, H)
    with pytest.raises(ValueError, match="end needs a time-zone-aware datetime"):
        business_time_between(RUSSIA, moscow(2026, 1, 20, 10), naive)
    with pytest.raises(ValueError, match="time-zone-aware datetime"):
        is_working_time(RUSSIA, naive)


def test_a_negative_duration_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_business_time(RUSSIA, moscow(2026, 1, 20, 10), -MINUTE)


def test_a_calendar_without_working_time_says_so_instead_of_looping():
    idle = BusinessCalendar("UTC", {})
    with pytest.raises(ValueError, match="has no working time"):
        add_business_time(idle, datetime(2026, 1, 1, tzinfo=UTC), H)
    with pytest.raises(ValueError, match="has no working time"):
        add_business_days(idle, date(2026, 1, 1), 1)


def test_years_of_idle_days_between_windows_are_not_taken_for_no_working_time():
    # One hour each Monday: two hundred hours end on the two-hundredth Monday.
    mondays = BusinessCalendar("UTC", {0: [(time(9), time(10))]})
    start = datetime(2024, 1, 1, tzinfo=UTC)  # a Monday
    assert add_business_time(mondays, start, 200 * H) == start + timedelta(weeks=199, hours=10)


@pytest.mark.parametrize(("arguments", "message"), [
    (("Mars/Olympus", WEEKDAYS), "unknown time zone"),
    (("", WEEKDAYS), "unknown time zone"),
    (("Europe/Moscow", WEEKDAYS, "XX"), "unknown holiday country 'XX'"),
    (("Europe/Moscow", {0: [(time(9), time(13)), (time(12), time(18))]}), "overlap"),
    (("Europe/Moscow", {0: [(time(18), time(9))]}), "must end after it starts"),
    (("Europe/Moscow", {0: [(time(9), time(9))]}), "must end after it starts"),
    (("Europe/Moscow", {7: NINE_TO_SIX}), "weekday 7"),
    (("Europe/Moscow", {0: [(time(9, tzinfo=UTC), time(18))]}), "wall-clock"),
])
def test_a_bad_calendar_is_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(*arguments)


def test_country_codes_are_the_libraries_and_empty_means_none():
    assert {"RU", "UA", "US", "DE"} <= supported_countries()
    assert BusinessCalendar("Europe/Moscow", WEEKDAYS, "ru").holidays_country == "RU"
    assert BusinessCalendar("Europe/Moscow", WEEKDAYS, "").holidays_country is None
    assert is_working_day(BusinessCalendar("Europe/Moscow", WEEKDAYS, ""), date(2026, 2, 23))


def test_calendars_are_values():
    reordered = {day: list(reversed(LUNCH_BREAK)) for day in reversed(range(5))}
    same = BusinessCalendar("Europe/Moscow", reordered, "RU")
    assert same == RUSSIA
    assert hash(same) == hash(RUSSIA)
    assert BusinessCalendar("Europe/Moscow", WEEKDAYS, "UA") != RUSSIA


# ---- properties -------------------------------------------------------------------------

# Calendars whose windows stay clear of clock changes, checked against the count below.
PLAIN = [
    RUSSIA,
    BusinessCalendar(
        "Europe/Kyiv", dict.fromkeys(range(5), [(time(10), time(14)), (time(15), time(19))]),
        "UA", days_off=frozenset({date(2026, 1, 1), date(2025, 1, 7), date(2025, 8, 25)}),
        working_days=frozenset({date(2025, 8, 30), date(2025, 12, 28)}),
    ),
    BusinessCalendar(
        "America/New_York",
        dict.fromkeys(range(5), [(time(9), time(12, 30)), (time(13, 30), time(17, 30))])
        | {5: [(time(10), time(14))]},
        "US", working_days=frozenset({date(2025, 3, 9), date(2025, 11, 2)}),
    ),
    BusinessCalendar(
        "Asia/Kolkata", dict.fromkeys(range(6), [(time(9, 30), time(13)), (time(13, 45), time(18, 15))]),
        "IN",
    ),
]
# Calendars with windows that start, end or lie inside skipped and repeated hours.
CLOCK_CHANGES = [
    BusinessCalendar(
        "Europe/Berlin",
        dict.fromkeys(range(7), [(time(0, 30), time(2, 30)), (time(2, 45), time(4)),
                                 (time(9), time(17))]),
        "DE",
    ),
    # Lord Howe Island moves its clocks by half an hour.
    BusinessCalendar(
        "Australia/Lord_Howe",
        dict.fromkeys(range(7), [(time(1), time(2, 15)), (time(2, 20), time(3))]),
        "AU",
    ),
]

SOON = datetime(2024, 1, 1, tzinfo=UTC)
LATER = datetime(2026, 12, 31, tzinfo=UTC)
moments = st.builds(
    lambda offset, zone: (SOON + timedelta(microseconds=offset)).astimezone(zone),
    st.integers(0, (LATER - SOON) // timedelta(microseconds=1)),
    st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), KYIV, NEW_YORK]),
)
durations = st.integers(0, 60 * 3600).map(lambda seconds: timedelta(seconds=seconds))
calendars = st.sampled_from(PLAIN + CLOCK_CHANGES)
PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(calendars, moments, durations)
def test_measuring_what_was_added_gives_it_back(calendar, start, duration):
    assert business_time_between(calendar, start, add_business_time(calendar, start, duration)) == (
        duration)


@PROPERTY
@given(calendars, moments, durations)
def test_the_answer_is_working_time_or_the_end_of_a_window(calendar, start, duration):
    result = add_business_time(calendar, start, duration)
    assert result >= start
    assert result.tzinfo == ZoneInfo(calendar.timezone)
    ends_a_window = duration > timedelta(0) and is_working_time(
        calendar, result - timedelta(microseconds=1))
    assert is_working_time(calendar, result) or ends_a_window


@PROPERTY
@given(calendars, moments, moments, durations)
def test_a_later_start_never_gives_an_earlier_answer(calendar, one, other, duration):
    first, second = sorted([one, other])
    assert add_business_time(calendar, first, duration) <= add_business_time(
        calendar, second, duration)


@PROPERTY
@given(calendars, moments, durations, durations)
def test_a_longer_duration_never_gives_an_earlier_answer(calendar, start, one, other):
    shorter, longer = sorted([one, other])
    assert add_business_time(calendar, start, shorter) <= add_business_time(calendar, start, longer)


@PROPERTY
@given(calendars, moments, moments, moments)
def test_time_between_adds_up_and_changes_sign_when_reversed(calendar, first, second, third):
    assert business_time_between(calendar, first, second) + business_time_between(
        calendar, second, third) == business_time_between(calendar, first, third)
    assert business_time_between(calendar, second, first) == -business_time_between(
        calendar, first, second)


@PROPERTY
@given(calendars, moments)
def test_rolling_forward_stays_put_exactly_in_working_time(calendar, moment):
    rolled = roll_forward(calendar, moment)
    assert is_working_time(calendar, rolled)
    assert (rolled == moment) is is_working_time(calendar, moment)
    assert business_time_between(calendar, moment, rolled) == timedelta(0)


@lru_cache
def national(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=[year, year + 1])


def windows_by_hand(calendar: BusinessCalendar, day: date) -> list[tuple[time, time]]:
    """The windows of `day` read straight from the calendar's settings; every calendar in
    PLAIN has Monday's windows as its ordinary ones."""
    own = calendar.windows.get(day.weekday(), [])
    country = national(calendar.holidays_country, day.year)
    if day in calendar.working_days:
        return own or calendar.windows[0]
    if day in calendar.days_off or day in country:
        return []
    if day in country.weekend_workdays:
        return own or calendar.windows[0]
    return own


def working_time_by_hand(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    zone = ZoneInfo(calendar.timezone)
    total = timedelta(0)
    day = start.astimezone(zone).date()
    while day <= end.astimezone(zone).date():
        for opens, closes in windows_by_hand(calendar, day):
            since = max(start, datetime.combine(day, opens, tzinfo=zone)).astimezone(UTC)
            until = min(end, datetime.combine(day, closes, tzinfo=zone)).astimezone(UTC)
            total += max(until - since, timedelta(0))
        day += timedelta(days=1)
    return total


@PROPERTY
@given(st.sampled_from(PLAIN), moments, st.integers(0, 10 * 24 * 3600))
def test_time_between_matches_a_day_by_day_count(calendar, start, seconds):
    end = start + timedelta(seconds=seconds)
    assert business_time_between(calendar, start, end) == working_time_by_hand(calendar, start, end)


@PROPERTY
@given(calendars, st.dates(date(2024, 1, 1), date(2026, 12, 31)), st.integers(0, 40),
       st.integers(0, 40))
def test_business_days_compose_and_undo(calendar, day, first, second):
    later = add_business_days(calendar, day, first + second)
    assert later == add_business_days(calendar, add_business_days(calendar, day, first), second)
    assert is_working_day(calendar, later)
    assert add_business_days(calendar, later, -(first + second)) == add_business_days(
        calendar, day, 0)

"""Business time: the agency's working hours, and arithmetic over them.

Response targets (BRIEF C8) are counted in business hours, and reminders fire only inside
them. A `BusinessCalendar` holds the agency's time zone, its working windows per weekday in
local wall-clock time (a lunch break is two windows), the country whose national holidays
apply, and the agency's own days off and extra working days.

Rules, each chosen so that a response time can be explained to a client:

- Working time is real elapsed time inside the windows. Windows are wall-clock times, so a
  window that contains a clock change is shorter or longer by the change that day.
- A window is half-open, [start, end). A moment at a window's end is not working time, but
  `add_business_time` whose duration runs out exactly at a window's end returns that end,
  not the next window's start: "replied by 18:00" is the honest deadline, not "by 09:00
  tomorrow". Zero duration returns the start rolled into working time.
- A window boundary at a wall time the clock skips (the spring-forward gap) moves to the
  moment the clock jumps: a 02:30–04:00 window on the night clocks go from 02:00 to 03:00
  runs 03:00–04:00. Python's own reading of a skipped time (PEP 495, fold=0) would put it
  at 03:30 instead, and could make two windows overlap. A boundary at a wall time that
  happens twice (the autumn repeated hour) means its first occurrence.
- Which windows a date has, first rule that applies: the agency's `working_days`; its
  `days_off`; the country's holidays; the country's working weekend days (the Saturdays
  Russia, Belarus or Kazakhstan move into the working week, as the holidays library lists
  them); otherwise the weekday's windows. A working date whose weekday has no windows (a
  Saturday) borrows the ordinary windows: those most weekdays share, ties going to the
  earlier weekday. With Monday to Friday alike, a working Saturday runs like a Monday.
- `add_business_days` first rolls a day that is not a working day forward to the next one,
  then moves by whole working days (numpy's `busday_offset` with roll="forward"), so a
  Saturday plus one working day is Tuesday, and a Saturday minus one is Friday.

National holidays come from the `holidays` library: maintained, some 250 countries, and it
knows Russia's and Ukraine's substituted days off and working Saturdays. Building a
country's year takes milliseconds, so each (country, year) is built once per process. Under martial law Ukraine suspended holiday days
off and the library lists none from 2023 on; that is correct, and the agency's own
`days_off` record the days it rests anyway.

The arithmetic is our own rather than `businesstimedelta`'s (version 1.0.1, source read).
It can combine several windows and a lunch break, but it has no way to make one date a
working day, so neither a transferred working Saturday nor a holiday the agency works can
be expressed; it silently reads naive datetimes as UTC; its `difference` drops
microseconds; and on every step it scans day by day, up to five years ahead, for the next
holiday, failing with a TypeError when there is none in that span (Ukraine today). Here
each calendar caches, per date, its working spans as integer microseconds since the epoch,
so a step is a dictionary lookup and integer arithmetic, exact to the microsecond;
bench/business_time.py measures both on the same cases.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

Window = tuple[time, time]
# Working time on one date: [start, end) in microseconds since the Unix epoch.
Span = tuple[int, int]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_ONE_DAY = timedelta(days=1)
# A calendar that shows no working time for this long is taken to have none.
_SEARCH_DAYS = 2 * 366


@lru_cache(maxsize=1)
def supported_countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes of the countries whose holidays the library knows."""
    return frozenset(holidays.list_supported_countries(include_aliases=False))


@lru_cache(maxsize=512)
def _national_year(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """The country's holidays in `year` and its working weekend days; the library lists the
    latter for every year at once, including a Saturday worked in December for a day off
    in January."""
    national = holidays.country_holidays(country, years=year)
    return frozenset(national), frozenset(national.weekend_workdays)


@dataclass(frozen=True)
class BusinessCalendar:
    """An agency's working hours: windows per weekday (Monday = 0) in `timezone`'s wall-clock
    time, national holidays of `holidays_country` (None or "" for none), and the agency's
    own `days_off` and extra `working_days`, which override everything else."""

    timezone: str
    windows: dict[int, list[tuple[time, time]]] = field(compare=False)
    holidays_country: str | None = None
    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    _week: tuple[tuple[Window, ...], ...] = field(init=False, repr=False)
    _ordinary: tuple[Window, ...] = field(init=False, repr=False, compare=False)
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _spans_by_day: dict[int, tuple[Span, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _working_by_day: dict[date, bool] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {self.timezone!r}: use an IANA name such as 'Europe/Kyiv'"
            ) from None
        week = _validated_week(self.windows)
        country = (self.holidays_country or "").upper() or None
        if country is not None and country not in supported_countries():
            raise ValueError(
                f"unknown holiday country {self.holidays_country!r}: the holidays library "
                "knows ISO 3166 alpha-2 codes such as RU, UA, DE or US"
            )
        worked = [spans for spans in week if spans]
        ordinary = max(worked, key=Counter(worked).__getitem__) if worked else ()
        set_ = object.__setattr__
        set_(self, "windows", {weekday: list(spans) for weekday, spans in enumerate(week) if spans})
        set_(self, "holidays_country", country)
        set_(self, "days_off", frozenset(self.days_off))
        set_(self, "working_days", frozenset(self.working_days))
        set_(self, "_week", week)
        set_(self, "_ordinary", ordinary)
        set_(self, "_zone", zone)

    def _windows_on(self, day: date) -> tuple[Window, ...]:
        own = self._week[day.weekday()]
        if day in self.working_days:
            return own or self._ordinary
        if day in self.days_off:
            return ()
        if self.holidays_country is not None:
            national_holidays, national_workdays = _national_year(self.holidays_country, day.year)
            if day in national_holidays:
                return ()
            if day in national_workdays:
                return own or self._ordinary
        return own

    def _spans(self, ordinal: int) -> tuple[Span, ...]:
        spans = self._spans_by_day.get(ordinal)
        if spans is None:
            day = date.fromordinal(ordinal)
            found = []
            for opens, closes in self._windows_on(day):
                start = _wall_instant(datetime.combine(day, opens), self._zone)
                end = _wall_instant(datetime.combine(day, closes), self._zone)
                if end > start:  # a window inside a spring-forward gap never happens
                    found.append((start, end))
            spans = self._spans_by_day[ordinal] = tuple(found)
        return spans


def _validated_week(windows: dict[int, list[tuple[time, time]]]) -> tuple[tuple[Window, ...], ...]:
    week: list[tuple[Window, ...]] = [()] * 7
    for weekday, spans in windows.items():
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ValueError(f"weekday {weekday!r} is not 0 (Monday) to 6 (Sunday)")
        for opens, closes in spans:
            if not isinstance(opens, time) or not isinstance(closes, time):
                raise ValueError(f"window {opens!r}–{closes!r} must be two datetime.time values")
        ordered = sorted((opens, closes) for opens, closes in spans)
        for opens, closes in ordered:
            if opens.tzinfo is not None or closes.tzinfo is not None:
                raise ValueError("windows are local wall-clock times: give times without tzinfo")
            if closes <= opens:
                raise ValueError(f"window {opens:%H:%M}–{closes:%H:%M} must end after it starts")
        for (_, closes), (opens, _) in zip(ordered, ordered[1:], strict=False):
            if opens < closes:
                raise ValueError(f"windows overlap on weekday {weekday}: {opens:%H:%M} is "
                                 f"before {closes:%H:%M}")
        week[weekday] = tuple(ordered)
    return tuple(week)


def _wall_instant(wall: datetime, zone: ZoneInfo) -> int:
    """When the clock in `zone` first shows `wall`, or, if it skips `wall`, when it jumps."""
    before = wall.replace(tzinfo=zone)
    after = before.replace(fold=1)
    later = (before - _EPOCH) // _MICROSECOND
    if before.utcoffset() >= after.utcoffset():  # an ordinary or a repeated time
        return later
    # Inside a gap `before` reads the time with the old offset and `after` with the new,
    # so the jump lies between the two readings.
    earlier, old_offset = (after - _EPOCH) // _MICROSECOND, before.utcoffset()
    while later - earlier > 1:
        middle = (earlier + later) // 2
        if _moment(middle, zone).utcoffset() == old_offset:
            earlier = middle
        else:
            later = middle
    return later


def _instant(moment: datetime, name: str) -> int:
    try:
        return (moment - _EPOCH) // _MICROSECOND
    except TypeError:
        raise ValueError(
            f"{name} needs a time-zone-aware datetime, got {moment!r}"
        ) from None


def _moment(instant: int, zone: ZoneInfo) -> datetime:
    return (_EPOCH + timedelta(microseconds=instant)).astimezone(zone)


def _no_working_time(calendar: BusinessCalendar, since: date) -> ValueError:
    return ValueError(
        f"the calendar in {calendar.timezone} has no working time within "
        f"{_SEARCH_DAYS} days of {since.isoformat()}"
    )


def add_business_time(
    calendar: BusinessCalendar, start: datetime, duration: timedelta
) -> datetime:
    """The moment `duration` of working time has passed since `start`, in the calendar's
    zone. A start outside working time counts from the next window's start; a duration that
    runs out exactly at a window's end gives that end."""
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration}")
    instant = _instant(start, "start")
    remaining = duration // _MICROSECOND
    ordinal = start.astimezone(calendar._zone).toordinal()
    spans_by_day = calendar._spans_by_day
    idle_days = 0
    while True:
        spans = spans_by_day.get(ordinal) or calendar._spans(ordinal)
        if spans:
            idle_days = 0
        else:
            idle_days += 1
            if idle_days > _SEARCH_DAYS:
                raise _no_working_time(calendar, start.astimezone(calendar._zone).date())
        for opens, closes in spans:
            if closes <= instant:
                continue
            if opens > instant:
                instant = opens
            if remaining <= closes - instant:
                return _moment(instant + remaining, calendar._zone)
            remaining -= closes - instant
            instant = closes
        ordinal += 1


def business_time_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Working time in [start, end); negative when `end` is before `start`."""
    first, last = _instant(start, "start"), _instant(end, "end")
    if last < first:
        return -business_time_between(calendar, end, start)
    zone = calendar._zone
    spans_by_day = calendar._spans_by_day
    total = 0
    for ordinal in range(start.astimezone(zone).toordinal(), end.astimezone(zone).toordinal() + 1):
        for opens, closes in spans_by_day.get(ordinal) or calendar._spans(ordinal):
            if closes > last:
                closes = last
            if opens < first:
                opens = first
            if closes > opens:
                total += closes - opens
    return timedelta(microseconds=total)


def is_working_time(calendar: BusinessCalendar, moment: datetime) -> bool:
    """Whether `moment` lies inside one of the calendar's windows (its end excluded)."""
    instant = _instant(moment, "moment")
    ordinal = moment.astimezone(calendar._zone).toordinal()
    return any(opens <= instant < closes for opens, closes in calendar._spans(ordinal))


def roll_forward(calendar: BusinessCalendar, moment: datetime) -> datetime:
    """`moment` itself if it is working time, else the start of the next window."""
    return add_business_time(calendar, moment, timedelta(0))


def is_working_day(calendar: BusinessCalendar, day: date) -> bool:
    """Whether `day` has any working windows (remembered per calendar and day: counting
    business days asks about the same days again and again)."""
    known = calendar._working_by_day.get(day)
    if known is None:
        known = calendar._working_by_day[day] = bool(calendar._windows_on(day))
    return known


def closing_time(calendar: BusinessCalendar, day: date) -> datetime | None:
    """When the last working window of `day` closes (aware, in the calendar's zone); None on
    a day off. A notice due "within one business day" is due by then."""
    spans = calendar._spans(day.toordinal())
    return _moment(spans[-1][1], calendar._zone) if spans else None


def _working_day_from(calendar: BusinessCalendar, day: date, step: timedelta) -> date:
    """The first working day from `day` on (itself included) in the direction of `step`."""
    candidate = day
    for _ in range(_SEARCH_DAYS):
        if is_working_day(calendar, candidate):
            return candidate
        candidate += step
    raise _no_working_time(calendar, day)


def add_business_days(calendar: BusinessCalendar, day: date, days: int) -> date:
    """The working day `days` working days after `day` (before it when negative), counting
    from `day` rolled forward to a working day; `days == 0` gives that rolled day."""
    step = _ONE_DAY if days >= 0 else -_ONE_DAY
    day = _working_day_from(calendar, day, _ONE_DAY)
    for _ in range(abs(days)):
        day = _working_day_from(calendar, day + step, step)
    return day

"""The agency's working calendar as stored: IANA time zone and working windows per weekday.

Windows are stored as JSON, weekday ("0" = Monday) → list of ["HH:MM", "HH:MM"] pairs, so a
lunch break is two windows. The arithmetic over them lives in the rules core.
"""

from __future__ import annotations

import json
from datetime import date, time
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from retainer.rules.business_time import BusinessCalendar

if TYPE_CHECKING:
    from retainer.accounts.models import Agency

DEFAULT_WINDOWS: dict[str, list[list[str]]] = {
    str(day): [["09:00", "13:00"], ["14:00", "18:00"]] for day in range(5)
}


def default_windows() -> dict[str, list[list[str]]]:
    return {day: [list(pair) for pair in pairs] for day, pairs in DEFAULT_WINDOWS.items()}


def validate_timezone(value: str) -> None:
    if value not in _zones():
        raise ValidationError(_("Unknown time zone: %(zone)s.") % {"zone": value})


def _zones() -> set[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = available_timezones()
    return _ZONES


_ZONES: set[str] | None = None


def parse_windows(document: object) -> dict[int, list[tuple[time, time]]]:
    """Validate a stored windows document and return it as weekday → [(start, end)]."""
    if not isinstance(document, dict):
        raise ValidationError(_("Working windows must map weekdays to time ranges."))
    result: dict[int, list[tuple[time, time]]] = {}
    for key, ranges in document.items():
        if str(key) not in {str(d) for d in range(7)}:
            raise ValidationError(_("Unknown weekday: %(day)s.") % {"day": key})
        if not isinstance(ranges, list):
            raise ValidationError(_("Working windows must be a list of time ranges."))
        parsed = []
        for pair in ranges:
            if not (isinstance(pair, list | tuple) and len(pair) == 2):
                raise ValidationError(_("A working window is a start and an end time."))
            start, end = (_parse_time(str(t)) for t in pair)
            if start >= end:
                raise ValidationError(
                    _("A working window must end after it starts: %(start)s–%(end)s.")
                    % {"start": pair[0], "end": pair[1]}
                )
            parsed.append((start, end))
        parsed.sort()
        for (_s1, e1), (s2, _e2) in zip(parsed, parsed[1:], strict=False):
            if s2 < e1:
                raise ValidationError(_("Working windows of one day must not overlap."))
        if parsed:
            result[int(key)] = parsed
    return result


def validate_windows(document: object) -> None:
    parse_windows(document)


def _parse_time(text: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        if hours == "24" and minutes == "00":
            return time.max
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValidationError(_("Not a time of day: %(value)s.") % {"value": text}) from None


def windows_to_text(document: dict) -> dict[int, str]:
    """weekday → "09:00-13:00, 14:00-18:00", for the settings form."""
    return {
        day: ", ".join(f"{a}-{b}" for a, b in document.get(str(day), [])) for day in range(7)
    }


def windows_from_text(texts: dict[int, str]) -> dict[str, list[list[str]]]:
    document: dict[str, list[list[str]]] = {}
    for day, text in texts.items():
        ranges = []
        for chunk in (text or "").split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            if "-" not in chunk:
                raise ValidationError(_("Write a window as 09:00-13:00."))
            start, end = (part.strip() for part in chunk.split("-", 1))
            ranges.append([start, end])
        if ranges:
            document[str(day)] = ranges
    parse_windows(document)
    return document


def business_calendar(agency: Agency) -> BusinessCalendar:
    """The agency's settings as the rules core's calendar. One calendar per distinct
    settings is kept: a calendar remembers which days it found working, and the deadline
    and response-time arithmetic asks it about the same days again and again."""
    return _calendar(agency.timezone, json.dumps(agency.working_windows, sort_keys=True),
                     agency.holiday_country or None, tuple(agency.days_off or ()),
                     tuple(agency.working_days or ()))


@lru_cache(maxsize=256)
def _calendar(zone: str, windows: str, country: str | None, days_off: tuple[str, ...],
              working_days: tuple[str, ...]) -> BusinessCalendar:
    return BusinessCalendar(
        timezone=zone,
        windows=parse_windows(json.loads(windows)),
        holidays_country=country,
        days_off=frozenset(date.fromisoformat(day) for day in days_off),
        working_days=frozenset(date.fromisoformat(day) for day in working_days),
    )

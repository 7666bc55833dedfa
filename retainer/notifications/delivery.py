"""When a notice's e-mail goes out: bad news must fly, but within the agency's working hours,
never at midnight (BRIEF C8, C11). Plain arithmetic over the calendar, free of Django, so it is
tested on its own."""

from __future__ import annotations

from datetime import datetime

from retainer.rules.business_time import BusinessCalendar, roll_forward


def email_send_at(calendar: BusinessCalendar, now: datetime) -> datetime:
    """`now` inside a working window; otherwise the moment the next window opens. A calendar
    without any working time has no window to wait for, so the e-mail goes at once."""
    try:
        return roll_forward(calendar, now)
    except ValueError:
        return now

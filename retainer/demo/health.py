"""The demo agency's health (BRIEF C7): nothing is seeded — every score is computed from the
history the other stories recorded (messages, deliverables, conflicts, ratings, statuses),
month by month over the last year, through the same service the daily refresh runs.

The months are computed the oldest first, each as of its own last moment (the current one
as of `now`), so a client whose health dropped into red gets its follow-up task and its
manager's notice dated the month it happened, and stays with that one task while it stays
red.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from retainer.accounts.models import Agency
from retainer.health.metrics import month_start, next_month, previous_month
from retainer.health.services import health_refresh

MONTHS = 12


def health_history(agency: Agency, today: date, now: datetime) -> int:
    """Compute the last twelve months of every client's health; returns the scores
    written."""
    zone = ZoneInfo(agency.timezone)
    months = [month_start(today)]
    while len(months) < MONTHS:
        months.insert(0, previous_month(months[0]))
    written = 0
    for month in months:
        ends = datetime.combine(next_month(month), time(0), tzinfo=zone)
        written += health_refresh(agency=agency, month=month, now=min(ends, now))
    return written

"""Deliverables on a timeline: plan vs actual dates as positions on one shared scale, drawn
by the template as plain bars (no chart library needed for a Gantt strip)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from retainer.agreements.selectors import DeliverablePlan
from retainer.rules.deliverables import is_late


@dataclass(frozen=True)
class TimelineRow:
    deliverable: DeliverablePlan
    plan_left: float
    plan_width: float
    actual_left: float | None
    late: bool


@dataclass(frozen=True)
class Timeline:
    starts_on: date
    ends_on: date
    today_left: float | None
    rows: list[TimelineRow]


def deliverable_timeline(
    deliverables: list[DeliverablePlan], today: date | None = None
) -> Timeline | None:
    if not deliverables:
        return None
    today = today or timezone.localdate()
    starts = [d.planned_start or d.planned_due - timedelta(days=7) for d in deliverables]
    ends = [max(d.planned_due, d.actual_done or d.planned_due) for d in deliverables]
    first, last = min(starts), max(ends)
    span = max((last - first).days, 1)

    def left(day: date) -> float:
        return round((day - first).days * 100 / span, 2)

    rows = []
    for deliverable, start in zip(deliverables, starts, strict=True):
        done = deliverable.actual_done
        rows.append(
            TimelineRow(
                deliverable=deliverable,
                plan_left=left(start),
                plan_width=max(round((deliverable.planned_due - start).days * 100 / span, 2), 1),
                actual_left=left(done) if done else None,
                late=is_late(deliverable.planned_due, done, today),
            )
        )
    today_left = left(today) if first <= today <= last else None
    return Timeline(first, last, today_left, rows)

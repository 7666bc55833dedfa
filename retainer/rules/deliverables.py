"""Promises about deliverables, read the same way everywhere (the client page's timeline, the
client's status page, and later the claims that point at a deliverable)."""

from __future__ import annotations

from datetime import date


def is_late(planned_due: date, done: date | None, today: date) -> bool:
    """Done after its planned due date, or not done and the due date has passed."""
    if done is not None:
        return done > planned_due
    return planned_due < today

"""Clients with a month of history for the health tests: a busy one with a bit of
everything, and a sick one whose every figure is at its worst."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ConflictCaseFactory,
    DeliverableFactory,
    InteractionFactory,
    RatingFactory,
    TouchpointFactory,
)

MSK = ZoneInfo("Europe/Moscow")


def at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MSK)


def busy_client(agency, month: date, **fields):
    """A client with messages, a status, deliverables done and due, a conflict and ratings
    in `month` (its first ten days)."""
    client = ClientFactory(agency=agency, **fields)
    agreement = AgreementFactory(client=client, starts_on=month - timedelta(days=60))
    InteractionFactory(client=client, occurred_at=at(month + timedelta(days=1)),
                       flags=" status_check ")
    InteractionFactory(client=client, occurred_at=at(month + timedelta(days=2)),
                       direction="out")
    TouchpointFactory(client=client, held_on=month + timedelta(days=3), feedback="Спасибо")
    done = DeliverableFactory(agreement=agreement, planned_due=month + timedelta(days=4),
                              actual_done=month + timedelta(days=4), clarifications=1,
                              approval_iterations=2, actual_hours=Decimal(9))
    RatingFactory(deliverable=done, score=4, rated_at=at(month + timedelta(days=5)))
    ConflictCaseFactory(client=client, opened_at=at(month + timedelta(days=6)))
    return client


def sick_client(agency, month: date, *, stage: str = "storm", **fields):
    """A client in the storm whose month is red: no contact from us, only status checks
    from them, deliverables late with many clarifications, iterations and twice the hours,
    the lowest ratings, and three conflicts left open past the escalation days."""
    client = ClientFactory(agency=agency, stage=stage, **fields)
    agreement = AgreementFactory(client=client, starts_on=month - timedelta(days=60))
    for day in range(1, 5):
        InteractionFactory(client=client, occurred_at=at(month + timedelta(days=day)),
                           flags=" status_check ", text="Когда будет готово?")
    for day in (2, 3):
        late = DeliverableFactory(agreement=agreement, planned_due=month + timedelta(days=day),
                                  actual_done=month + timedelta(days=day + 3),
                                  clarifications=4, approval_iterations=4,
                                  estimate_hours=Decimal(10), actual_hours=Decimal(20),
                                  status="approved")
        RatingFactory(deliverable=late, score=1, rated_at=at(month + timedelta(days=day + 4)))
    for _case in range(3):
        ConflictCaseFactory(client=client, opened_at=at(month) - timedelta(days=20))
    return client

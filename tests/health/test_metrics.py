"""The scorecard's figures as measured in the database: each one from the rows that feed
it, inside the month only, another agency's rows never counted, and the same number of
queries for 3 clients as for 30."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from retainer.health.metrics import scorecard_metrics
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ConflictCaseFactory,
    DeliverableFactory,
    InteractionFactory,
    RatingFactory,
    TouchpointFactory,
)
from tests.health.history import MSK, at, busy_client

pytestmark = pytest.mark.django_db

MONTH = date(2026, 11, 1)
NOW = datetime(2026, 11, 20, 12, tzinfo=MSK)


def nov(day: int) -> date:
    return date(2026, 11, day)


def closed_case(client, opened: datetime, closed: datetime):
    return ConflictCaseFactory(client=client, opened_at=opened, closed_at=closed, steps_done=4,
                               solution="Переделали баннер.")


@pytest.fixture
def client(team):
    return ClientFactory(agency=team.agency, status_cadence_days=14,
                         account_manager=team.masha.user)


def measure(agency, client_ids=None, now=NOW, month=MONTH):
    return scorecard_metrics(agency=agency, month=month, client_ids=client_ids, now=now)


def test_messages_count_status_checks_and_our_contacts_within_the_month(team, client):
    InteractionFactory(client=client, occurred_at=at(nov(3)), flags=" status_check ")
    InteractionFactory(client=client, occurred_at=at(nov(4)), flags=" request urgency ")
    InteractionFactory(client=client, occurred_at=at(nov(4), 15), direction="out")
    InteractionFactory(client=client, occurred_at=at(nov(5)), channel="call")
    # Outside: the evening before the current month's window of 30 days (from 22 October
    # in Moscow), and after now.
    InteractionFactory(client=client, occurred_at=datetime(2026, 10, 21, 23, 30, tzinfo=MSK),
                       flags=" status_check ")
    InteractionFactory(client=client, occurred_at=at(nov(21)), direction="out")
    metrics = measure(team.agency)[client.pk]
    assert (metrics.inbound_messages, metrics.status_checks, metrics.contacts) == (3, 1, 2)
    assert metrics.period_days == 30 and metrics.cadence_days == 14


def test_statuses_and_retrospectives_count_feedback_and_contact(team, client):
    TouchpointFactory(client=client, held_on=nov(10), feedback="Всё отлично")
    TouchpointFactory(client=client, held_on=nov(3), feedback_requested=False)
    TouchpointFactory(client=client, held_on=date(2026, 10, 21), feedback="Старое")
    metrics = measure(team.agency)[client.pk]
    assert (metrics.touchpoints, metrics.feedback_requested, metrics.feedback_received,
            metrics.contacts) == (2, 1, 1, 2)


def test_deliverables_done_due_kept_hours_and_value(team, client):
    first = AgreementFactory(client=client, starts_on=date(2025, 3, 1), ends_on=date(2025, 12, 31),
                             budget=Decimal(500000))
    second = AgreementFactory(client=client, starts_on=date(2026, 1, 10),
                              hourly_rate=Decimal(3000))
    DeliverableFactory(agreement=second, planned_due=nov(5), actual_done=nov(4),
                       clarifications=2, approval_iterations=1, estimate_hours=Decimal(10),
                       actual_hours=Decimal(12))
    DeliverableFactory(agreement=second, planned_due=nov(10), actual_done=nov(12),
                       approval_iterations=3, estimate_hours=Decimal(8))
    DeliverableFactory(agreement=second, planned_due=nov(15), estimate_hours=Decimal(4))
    DeliverableFactory(agreement=second, planned_due=nov(25), estimate_hours=Decimal(6))
    DeliverableFactory(agreement=second, planned_due=date(2026, 10, 20), actual_done=nov(2),
                       clarifications=1, estimate_hours=Decimal(2), actual_hours=Decimal(2))
    DeliverableFactory(agreement=first, planned_due=date(2025, 6, 1),
                       actual_done=date(2025, 6, 1), estimate_hours=Decimal(50))
    metrics = measure(team.agency)[client.pk]
    assert metrics.deliverables_done == 3
    assert (metrics.clarifications, metrics.approval_iterations) == (3, 4)
    assert (metrics.hours_estimated, metrics.hours_spent) == (Decimal(12), Decimal(14))
    # Due on the 5th (kept), 10th (late), 15th (not done); the 25th is still ahead.
    assert (metrics.promises_due, metrics.promises_kept) == (3, 1)
    # The second agreement, this year, has no budget: its estimates at its rate.
    assert metrics.value_this_year == Decimal(30 * 3000)
    assert metrics.value_last_year == Decimal(500000)
    assert metrics.repeat_agreements == 1 and metrics.under_agreement


def test_a_draft_or_a_finished_agreement_is_not_running(team, client):
    AgreementFactory(client=client, starts_on=date(2026, 1, 1), ends_on=date(2026, 10, 21))
    AgreementFactory(client=client, starts_on=date(2026, 11, 5), status="draft")
    metrics = measure(team.agency)[client.pk]
    assert not metrics.under_agreement
    assert metrics.repeat_agreements == 0  # the draft is not work won


def test_conflicts_of_the_month_resolved_and_overdue(team, client):
    closed_case(client, datetime(2026, 10, 1, 11, tzinfo=MSK), at(nov(4)))
    ConflictCaseFactory(client=client, opened_at=at(nov(1)))  # 19 days open: overdue
    ConflictCaseFactory(client=client, opened_at=at(nov(18)))
    closed_case(client, datetime(2026, 10, 1, tzinfo=MSK), datetime(2026, 10, 3, tzinfo=MSK))
    metrics = measure(team.agency)[client.pk]
    assert (metrics.conflicts, metrics.conflicts_resolved, metrics.conflicts_overdue) == (3, 1, 1)
    assert metrics.resolution_days == Decimal("34.0")


def test_ratings_given_this_month(team, client):
    agreement = AgreementFactory(client=client)
    RatingFactory(deliverable__agreement=agreement, score=4, rated_at=at(nov(6)))
    RatingFactory(deliverable__agreement=agreement, score=2, rated_at=at(nov(13)))
    RatingFactory(deliverable__agreement=agreement, score=5,
                  rated_at=datetime(2026, 10, 21, tzinfo=MSK))
    metrics = measure(team.agency)[client.pk]
    assert (metrics.ratings, metrics.rating_total) == (2, 6)


def test_a_past_month_is_measured_whole_and_a_month_to_come_not_at_all(team, client):
    InteractionFactory(client=client, occurred_at=datetime(2026, 10, 31, 20, tzinfo=MSK))
    october = measure(team.agency, month=date(2026, 10, 1))[client.pk]
    assert october.period_days == 31 and october.inbound_messages == 1
    december = measure(team.agency, month=date(2026, 12, 1))[client.pk]
    assert december.inbound_messages == 0 and not december.active


def test_a_month_just_begun_is_read_over_the_last_thirty_days(team, client):
    """Three days into December, the status of 20 November still counts: a month just begun
    is not a silent relationship."""
    TouchpointFactory(client=client, held_on=nov(20), feedback_requested=False)
    InteractionFactory(client=client, occurred_at=at(nov(25)), direction="out")
    december = measure(team.agency, month=date(2026, 12, 1),
                       now=datetime(2026, 12, 3, 12, tzinfo=MSK))[client.pk]
    assert (december.touchpoints, december.contacts, december.period_days) == (1, 2, 30)
    november = measure(team.agency, month=MONTH, now=datetime(2026, 12, 3, 12, tzinfo=MSK))
    assert november[client.pk].period_days == 30  # a past month whole: 1 to 30 November


def test_only_the_agencys_clients_or_the_ones_asked_for(team, rival, client):
    other = busy_client(rival.agency, MONTH)
    mine = busy_client(team.agency, MONTH)
    measured = measure(team.agency)
    assert set(measured) == {client.pk, mine.pk}
    assert measured[mine.pk].inbound_messages == 1
    assert set(measure(team.agency, client_ids=[mine.pk, other.pk])) == {mine.pk}


def _count_queries(agency) -> int:
    with CaptureQueriesContext(connection) as captured:
        measure(agency)
    return len(captured)


def test_the_query_count_does_not_grow_with_the_clients(team, rival):
    for _index in range(3):
        busy_client(team.agency, MONTH)
    for _index in range(30):
        busy_client(rival.agency, MONTH)
    small, large = _count_queries(team.agency), _count_queries(rival.agency)
    assert small == large
    assert large <= 8
    assert len(measure(rival.agency)) == 30
    assert all(m.deliverables_done == 1 and m.ratings == 1 and m.conflicts == 1
               for m in measure(rival.agency).values())


def test_the_current_month_counts_up_to_now(team, client):
    InteractionFactory(client=client, occurred_at=NOW - timedelta(minutes=1))
    InteractionFactory(client=client, occurred_at=NOW + timedelta(minutes=1))
    assert measure(team.agency)[client.pk].inbound_messages == 1

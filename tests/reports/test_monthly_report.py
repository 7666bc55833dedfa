"""monthly_report(): March 2026 of «Ромашка» (tests/reports/conftest.py), a month before the
client was ours, and a month still running."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from retainer.reports.selectors import monthly_report
from retainer.rules import report as rules
from tests.reports.conftest import MARCH, at, message

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


def report_of(team, march, month=MARCH, **kwargs):
    return monthly_report(agency=team.agency, client=march.client, month=month, **kwargs)


def test_delivered_against_the_plan(team, march):
    report = report_of(team, march)
    assert report.today == date(2026, 4, 1) and not report.running
    delivery = report.delivery
    assert [(row.title, row.days_late) for row in delivery.rows] == [
        ("Старый аудит", 10), ("Макет главной", 3), ("Баннеры", 0), ("Лендинг", 7)]
    assert (delivery.planned, delivery.delivered, delivery.on_time, delivery.late,
            delivery.not_delivered) == (3, 3, 1, 3, 1)
    assert report.agreements == ["Сайт и реклама"]


def test_response_times_in_business_hours(team, march):
    replies = report_of(team, march).replies
    assert (replies.messages, replies.answered) == (3, 2)
    assert replies.median == 2 * HOUR
    # Friday 17:00 to the month's end: an hour on Friday and two working days of eight.
    assert replies.worst == 17 * HOUR
    assert (replies.breaches, replies.unanswered_breaches) == (2, 1)


def test_kpi_actuals_against_targets_read_the_latest_measurement_of_the_month(team, march):
    kpis = {row.kpi.name: row for row in report_of(team, march).kpis}
    assert kpis["CTR"].actual == Decimal("1.2") and kpis["CTR"].missed
    assert kpis["CTR"].measured_on == date(2026, 3, 28)
    assert kpis["Заявки"].actual == Decimal(45) and not kpis["Заявки"].missed
    assert kpis["CPA"].actual is None and not kpis["CPA"].missed


def test_hours_budget_register_requests_ratings_and_claims(team, march):
    report = report_of(team, march)
    [hours] = report.hours
    assert (hours.planned, hours.used, hours.retainer, hours.over) == (
        Decimal(22), Decimal(26), False, True)
    # The budget grew by the paid request; the work delivered (26 h × 3 000) is within it.
    [budget] = report.budgets
    assert (budget.budget, budget.spent, budget.over) == (Decimal(112000), Decimal(78000), False)
    [entry] = report.register
    assert entry.subject == "Новый размер баннера" and entry.kind == "budget"
    assert (report.requests.paid, report.requests.paid_amount) == (1, Decimal(12000))
    assert [(row.title, row.score, row.low) for row in report.ratings] == [("Баннеры", 2, True)]
    assert report.founded_claims == 1


def test_the_weak_spots_heaviest_first(team, march):
    spots = report_of(team, march).weak_spots
    assert [(spot.code, spot.as_dict().get("title") or spot.as_dict().get("kpi", ""))
            for spot in spots] == [
        (rules.DELIVERABLE_LATE, "Старый аудит"), (rules.DELIVERABLE_LATE, "Лендинг"),
        (rules.DELIVERABLE_LATE, "Макет главной"), (rules.REPLIES_LATE, ""),
        (rules.KPI_MISSED, "CTR"), (rules.HOURS_OVER, ""), (rules.REQUESTS_PAID, ""),
        (rules.LOW_RATING, "Баннеры"), (rules.CLAIMS_FOUNDED, "")]


def test_a_month_before_the_client_was_ours_is_empty_and_says_so(team, march):
    report = report_of(team, march, month=date(2025, 6, 1))
    assert report.before_client
    assert report.delivery.rows == [] and report.replies.messages == 0
    assert report.kpis == [] and report.register == [] and report.weak_spots == []
    assert not report_of(team, march).before_client


def test_a_running_month_is_judged_on_today(team, march):
    report = report_of(team, march, now=at(3, 21, 12))
    assert report.running and report.today == date(2026, 3, 21)
    late = {row.title: row.days_late for row in report.delivery.rows}
    assert late["Лендинг"] == 0 and late["Макет главной"] == 3
    # The unanswered message of the 27th is not yet written.
    assert report.replies.messages == 2


def test_the_labels_are_in_the_client_language(team, march):
    rows = {row.title: row for row in report_of(team, march).delivery.rows}
    assert rows["Лендинг"].status_label == "в работе"


def test_a_month_with_imported_history_is_reported_even_before_the_agreement(team, march):
    message(march.client, at(3, 10, 10).replace(year=2025, month=6), inbound=True)
    report = report_of(team, march, month=date(2025, 6, 1))
    assert not report.before_client and report.replies.messages == 1

"""The dashboard's figures against a portfolio counted by hand (tests/dashboard/conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from retainer.dashboard.selectors import dashboard_figures
from retainer.worklist.services import task_open
from tests.dashboard.conftest import NOW, build, message, score
from tests.factories import AgreementFactory, ClientFactory, ConflictCaseFactory

pytestmark = pytest.mark.django_db


def figures(team, manager=None, now=NOW):
    return dashboard_figures(agency=team.agency, manager_id=manager.pk if manager else None,
                             now=now)


def test_the_health_distribution_is_of_the_latest_scored_month(team, portfolio):
    health = figures(team).health
    assert health.month == date(2026, 5, 1)
    assert (health.green, health.amber, health.red) == (2, 1, 2)
    # Epsilon has no score yet; Zeta's relationship has ended and is not waiting for one.
    assert health.not_scored == 1


def test_the_years_health_is_the_average_of_each_month(team, portfolio):
    trend = figures(team).health.trend
    assert [row.month for row in trend][0] == date(2025, 6, 1)
    assert [row.month for row in trend][-1] == date(2026, 5, 1)
    by_month = {row.month: (row.average, row.scored) for row in trend}
    assert by_month[date(2026, 5, 1)] == (58, 5)  # (30 + 35 + 55 + 80 + 90) / 5
    assert by_month[date(2026, 4, 1)] == (65, 2)  # (70 + 60) / 2
    assert by_month[date(2026, 3, 1)] == (None, 0)


def test_clients_by_stage_in_stage_order(team, portfolio):
    stages = [(row.stage, row.clients) for row in figures(team).stages]
    assert stages == [("courtship", 1), ("sale", 0), ("honeymoon", 1), ("storm", 2),
                      ("normalization", 1), ("support", 1), ("ended", 1)]
    assert figures(team).clients == 7


def test_replies_past_their_target_count_in_the_month_they_were_due(team, portfolio):
    breaches = figures(team).breaches
    assert breaches.this_month == 3
    by_month = {row.month: row.count for row in breaches.months}
    assert by_month[date(2026, 3, 1)] == 1
    # The one due thirteen months ago is older than the year shown.
    assert sum(by_month.values()) == 4 and len(by_month) == 12


def test_a_message_still_waiting_is_a_breach_only_once_its_reply_is_due(team, portfolio):
    alfa = portfolio.clients["alfa"]
    message(alfa, due=NOW + timedelta(minutes=1), replied=None)
    assert figures(team).breaches.this_month == 3
    assert figures(team, now=NOW + timedelta(minutes=2)).breaches.this_month == 4


def test_concessions_this_month_beside_the_acquisition_cost(team, portfolio):
    concessions = figures(team).concessions
    assert concessions.this_month == Decimal(12000) and concessions.this_month_count == 1
    assert concessions.acquisition_cost == Decimal(1050000)  # 350,000 ÷ ⅓
    by_month = {row.month: (row.cost, row.count) for row in concessions.months}
    assert by_month[date(2026, 2, 1)] == (Decimal(5000), 1)
    assert sum(cost for cost, _n in by_month.values()) == Decimal(17000)


def test_retainer_burn_of_the_current_periods(team, portfolio):
    burn = figures(team).burn
    assert burn.periods == 3  # not the ended agreement's, nor last month's period
    assert (burn.first_alert_pct, burn.second_alert_pct) == (80, 100)
    assert (burn.past_first, burn.past_second) == (2, 1)
    assert [(row.client_name, row.burn_pct) for row in burn.top] == [
        ("Бета", 108), ("Альфа", 90), ("Омега", 25)]
    assert burn.top[0].available_hours == Decimal(12)


def test_the_numbers_per_manager(team, portfolio):
    rows = {row.name: (row.clients, row.red, row.breaches_this_month)
            for row in figures(team).managers}
    assert rows == {"Ivan": (1, 0, 1), "Masha": (6, 2, 2)}


def test_mine_counts_only_my_clients(team, portfolio):
    mine = figures(team, team.masha.user)
    assert mine.clients == 6 and mine.managers == ()
    assert (mine.health.green, mine.health.amber, mine.health.red) == (1, 1, 2)
    assert mine.breaches.this_month == 2
    assert mine.concessions.this_month == Decimal(12000)
    assert (mine.burn.periods, mine.burn.past_first, mine.burn.past_second) == (2, 2, 1)
    ivans = figures(team, team.ivan.user)
    assert ivans.clients == 1 and ivans.health.green == 1 and ivans.breaches.this_month == 1
    assert ivans.concessions.this_month == 0 and ivans.burn.periods == 1


def test_needs_attention_today_reads_the_attention_sections(team, portfolio):
    alfa, omega = portfolio.clients["alfa"], portfolio.clients["omega"]
    ConflictCaseFactory(client=alfa, title="Баннер не продаёт")
    task_open(client=omega, kind="renegotiate", reason="3 запроса сверх договора",
              assignee_id=team.ivan.user.pk)
    sections = {s.name: s for s in figures(team).attention}
    assert list(sections) == ["escalations", "conflicts", "unhappy", "reviews", "shifts",
                              "statuses", "retrospectives", "keep_in_touch", "tasks"]
    assert sections["conflicts"].count == 1
    assert sections["conflicts"].rows[0].title == "Баннер не продаёт"
    assert sections["tasks"].count == 1
    mine = {s.name: s for s in figures(team, team.masha.user).attention}
    assert mine["conflicts"].count == 1 and mine["tasks"].count == 0


def test_statuses_overdue_need_attention(team, portfolio):
    gamma = portfolio.clients["gamma"]
    AgreementFactory(client=gamma, starts_on=date(2026, 4, 1))  # a weekly status since
    statuses = {s.name: s for s in figures(team).attention}["statuses"]
    assert statuses.count == 1 and statuses.rows[0].name == "Гамма"
    assert statuses.rows[0].status_due_on == date(2026, 4, 8)
    ivans = {s.name: s for s in figures(team, team.ivan.user).attention}["statuses"]
    assert ivans.count == 0


def test_past_clients_due_a_reminder_need_attention(team, portfolio):
    zeta = portfolio.clients["zeta"]  # ended; last heard of forty days ago
    message(zeta, due=NOW - timedelta(days=40), replied=None, direction="out")
    due = {s.name: s for s in figures(team).attention}["keep_in_touch"]
    assert [client.name for client in due.rows] == ["Зета"] and due.count == 1
    assert due.rows[0].contact_due_on == (NOW - timedelta(days=40, hours=4)).date() + timedelta(
        days=30)


def test_another_agencys_history_counts_for_nothing(team, rival, portfolio):
    before = figures(team)
    stranger = ClientFactory(agency=rival.agency, stage="storm", account_manager=rival.masha.user)
    score(stranger, date(2026, 5, 1), 10, "red")
    message(stranger, due=NOW - timedelta(days=1), replied=None)
    assert figures(team) == before


def test_an_empty_agency_has_zeros_and_no_scored_month(team):
    empty = figures(team)
    assert empty.clients == 0 and empty.health.month is None
    assert empty.breaches.this_month == 0 and empty.burn.top == ()
    assert all(section.count == 0 for section in empty.attention)


def queries(team, manager=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures(team, manager)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_portfolio(team, portfolio):
    small = (queries(team), queries(team, team.masha.user))
    for _copy in range(3):
        build(team, NOW)
    assert (queries(team), queries(team, team.masha.user)) == small
    assert small[0] <= 30

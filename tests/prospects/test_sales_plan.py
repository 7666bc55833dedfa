"""The sales plan per period keeps the filter honest (article 001): planned vs won (prospects
converted in the period, their count and value), the decisions made in the period and the
rejection rate — not interesting ÷ decided — counted in the agency's days, with a warning
when the plan falls behind while most prospects are turned down."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from retainer.accounts.services import token_issue
from retainer.prospects.models import SalesPlan
from retainer.prospects.selectors import sales_plan_progress
from retainer.prospects.services import sales_plan_create, sales_plan_update
from tests.conftest import log_in
from tests.factories import ProspectFactory, SalesPlanFactory

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MSK)


def plan(team, starts_on=Q1[0], ends_on=Q1[1], clients=4, value="8000000"):
    return sales_plan_create(agency=team.agency, user=team.ivan.user, data={
        "starts_on": starts_on, "ends_on": ends_on, "clients_planned": clients,
        "value_planned": Decimal(value)})


def decided(team, decision, day, **kwargs):
    return ProspectFactory(agency=team.agency, decision=decision, decided_at=day,
                           decided_by=team.ivan.user, **kwargs)


def test_planned_vs_won_and_the_rejection_rate(team, rival):
    q1 = plan(team)
    # Won in the period: converted on its first and last day (in Moscow), whenever decided.
    decided(team, "interesting", at(date(2025, 12, 20)), converted_at=at(Q1[0], 0),
            budget=Decimal("2000000"))
    decided(team, "interesting", at(Q1[1], 9), converted_at=at(Q1[1], 23),
            budget=Decimal("1500000"))
    # Decided in the period: two turned down, one interesting (plus the one above).
    decided(team, "not_interesting", at(date(2026, 2, 10)), decision_reason="pro bono")
    decided(team, "not_interesting", at(date(2026, 3, 1)), decision_reason="microloans")
    decided(team, "interesting", at(date(2026, 2, 11)))
    # Outside the period, undecided, or another agency's: none of them count.
    decided(team, "not_interesting", at(Q1[1] + timedelta(days=1), 0), decision_reason="x")
    decided(team, "interesting", at(date(2026, 4, 2)), converted_at=at(date(2026, 4, 2)))
    ProspectFactory(agency=team.agency, created_at=at(date(2026, 2, 1)))
    decided(rival, "not_interesting", at(date(2026, 2, 10)), decision_reason="x")

    progress = sales_plan_progress(agency=team.agency, plan=q1)
    assert (progress.clients_won, progress.value_won) == (2, Decimal("3500000"))
    assert (progress.decided, progress.turned_down) == (4, 2)
    assert progress.rejection_rate == 50
    assert (progress.clients_pct, progress.value_pct) == (50, 44)  # 3.5 of 8 millions
    assert progress.behind and not progress.filter_too_strict


def test_a_plan_behind_with_most_prospects_turned_down_questions_the_filter(team):
    q1 = plan(team)
    for day in (5, 6, 7, 8):
        decided(team, "not_interesting", at(date(2026, 2, day)), decision_reason="нет")
    decided(team, "interesting", at(date(2026, 2, 9)))
    progress = sales_plan_progress(agency=team.agency, plan=q1)
    assert progress.rejection_rate == 80  # above the policy's 70
    assert progress.filter_too_strict
    page = _page(team)
    assert "check the filter" in page


def test_without_decisions_there_is_no_rejection_rate(team):
    progress = sales_plan_progress(agency=team.agency, plan=plan(team))
    assert progress.rejection_rate is None and progress.decided == 0
    assert progress.value_won == Decimal(0)


def test_plans_cannot_overlap(team, rival):
    plan(team)
    SalesPlanFactory(agency=rival.agency, starts_on=Q1[0], ends_on=Q1[1])
    with pytest.raises(ValidationError) as refused:
        plan(team, starts_on=date(2026, 3, 31), ends_on=date(2026, 6, 30))
    assert "starts_on" in refused.value.message_dict
    second = plan(team, starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 30))
    with pytest.raises(ValidationError):
        sales_plan_update(plan=second, data={"starts_on": date(2026, 3, 15)},
                          user=team.ivan.user)
    assert SalesPlan.objects.for_agency(team.agency).count() == 2
    assert SalesPlan.objects.get(pk=second.pk).starts_on == date(2026, 4, 1)


def test_a_plan_ending_before_it_starts_is_refused(team):
    with pytest.raises(ValidationError):
        plan(team, starts_on=date(2026, 3, 1), ends_on=date(2026, 2, 1))
    assert not SalesPlan.objects.exists()


def _page(team, http=None):
    from django.test import Client

    http = log_in(http or Client(), team.olena)
    return http.get(reverse("sales_plan"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def _fill(team, quarters: int, per_quarter: int):
    start = date(2020, 1, 1)
    for _ in range(quarters):
        end = date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1) \
            - timedelta(days=1)
        plan(team, starts_on=start, ends_on=end)
        for index in range(per_quarter):
            decided(team, "not_interesting" if index % 2 else "interesting",
                    at(start + timedelta(days=index)), decision_reason="x",
                    **({"converted_at": at(start + timedelta(days=index + 1))}
                       if index % 2 == 0 else {}))
        start = end + timedelta(days=1)


def _queries(team, request):
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured)


def test_the_plan_page_and_api_take_the_same_queries_for_few_and_many(team, as_user, client):
    http = as_user(team.olena)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.olena)}"}

    def counts():
        return (_queries(team, lambda: http.get(reverse("sales_plan"))),
                _queries(team, lambda: client.get("/api/prospects/plans", **headers)),
                _queries(team, lambda: http.get(reverse("prospect_list"))))

    _fill(team, quarters=2, per_quarter=2)
    few = counts()
    SalesPlan.objects.all().delete()  # the same periods again, with many more prospects
    _fill(team, quarters=12, per_quarter=9)
    assert counts() == few


def test_the_plan_page_shows_each_period_and_its_rejection_rate(team, as_user):
    q1 = plan(team, clients=2, value="5000000")
    decided(team, "not_interesting", at(date(2026, 2, 10)), decision_reason="нет")
    decided(team, "interesting", at(date(2026, 2, 11)), converted_at=at(date(2026, 2, 20)),
            budget=Decimal("1250000"))
    page = _page(team)
    assert reverse("sales_plan_edit", kwargs={"plan_id": q1.pk}) in page
    assert "50 %" in page and "(1 / 2)" in page
    specialist = as_user(team.petro).get(reverse("sales_plan")).content.decode()
    assert "50 %" in specialist
    assert reverse("sales_plan_edit", kwargs={"plan_id": q1.pk}) not in specialist


def test_an_empty_plan_page_says_what_to_do(team):
    assert "No sales plan yet." in _page(team)


def test_sales_and_owners_add_and_edit_plans_others_are_refused(team, as_user):
    data = {"starts_on": "2026-04-01", "ends_on": "2026-06-30", "clients_planned": "3",
            "value_planned": "4500000", "note": "Q2"}
    assert as_user(team.masha).post(reverse("sales_plan"), data).status_code == 403
    assert not SalesPlan.objects.exists()
    assert as_user(team.ivan).post(reverse("sales_plan"), data).status_code == 302
    q2 = SalesPlan.objects.get()
    assert (q2.clients_planned, q2.value_planned, q2.created_by) == (3, Decimal("4500000"),
                                                                     team.ivan.user)
    url = reverse("sales_plan_edit", kwargs={"plan_id": q2.pk})
    assert as_user(team.olena).post(url, data | {"clients_planned": "5"}).status_code == 302
    assert SalesPlan.objects.get().clients_planned == 5


def test_the_api_lists_creates_and_reports_progress(team, client):
    def headers(member):
        return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=member)}"}

    body = json.dumps({"starts_on": "2026-01-01", "ends_on": "2026-03-31",
                       "clients_planned": 2, "value_planned": "3000000"})
    assert client.post("/api/prospects/plans", data=body, content_type="application/json",
                       **headers(team.masha)).status_code == 403
    created = client.post("/api/prospects/plans", data=body, content_type="application/json",
                          **headers(team.ivan))
    assert created.status_code == 201
    overlapping = client.post("/api/prospects/plans", data=body,
                              content_type="application/json", **headers(team.ivan))
    assert overlapping.status_code == 422
    plan_id = created.json()["id"]
    decided(team, "not_interesting", at(date(2026, 1, 15)), decision_reason="нет")
    progress = client.get(f"/api/prospects/plans/{plan_id}/progress", **headers(team.petro))
    assert progress.json()["rejection_rate"] == 100
    assert progress.json()["plan"]["clients_planned"] == 2
    listed = client.get("/api/prospects/plans", **headers(team.petro)).json()
    assert listed["count"] == 1 and listed["items"][0]["turned_down"] == 1
    patched = client.patch(f"/api/prospects/plans/{plan_id}", data=json.dumps(
        {"ends_on": "2025-12-01"}), content_type="application/json", **headers(team.olena))
    assert patched.status_code == 422
    assert SalesPlan.objects.get().ends_on == date(2026, 3, 31)

"""The demo's year of prospects: a portrait following article 001 and its change, prospects
in Russian, Ukrainian and English decided by the sales member (some turned down with their
reasons, the newest waiting), two converted into clients with draft agreements, and a sales
plan per quarter — the same every time for the same day."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from retainer.accounts.roles import Role
from retainer.agreements.models import Agreement
from retainer.demo.prospects import LEADS, prospects_history
from retainer.prospects.models import Portrait, Prospect, SalesPlan
from retainer.prospects.selectors import plan_progress, sales_plan_list
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Europe/Moscow"))


def small_agency(*roles):
    agency = AgencyFactory()
    members = {role: MembershipFactory(agency=agency, role=role, user=UserFactory())
               for role in roles}
    return agency, members


def story(agency):
    return list(Prospect.objects.for_agency(agency).order_by("created_at").values_list(
        "company", "score", "decision", "decision_reason", "decided_at", "converted_at"))


def test_the_year_of_prospects():
    agency, members = small_agency(Role.OWNER, Role.SALES, Role.ACCOUNT_MANAGER)
    assert prospects_history(agency, TODAY, NOW) == len(LEADS) == 25
    prospects = list(Prospect.objects.for_agency(agency).select_related("client"))
    assert {p.language for p in prospects} == {"ru", "uk", "en"}
    assert all(p.created_at <= NOW for p in prospects)

    decided = [p for p in prospects if p.decision]
    assert {p.decided_by for p in decided} == {members[Role.SALES].user}
    assert all(p.created_at < p.decided_at <= NOW for p in decided)
    turned_down = [p for p in decided if p.decision == "not_interesting"]
    assert len(turned_down) == 7 and all(p.decision_reason for p in turned_down)
    waiting = [p for p in prospects if not p.decision]
    assert len(waiting) == 4
    assert all((NOW - p.created_at).days <= 30 for p in waiting)  # the newest ones

    converted = [p for p in prospects if p.converted_at]
    assert len(converted) == 2
    for prospect in converted:
        assert prospect.client.stage == "sale" and prospect.client.language == prospect.language
        assert prospect.client.account_manager == members[Role.ACCOUNT_MANAGER].user
        agreement = Agreement.objects.get(client=prospect.client)
        assert agreement.status == "draft"

    portrait = Portrait.objects.get(agency=agency)
    segments = next(r for r in portrait.criteria if r["attribute"] == "segment")["values"]
    assert portrait.version == 2 and "startup" not in segments
    assert all(p.portrait_version == 2 for p in prospects)

    plans = list(SalesPlan.objects.for_agency(agency).order_by("starts_on"))
    assert [(p.starts_on, p.ends_on) for p in plans] == [
        (date(2025, 10, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)), (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31))]
    progress = plan_progress(sales_plan_list(agency=agency), agency=agency)
    assert sum(row.clients_won for row in progress) == 2
    assert sum(row.decided for row in progress) == len(decided)
    assert any(row.rejection_rate for row in progress)


def test_the_same_day_tells_the_same_story():
    first, _ = small_agency(Role.OWNER, Role.SALES)
    second, _ = small_agency(Role.OWNER, Role.SALES)
    prospects_history(first, TODAY, NOW)
    prospects_history(second, TODAY, NOW)
    assert story(first) == story(second)


def test_without_a_sales_member_the_owner_decides():
    agency, members = small_agency(Role.OWNER, Role.SPECIALIST)
    prospects_history(agency, TODAY, NOW)
    deciders = set(Prospect.objects.for_agency(agency).exclude(decision="")
                   .values_list("decided_by", flat=True))
    assert deciders == {members[Role.OWNER].user_id}

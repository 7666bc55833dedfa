"""What concessions cost the client's economics (this month, the last 12 months, per client,
per manager, for the agency), and what the client is worth to the concession rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from retainer.agreements.economics import client_economics
from retainer.claims.inputs import churn_risk
from retainer.claims.selectors import conceded_cost
from retainer.claims.services import claim_assess, claim_create, claim_override
from retainer.conversations.models import Interaction
from retainer.rules.policy import DEFAULT_POLICY
from tests.claims.conftest import MOSCOW, at
from tests.factories import AgreementFactory, ClientFactory

pytestmark = pytest.mark.django_db


def conceded(deal, team, minutes, when, client=None, agreement=None):
    """A trivial ask of `minutes`, granted at `when`."""
    claim = claim_create(client=client or deal.client, agreement=agreement or deal.agreement,
                         user=None, data={"words": "…", "ask": f"{minutes} min",
                                          "asked_min": minutes,
                                          "made_at": when - timedelta(hours=1)})
    return claim_assess(claim=claim, user=team.masha.user, now=when)


def test_the_cost_of_granted_concessions_this_month_and_in_12_months(team, deal):
    # At 3,000 an hour: 10 min = 500, 20 min = 1,000, 30 min = 1,500.
    # Today is the 23rd of November 2026: the 12 months are the 24th of November 2025 on.
    conceded(deal, team, 10, datetime(2025, 11, 23, 23, 30, tzinfo=MOSCOW))
    conceded(deal, team, 20, datetime(2025, 11, 24, 0, 30, tzinfo=MOSCOW))
    conceded(deal, team, 30, datetime(2026, 10, 31, 23, 59, tzinfo=MOSCOW))
    conceded(deal, team, 10, datetime(2026, 11, 1, 0, 1, tzinfo=MOSCOW))  # this month
    refused = claim_assess(claim=deal.claim(ask="Новый логотип", asked_min=1200,
                                            made_at=at(2)), user=team.masha.user, now=at(2))
    assert not refused.granted  # a refusal costs nothing
    now = datetime(2026, 11, 23, 12, tzinfo=MOSCOW)
    cost = conceded_cost(agency=team.agency, client_id=deal.client.pk, now=now)
    assert (cost.month, cost.month_count) == (Decimal(500), 1)
    assert (cost.year, cost.year_count) == (Decimal(3000), 3)

    # Granted by a manager's override, it counts.
    claim_override(concession=refused, decision="grant", reason="Клиент продлевает договор",
                   user=team.masha.user)
    cost = conceded_cost(agency=team.agency, client_id=deal.client.pk, now=now)
    assert cost.month == Decimal(60500)


def test_the_cost_per_manager_and_for_the_agency(team, rival, deal):
    now = at(23, 12)
    conceded(deal, team, 20, at(20))
    ivans = ClientFactory(agency=team.agency, account_manager=team.ivan.user)
    conceded(deal, team, 10, at(21), ivans, AgreementFactory(client=ivans))
    theirs = ClientFactory(agency=rival.agency)
    conceded(deal, rival, 30, at(21), theirs, AgreementFactory(client=theirs))
    assert conceded_cost(agency=team.agency, now=now).month == Decimal(1500)
    assert conceded_cost(agency=team.agency, manager_id=team.masha.user.pk,
                         now=now).month == Decimal(1000)
    assert conceded_cost(agency=team.agency, manager_id=team.ivan.user.pk,
                         now=now).month == Decimal(500)
    assert conceded_cost(agency=rival.agency, now=now).month == Decimal(1500)


@pytest.mark.parametrize(("stage", "negativity", "risk", "margin"), [
    ("normalization", None, "0.15", "300000.00"),
    ("storm", None, "0.40", "300000.00"),
    ("storm", 0.5, "0.70", "300000.00"),  # 0.40 + 0.60 × 0.5
    ("support", 1.0, "1.00", "300000.00"),
    ("ended", 0.9, "0.00", "0.00"),  # nothing left to keep
])
def test_what_the_client_is_worth(team, deal, stage, negativity, risk, margin):
    client = deal.client
    client.stage = stage
    if negativity is not None:
        Interaction.objects.create(agency=team.agency, client=client, channel="email",
                                   direction="in", occurred_at=at(20), text="…",
                                   negativity=negativity)
        # Older than 30 days, and ours: neither counts.
        Interaction.objects.create(agency=team.agency, client=client, channel="email",
                                   direction="in", occurred_at=at(20, month=9), text="…",
                                   negativity=0.0)
        Interaction.objects.create(agency=team.agency, client=client, channel="email",
                                   direction="out", occurred_at=at(21), text="…",
                                   negativity=0.0)
    risk_now, _base, _mood = churn_risk(client=client, now=at(25))
    assert risk_now == Decimal(risk)
    economics = client_economics(client=client, agreement=deal.agreement, churn_risk=risk_now,
                                 policy=DEFAULT_POLICY)
    assert economics.expected_margin_12m == Decimal(margin)  # 30 % of 1,000,000 a year
    assert (economics.hourly_rate, economics.currency) == (Decimal(3000), "RUB")
    assert economics.typical_project_value == Decimal("83333.33")  # no budget: a month's value


def test_a_typical_project_is_the_budget_else_a_periods_hours(team, deal):
    agreement = deal.agreement
    agreement.budget, agreement.included_hours = Decimal(250000), Decimal(20)
    worth = client_economics(client=deal.client, agreement=agreement, churn_risk=Decimal(0),
                             policy=DEFAULT_POLICY)
    assert worth.typical_project_value == Decimal(250000)
    agreement.budget = None
    worth = client_economics(client=deal.client, agreement=agreement, churn_risk=Decimal(0),
                             policy=DEFAULT_POLICY)
    assert worth.typical_project_value == Decimal(60000)  # 20 h × 3,000

"""What a client is worth to the agency under the current agreement, as the claims and
recovery rules weigh it.

One reading for every decision that weighs a cost against keeping the client: the margin
expected over the next twelve months is the client's expected annual value times the
policy's margin share (nothing once the relationship has ended); the hourly rate is the
current agreement's; a typical project is its agreed budget, else a period's included hours
at that rate, else a month of the expected value. The churn risk comes from the caller,
because each decision reads it from what it knows: a claim from the relationship's stage and
the client's mood, a recovery plan from the assessed dissatisfaction.
"""

from __future__ import annotations

from decimal import Decimal

from retainer.agreements.models import Agreement
from retainer.clients.models import Client, Stage
from retainer.rules.claims import ClientEconomics, cents
from retainer.rules.policy import Policy


def client_economics(*, client: Client, agreement: Agreement | None, churn_risk: Decimal,
                     policy: Policy) -> ClientEconomics:
    annual = client.expected_annual_value or Decimal(0)
    margin = Decimal(0) if client.stage == Stage.ENDED else (
        annual * policy.client_margin_pct / 100)
    rate = agreement.hourly_rate if agreement is not None else Decimal(0)
    if agreement is not None and agreement.budget:
        typical = agreement.budget
    elif agreement is not None and agreement.included_hours:
        typical = agreement.included_hours * rate
    else:
        typical = annual / 12
    return ClientEconomics(
        expected_margin_12m=cents(margin), churn_risk=churn_risk, hourly_rate=rate,
        currency=client.agency.currency, typical_project_value=cents(typical))

"""decide_concession(): do we give the client what the claim asks? The rules of the module
doc of `retainer.rules.claims`."""

from __future__ import annotations

from decimal import Decimal

from retainer.rules.claims.reply import draft_reply
from retainer.rules.claims.terms import (
    CONCEDE,
    FIX_AND_ADMIT,
    REFUSE,
    RULE_FIX_AND_ADMIT,
    RULE_NOT_WORTH,
    RULE_RETENTION,
    RULE_TOO_MANY_UNFOUNDED,
    RULE_TRIVIAL,
    ClaimAssessment,
    ClaimHistory,
    ClientEconomics,
    Concession,
    cents,
)
from retainer.rules.policy import Policy
from retainer.rules.scope.terms import Reason


def unfounded_in_window(assessment: ClaimAssessment, history: ClaimHistory,
                        policy: Policy) -> int:
    """The client's unfounded claims within the policy's window up to the claim's day, this
    one included when it is unfounded."""
    window = policy.unfounded_claims_window_days
    day = assessment.made_on
    earlier = sum(1 for each in history.unfounded_on if 0 <= (day - each).days < window)
    return earlier + (not assessment.founded)


def decide_concession(assessment: ClaimAssessment, client_economics: ClientEconomics,
                      history: ClaimHistory, policy: Policy) -> Concession:
    """The concession for an assessed claim (see the module doc), with its draft reply.
    Deterministic: the same inputs give the same concession."""
    economics = client_economics
    claim = assessment.claim
    cost = cents(economics.work_cost(claim.asked_min) + claim.asked_amount)
    trivial = economics.work_cost(policy.trivial_concession_min)
    figures = {"cost": cost, "currency": economics.currency}
    reasons = list(assessment.reasons)
    review = False
    if assessment.founded:
        reasons.append(Reason.of(RULE_FIX_AND_ADMIT, target=claim.target))
        granted = _weigh(cost, trivial, economics, policy, reasons)
        outcome = FIX_AND_ADMIT
    else:
        count = unfounded_in_window(assessment, history, policy)
        if count >= policy.unfounded_claims_limit:
            # The client "sits on the neck" (article 000): one more concession, however
            # cheap, only lengthens the list of what we supposedly owe.
            reasons.append(Reason.of(RULE_TOO_MANY_UNFOUNDED, count=count,
                                     limit=policy.unfounded_claims_limit,
                                     days=policy.unfounded_claims_window_days, **figures))
            granted, review = False, True
        else:
            granted = _weigh(cost, trivial, economics, policy, reasons)
        outcome = CONCEDE if granted else REFUSE
    concession = Concession(
        outcome=outcome, granted=granted, review=review, cost=cost, trivial_cost=trivial,
        retention_value=economics.retention_value, acquisition_cost=policy.acquisition_cost,
        currency=economics.currency, reasons=tuple(reasons), policy_version=policy.version)
    # Set in place on the value nobody else holds yet, as decide_request does.
    object.__setattr__(concession, "reply", draft_reply(assessment, concession))
    return concession


def _weigh(cost: Decimal, trivial: Decimal, economics: ClientEconomics, policy: Policy,
           reasons: list[Reason]) -> bool:
    """Give way when it costs (almost) nothing, or when keeping the client is worth more
    (article 000); the reason that decided is appended."""
    if cost <= trivial:
        reasons.append(Reason.of(RULE_TRIVIAL, cost=cost, trivial_cost=trivial,
                                 trivial_min=policy.trivial_concession_min,
                                 hourly_rate=economics.hourly_rate, currency=economics.currency))
        return True
    value = {"cost": cost, "retention_value": economics.retention_value,
             "expected_margin_12m": economics.expected_margin_12m,
             "churn_risk": economics.churn_risk, "acquisition_cost": policy.acquisition_cost,
             "currency": economics.currency}
    if economics.retention_value > cost:
        reasons.append(Reason.of(RULE_RETENTION, **value))
        return True
    reasons.append(Reason.of(RULE_NOT_WORTH, trivial_cost=trivial, **value))
    return False


# The chance a client leaves within the year when we do not give way, by the relationship's
# stage: highest in a storm, nothing left to lose once it has ended.
STAGE_CHURN_RISK = {
    "courtship": Decimal("0.30"), "sale": Decimal("0.30"), "honeymoon": Decimal("0.20"),
    "storm": Decimal("0.40"), "normalization": Decimal("0.15"), "support": Decimal("0.10"),
    "ended": Decimal(0),
}


def churn_risk(stage: str, mood: Decimal) -> tuple[Decimal, Decimal]:
    """(risk, the stage's base): the base rises with the client's mood, the mean negativity
    0–1 of their recent messages — risk = base + (1 − base) × mood; none once ended."""
    if stage == "ended":
        return Decimal(0), Decimal(0)
    base = STAGE_CHURN_RISK.get(stage, STAGE_CHURN_RISK["normalization"])
    return min(base + (1 - base) * mood, Decimal(1)).quantize(Decimal("0.01")), base

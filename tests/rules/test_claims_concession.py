"""Concessions (BRIEF C3): do we give the client what the claim asks?

The tests in the rules' order — the unfounded-claims limit, the trivial cost, the retention
value — with their edges worked out by hand, and properties over generated claims: a founded
claim is never refused, a higher cost never turns a refusal into a concession, the same
inputs give the same concession.
"""

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.claims import (
    COMMUNICATION,
    CONCEDE,
    DELIVERABLE,
    FIX_AND_ADMIT,
    KPI,
    NOT_PROMISED,
    NOTHING,
    REFUSE,
    RULE_DELIVERABLE_LATE,
    RULE_FIX_AND_ADMIT,
    RULE_NOT_WORTH,
    RULE_RETENTION,
    RULE_TOO_MANY_UNFOUNDED,
    RULE_TRIVIAL,
    Claim,
    ClaimFacts,
    ClaimHistory,
    ClientEconomics,
    DeliverableProgress,
    KpiMeasurement,
    ReplyWait,
    assess_claim,
    decide_concession,
    unfounded_in_window,
)
from retainer.rules.policy import DEFAULT_POLICY
from tests.rules.test_claims import (
    ECONOMICS,
    LOGO,
    MSK,
    POLICY,
    TERMS,
    assessed,
    data,
    on_deliverable,
)

NO_HISTORY = ClaimHistory()


# ---- concessions ----------------------------------------------------------------------

def unfounded(**claim):
    return assessed(NOTHING, **claim)


def conceded(assessment, economics=ECONOMICS, history=NO_HISTORY, policy=POLICY):
    return decide_concession(assessment, economics, history, policy)


def test_the_retention_value_is_the_margin_at_risk():
    assert ECONOMICS.retention_value == Decimal("120000.00")
    assert replace(ECONOMICS, expected_margin_12m=Decimal("-50000")).retention_value < 0


@pytest.mark.parametrize(("minutes", "amount"), [(30, "0"), (0, "1500"), (10, "1000"),
                                                 (0, "0")])
def test_an_ask_costing_up_to_the_trivial_minutes_is_conceded(minutes, amount):
    economics = replace(ECONOMICS, churn_risk=Decimal(0))  # keeping them is worth nothing
    concession = conceded(unfounded(asked_min=minutes, asked_amount=Decimal(amount)),
                          economics)
    assert concession.outcome == CONCEDE and concession.granted and not concession.review
    assert concession.rules[-1] == RULE_TRIVIAL
    assert data(concession)[RULE_TRIVIAL] == {
        "cost": str(concession.cost), "trivial_cost": "1500.00", "trivial_min": "30",
        "hourly_rate": "3000", "currency": "RUB"}


def test_one_minute_over_the_trivial_cost_needs_the_retention_value():
    economics = replace(ECONOMICS, churn_risk=Decimal(0))
    refused = conceded(unfounded(asked_min=31), economics)
    assert refused.outcome == REFUSE and not refused.granted and not refused.review
    assert refused.cost == Decimal("1550.00")
    assert data(refused)[RULE_NOT_WORTH] == {
        "trivial_cost": "1500.00", "cost": "1550.00", "retention_value": "0.00",
        "expected_margin_12m": "600000", "churn_risk": "0", "acquisition_cost": "1050000",
        "currency": "RUB"}
    kept = conceded(unfounded(asked_min=31))
    assert kept.outcome == CONCEDE and kept.rules[-1] == RULE_RETENTION


def test_a_retention_value_equal_to_the_cost_is_not_enough():
    assert conceded(unfounded(asked_amount=Decimal("119999.99"))).outcome == CONCEDE
    assert conceded(unfounded(asked_amount=Decimal("120000"))).outcome == REFUSE


def test_the_acquisition_cost_is_shown_beside_the_retention_value():
    concession = conceded(unfounded(asked_amount=Decimal("50000")))
    assert concession.acquisition_cost == Decimal("1050000")  # 350,000 ÷ ⅓
    assert concession.retention_value == Decimal("120000.00")
    assert data(concession)[RULE_RETENTION]["acquisition_cost"] == "1050000"


def test_the_third_unfounded_claim_in_90_days_is_refused_and_flagged_for_review():
    history = ClaimHistory((date(2026, 11, 1), date(2026, 9, 1)))
    concession = conceded(unfounded(asked_min=0), history=history)
    assert concession.outcome == REFUSE and not concession.granted
    assert concession.review
    assert data(concession)[RULE_TOO_MANY_UNFOUNDED] == {
        "count": "3", "limit": "3", "days": "90", "cost": "0.00", "currency": "RUB"}
    assert RULE_TRIVIAL not in concession.rules and RULE_RETENTION not in concession.rules


@pytest.mark.parametrize(("earlier", "count"), [
    ((), 1),
    ((date(2026, 11, 25),), 2),  # the same day
    ((date(2026, 8, 28),), 2),  # 89 days before
    ((date(2026, 8, 27),), 1),  # 90 days before: out of the window
    ((date(2026, 11, 26),), 1),  # after the claim
])
def test_the_window_of_unfounded_claims(earlier, count):
    assessment = unfounded()
    assert unfounded_in_window(assessment, ClaimHistory(earlier), POLICY) == count


def test_the_limit_follows_the_policy():
    history = ClaimHistory((date(2026, 11, 1), date(2026, 9, 1)))
    policy = replace(DEFAULT_POLICY, unfounded_claims_limit=4)
    assert conceded(unfounded(), history=history, policy=policy).outcome == CONCEDE
    short = replace(DEFAULT_POLICY, unfounded_claims_window_days=30)
    assert conceded(unfounded(), history=history, policy=short).outcome == CONCEDE


def test_a_founded_claim_is_fixed_and_admitted_whatever_the_history():
    history = ClaimHistory((date(2026, 11, 1),) * 5)
    assessment = on_deliverable(LOGO, asked_amount=Decimal("500000"))
    concession = conceded(assessment, history=history)
    assert concession.outcome == FIX_AND_ADMIT and not concession.review
    assert concession.rules[:2] == (RULE_DELIVERABLE_LATE, RULE_FIX_AND_ADMIT)
    assert data(concession)[RULE_FIX_AND_ADMIT] == {"target": DELIVERABLE}
    # The compensation asked is weighed like any concession: 500,000 is worth more than
    # the 120,000 of margin at risk.
    assert not concession.granted and concession.rules[-1] == RULE_NOT_WORTH


@pytest.mark.parametrize(("amount", "granted", "rule"), [
    ("0", True, RULE_TRIVIAL), ("1500", True, RULE_TRIVIAL), ("20000", True, RULE_RETENTION),
    ("120000", False, RULE_NOT_WORTH)])
def test_the_compensation_for_a_founded_claim_is_decided_the_same_way(amount, granted, rule):
    concession = conceded(on_deliverable(LOGO, asked_amount=Decimal(amount)))
    assert concession.outcome == FIX_AND_ADMIT
    assert concession.granted is granted and concession.rules[-1] == rule


def test_a_concession_records_the_policy_version_and_the_assessments_reasons():
    policy = replace(DEFAULT_POLICY, version=9)
    assessment = assessed(NOT_PROMISED, result="Sales growth", policy=policy)
    concession = conceded(assessment, policy=policy)
    assert assessment.policy_version == concession.policy_version == 9
    assert concession.reasons[0] == assessment.reasons[0]
    assert concession.currency == "RUB"


# ---- properties -----------------------------------------------------------------------

PROPERTY = settings(max_examples=200, deadline=None)
moments = st.datetimes(datetime(2026, 10, 1), datetime(2027, 2, 1),  # noqa: DTZ001
                       timezones=st.just(MSK))
days = st.dates(date(2026, 9, 1), date(2027, 2, 1))
money = st.decimals(Decimal(0), Decimal("300000"), places=2)


@st.composite
def claims(draw):
    made_at = draw(moments)
    target = draw(st.sampled_from([DELIVERABLE, KPI, COMMUNICATION, NOT_PROMISED, NOTHING]))
    common = {"made_at": made_at, "asked_min": draw(st.integers(0, 600)),
              "asked_amount": draw(money), "ask": draw(st.sampled_from(["", "Redo", "Скидка"])),
              "language": draw(st.sampled_from(["ru", "uk", "en"]))}
    facts = ClaimFacts()
    if target == DELIVERABLE:
        item = draw(st.sampled_from(TERMS.deliverables))
        facts = ClaimFacts(progress=DeliverableProgress(draw(st.none() | days),
                                                        draw(st.booleans())))
        claim = Claim(target, target_id=item.id, **common)
    elif target == KPI:
        kpi = draw(st.sampled_from(TERMS.kpis))
        measured = draw(st.none() | st.builds(
            KpiMeasurement, st.decimals(Decimal(0), Decimal("200000"), places=3), days))
        facts = ClaimFacts(measurement=measured)
        claim = Claim(target, target_id=kpi.id, **common)
    elif target == COMMUNICATION:
        spans = st.timedeltas(timedelta(0), timedelta(days=10))
        received = made_at - draw(spans)
        replied = received + draw(spans) if draw(st.booleans()) else None
        paused = draw(st.timedeltas(timedelta(0), timedelta(hours=8)))
        facts = ClaimFacts(reply=ReplyWait(received, replied, draw(st.booleans()), paused))
        claim = Claim(target, **common)
    elif target == NOT_PROMISED:
        claim = Claim(target, result=draw(st.sampled_from(TERMS.not_promised)), **common)
    else:
        claim = Claim(target, **common)
    return claim, facts


economics = st.builds(ClientEconomics, st.decimals(Decimal("-100000"), Decimal("2000000"),
                                                   places=2),
                      st.decimals(Decimal(0), Decimal(1), places=2),
                      st.decimals(Decimal(0), Decimal("20000"), places=2),
                      st.sampled_from(["RUB", "UAH", "EUR"]))
histories = st.builds(ClaimHistory, st.lists(days, max_size=6).map(tuple))
policies = st.builds(
    lambda minutes, limit, window: replace(DEFAULT_POLICY, trivial_concession_min=minutes,
                                           unfounded_claims_limit=limit,
                                           unfounded_claims_window_days=window),
    st.integers(0, 120), st.integers(1, 5), st.integers(1, 180))


@PROPERTY
@given(claims(), economics, histories, policies)
def test_a_founded_claim_is_never_refused(case, client, history, policy):
    claim, facts = case
    assessment = assess_claim(claim, TERMS, facts, policy)
    concession = decide_concession(assessment, client, history, policy)
    assert (concession.outcome == FIX_AND_ADMIT) is assessment.founded
    if assessment.founded:
        assert concession.outcome != REFUSE and not concession.review
    if concession.review:
        assert concession.outcome == REFUSE
    if concession.granted:
        assert (concession.cost <= concession.trivial_cost
                or concession.retention_value > concession.cost)


@PROPERTY
@given(claims(), economics, histories, policies, st.integers(0, 600), money)
def test_a_higher_cost_never_turns_a_refusal_into_a_concession(case, client, history,
                                                               policy, more_min, more):
    claim, facts = case
    cheap = assess_claim(claim, TERMS, facts, policy)
    dear = assess_claim(replace(claim, asked_min=claim.asked_min + more_min,
                                asked_amount=claim.asked_amount + more), TERMS, facts, policy)
    low = decide_concession(cheap, client, history, policy)
    high = decide_concession(dear, client, history, policy)
    assert high.cost >= low.cost
    assert low.outcome == high.outcome or {low.outcome, high.outcome} == {CONCEDE, REFUSE}
    if not low.granted:
        assert not high.granted
        assert high.outcome == low.outcome


@PROPERTY
@given(claims(), economics, histories, policies)
def test_the_same_inputs_give_the_same_concession(case, client, history, policy):
    claim, facts = case
    first = decide_concession(assess_claim(claim, TERMS, facts, policy), client, history, policy)
    again = decide_concession(assess_claim(replace(claim), replace(TERMS), replace(facts),
                                           replace(policy)),
                              replace(client), replace(history), replace(policy))
    assert first == again
    assert first.reply and first.reply == again.reply

"""Unhappy clients (BRIEF C4, article 004): the group from weighted signals, and the plan.

The three clients of the brief's worked example, every signal's contribution, the edges of
the groups, what each strategy adds to the checklist and what it costs, and properties over
generated signals: the contributions add up to the score, group A never gets *start over*,
no plan holds anything but the article's two strategies and its checklist, and a further
hostile signal never makes a client look happier.
"""

import re
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules import recovery
from retainer.rules.claims import ClientEconomics
from retainer.rules.policy import DEFAULT_POLICY, Policy, PolicyError
from retainer.rules.recovery import (
    ACTIONS,
    ADMIT_FAULT_IN_WRITING,
    APOLOGY_LETTER,
    CLOSE_ANOTHER_NEED,
    FUTURE_DISCOUNT,
    GIFT_TO_WORK_ADDRESS,
    GROUP_A,
    GROUP_B,
    GROUP_C,
    GROUPS,
    NEUTRAL_COLLEAGUE,
    PERSONAL_MEETING,
    REDO_AT_OUR_COST,
    RULE_CONTENT,
    RULE_GROUP,
    RULE_NEVER_FOR_A,
    RULE_NOT_PROMISING,
    RULE_NOT_WORTH,
    RULE_NOTHING_TO_RECOVER,
    RULE_SOFTEN_THE_BLOW,
    RULE_START_OVER,
    RULE_WISH_TO_SETTLE,
    SIGNALS,
    SOFTEN_THE_BLOW,
    START_OVER,
    STRATEGIES,
    DissatisfactionSignals,
    assess_dissatisfaction,
    plan,
)

POLICY = DEFAULT_POLICY
# Margin 900,000 over 12 months, half of it at risk; 3,000 an hour; projects of 300,000.
# Starting over costs 15 % of 300,000 + 4 h + 2 % of 300,000 + 2 h = 45,000 + 12,000 +
# 6,000 + 6,000 = 69,000.
ECONOMICS = ClientEconomics(Decimal("900000"), Decimal("0.5"), Decimal("3000"), "RUB",
                            Decimal("300000"))
START_OVER_COST = Decimal("69000")


def points(dissatisfaction):
    return {part.signal: part.points for part in dissatisfaction.contributions}


def actions(recovery_plan):
    return [item.action for item in recovery_plan.items]


def data(result):
    return {reason.rule: dict(reason.figures) for reason in result.reasons}


# ---- the worked example of BRIEF C4 ---------------------------------------------------

def test_a_client_who_threatens_and_holds_payment_is_group_a_and_gets_softening_only():
    # "This is the third time, we will write a review everywhere and won't pay until you
    # redo it": high negativity, a threat, a frozen payment; the faulty part takes 8 hours.
    signals = DissatisfactionSignals((0.85, 0.7), threat=True, payments_held=True,
                                     faulty_work_min=480, our_fault=True)
    unhappy = assess_dissatisfaction(signals, POLICY)
    assert unhappy.group == GROUP_A
    assert points(unhappy) == {
        "negativity": Decimal("31.20"), "threat": 30, "payments_held": 25,
        "discount_demand": 0, "silence": 0, "escalation": 0, "wish_to_settle": 0}
    assert unhappy.score == Decimal("86.20")
    recovery_plan = plan(unhappy, ECONOMICS, POLICY)
    assert recovery_plan.strategies == (SOFTEN_THE_BLOW,)
    assert actions(recovery_plan) == [APOLOGY_LETTER, REDO_AT_OUR_COST, ADMIT_FAULT_IN_WRITING,
                                      NEUTRAL_COLLEAGUE]
    # No new sales pitch to group A, however promising the client.
    assert not {FUTURE_DISCOUNT, CLOSE_ANOTHER_NEED} & set(actions(recovery_plan))
    assert recovery_plan.promising
    assert [reason.rule for reason in recovery_plan.reasons] == [RULE_SOFTEN_THE_BLOW,
                                                                 RULE_NEVER_FOR_A]


def test_a_disappointed_client_who_wants_a_discount_is_group_b_and_starts_over():
    # "We're disappointed, give us 40 % off and we'll continue."
    signals = DissatisfactionSignals((0.5,), discount_demand=True, faulty_work_min=240)
    unhappy = assess_dissatisfaction(signals, POLICY)
    assert unhappy.group == GROUP_B and unhappy.score == Decimal("35.00")
    recovery_plan = plan(unhappy, ECONOMICS, POLICY)
    assert recovery_plan.strategies == (SOFTEN_THE_BLOW, START_OVER)
    assert actions(recovery_plan) == [APOLOGY_LETTER, REDO_AT_OUR_COST, FUTURE_DISCOUNT,
                                      CLOSE_ANOTHER_NEED, GIFT_TO_WORK_ADDRESS,
                                      PERSONAL_MEETING]
    assert data(recovery_plan)[RULE_START_OVER] == {
        "group": "B", "start_over_cost": "69000.00", "expected_margin_12m": "900000",
        "currency": "RUB", "churn_risk": "0.5", "retention_value": "450000.00"}


def test_a_client_who_wants_to_settle_is_group_c():
    # "Something went wrong, let's discuss how to fix it."
    unhappy = assess_dissatisfaction(DissatisfactionSignals((0.2,), wish_to_settle=True),
                                     POLICY)
    assert unhappy.group == GROUP_C
    assert points(unhappy)["wish_to_settle"] == -15
    assert unhappy.score == Decimal("-7.00")
    assert unhappy.reasons[0].rule == RULE_WISH_TO_SETTLE


# ---- signals and groups ---------------------------------------------------------------

def test_every_signal_is_shown_with_its_weight_and_what_was_seen():
    signals = DissatisfactionSignals((0.4, 0.6, 0.35), threat=True, payments_held=True,
                                     discount_demand=True, silence=timedelta(hours=20),
                                     escalation=True, wish_to_settle=True)
    parts = assess_dissatisfaction(signals, POLICY).contributions
    assert [part.signal for part in parts] == list(SIGNALS)
    assert [(part.observed, part.weight, part.points) for part in parts] == [
        ("0.45", 40, Decimal("18.00")), ("yes", 30, 30), ("yes", 25, 25), ("yes", 15, 15),
        ("1200", 10, 10), ("yes", 15, 15), ("yes", 15, -15)]


def test_silence_counts_from_the_policys_quiet_hours():
    quiet = POLICY.client_quiet
    assert quiet == timedelta(hours=16)
    at_limit = assess_dissatisfaction(DissatisfactionSignals(silence=quiet), POLICY)
    assert points(at_limit)["silence"] == 10
    before = assess_dissatisfaction(DissatisfactionSignals(silence=quiet - timedelta(seconds=1)),
                                    POLICY)
    assert points(before)["silence"] == 0


@pytest.mark.parametrize(("negativity", "group"), [
    (0.0, None), (0.37, None), (0.38, GROUP_C), (0.62, GROUP_C), (0.63, GROUP_B),
    (1.0, GROUP_B),
])
def test_the_groups_start_at_the_policys_thresholds(negativity, group):
    unhappy = assess_dissatisfaction(DissatisfactionSignals((negativity,)), POLICY)
    assert unhappy.group == group


def test_the_score_exactly_at_a_threshold_is_in_the_group():
    policy = replace(POLICY, unhappy_group_a_from=55, unhappy_group_b_from=30,
                     unhappy_group_c_from=25)
    assert assess_dissatisfaction(DissatisfactionSignals(threat=True, payments_held=True),
                                  policy).group == GROUP_A  # 55
    assert assess_dissatisfaction(DissatisfactionSignals(threat=True),
                                  policy).group == GROUP_B  # 30
    assert assess_dissatisfaction(DissatisfactionSignals(payments_held=True),
                                  policy).group == GROUP_C  # 25
    reason = assess_dissatisfaction(DissatisfactionSignals(threat=True), policy).reasons[0]
    assert reason.rule == RULE_GROUP
    assert dict(reason.figures) == {"group": "B", "score": "30.00", "a_from": "55",
                                    "b_from": "30", "c_from": "25"}


def test_a_content_client_has_no_group_and_no_plan():
    content = assess_dissatisfaction(DissatisfactionSignals((0.1, 0.05)), POLICY)
    assert content.group is None and content.reasons[0].rule == RULE_CONTENT
    nothing = plan(content, ECONOMICS, POLICY)
    assert nothing.strategies == () and nothing.items == ()
    assert nothing.total_cost == 0
    assert nothing.reasons[0].rule == RULE_NOTHING_TO_RECOVER


def test_a_wish_to_settle_pulls_a_client_towards_c():
    angry = DissatisfactionSignals((0.5,), discount_demand=True)  # 35: B
    assert assess_dissatisfaction(replace(angry, wish_to_settle=True), POLICY).group == GROUP_C


def test_weights_come_from_the_policy():
    policy = replace(POLICY, unhappy_weight_escalation=60)
    assert assess_dissatisfaction(DissatisfactionSignals(escalation=True),
                                  policy).group == GROUP_A


@pytest.mark.parametrize("kwargs", [
    {"negativity": (1.2,)}, {"negativity": (-0.1,)}, {"silence": timedelta(hours=-1)},
    {"faulty_work_min": -5},
])
def test_impossible_signals_are_refused(kwargs):
    with pytest.raises(ValueError):
        DissatisfactionSignals(**kwargs)


def test_the_group_thresholds_must_rise_from_c_to_a():
    with pytest.raises(PolicyError) as caught:
        Policy.from_document({"unhappy_group_b_from": 10})
    assert "unhappy_group_b_from" in caught.value.errors
    with pytest.raises(PolicyError) as caught:
        Policy.from_document({"unhappy_group_a_from": 25})
    assert "unhappy_group_a_from" in caught.value.errors


# ---- plans ----------------------------------------------------------------------------

def test_every_step_is_costed_from_the_policy():
    signals = DissatisfactionSignals((0.5,), discount_demand=True, faulty_work_min=90,
                                     our_fault=True)
    recovery_plan = plan(assess_dissatisfaction(signals, POLICY), ECONOMICS, POLICY)
    costs = {item.action: (item.work_min, item.cost) for item in recovery_plan.items}
    assert costs == {
        APOLOGY_LETTER: (60, Decimal("3000.00")),
        REDO_AT_OUR_COST: (90, Decimal("4500.00")),
        FUTURE_DISCOUNT: (0, Decimal("45000.00")),
        CLOSE_ANOTHER_NEED: (240, Decimal("12000.00")),
        GIFT_TO_WORK_ADDRESS: (0, Decimal("6000.00")),
        PERSONAL_MEETING: (120, Decimal("6000.00")),
        ADMIT_FAULT_IN_WRITING: (30, Decimal("1500.00")),
    }
    assert recovery_plan.start_over_cost == START_OVER_COST
    assert recovery_plan.total_cost == sum(cost for _, cost in costs.values())
    assert [item.strategy for item in recovery_plan.items] == [
        SOFTEN_THE_BLOW, SOFTEN_THE_BLOW, START_OVER, START_OVER, START_OVER, START_OVER,
        SOFTEN_THE_BLOW]


def test_group_b_starts_over_only_when_the_client_is_financially_promising():
    unhappy = assess_dissatisfaction(DissatisfactionSignals((0.5,), discount_demand=True),
                                     POLICY)
    thin = replace(ECONOMICS, expected_margin_12m=START_OVER_COST - Decimal("0.01"))
    refused = plan(unhappy, thin, POLICY)
    assert refused.strategies == (SOFTEN_THE_BLOW,) and not refused.promising
    assert RULE_NOT_PROMISING in [reason.rule for reason in refused.reasons]
    assert actions(refused) == [APOLOGY_LETTER]
    enough = plan(unhappy, replace(ECONOMICS, expected_margin_12m=START_OVER_COST), POLICY)
    assert enough.strategies == (SOFTEN_THE_BLOW, START_OVER) and enough.promising


def test_a_client_with_no_margin_is_never_promising():
    unhappy = assess_dissatisfaction(DissatisfactionSignals((0.7,)), POLICY)
    free = ClientEconomics(Decimal(0), Decimal(1), Decimal(0), "RUB")
    assert not plan(unhappy, free, POLICY).promising


def test_group_c_starts_over_only_when_the_margin_at_risk_pays_for_it():
    unhappy = assess_dissatisfaction(DissatisfactionSignals((0.4,)), POLICY)
    assert unhappy.group == GROUP_C
    low_risk = replace(ECONOMICS, churn_risk=Decimal("0.05"))  # 45,000 at risk < 69,000
    soft = plan(unhappy, low_risk, POLICY)
    assert soft.strategies == (SOFTEN_THE_BLOW,) and soft.promising
    assert data(soft)[RULE_NOT_WORTH]["retention_value"] == "45000.00"
    assert plan(unhappy, ECONOMICS, POLICY).strategies == (SOFTEN_THE_BLOW, START_OVER)


def test_only_group_a_hands_the_case_to_a_more_neutral_colleague():
    for negativity, group in [(1.0, GROUP_B), (0.4, GROUP_C)]:
        unhappy = assess_dissatisfaction(DissatisfactionSignals((negativity,)), POLICY)
        assert unhappy.group == group
        assert NEUTRAL_COLLEAGUE not in actions(plan(unhappy, ECONOMICS, POLICY))


def test_redo_and_admission_appear_only_when_there_is_something_to_redo_or_admit():
    unhappy = assess_dissatisfaction(DissatisfactionSignals((1.0,), threat=True), POLICY)
    assert actions(plan(unhappy, ECONOMICS, POLICY)) == [APOLOGY_LETTER, NEUTRAL_COLLEAGUE]


def test_plan_costs_follow_the_policy():
    policy = replace(POLICY, recovery_apology_letter_min=120, recovery_discount_pct=40)
    unhappy = assess_dissatisfaction(DissatisfactionSignals((0.5,), discount_demand=True),
                                     policy)
    costs = {item.action: item.cost for item in plan(unhappy, ECONOMICS, policy).items}
    assert costs[APOLOGY_LETTER] == Decimal("6000.00")
    assert costs[FUTURE_DISCOUNT] == Decimal("120000.00")


def test_fighting_back_and_ignoring_are_not_values_at_all():
    assert STRATEGIES == (SOFTEN_THE_BLOW, START_OVER)
    values = [value for name, value in vars(recovery).items()
              if isinstance(value, str) and not name.startswith("__")]
    assert values and not [value for value in values if re.search("ignor|fight|attack", value)]


# ---- properties -----------------------------------------------------------------------

PROPERTY = settings(max_examples=300, deadline=None)
signal_sets = st.builds(
    DissatisfactionSignals,
    negativity=st.lists(st.floats(0, 1), max_size=8).map(tuple),
    threat=st.booleans(), payments_held=st.booleans(), discount_demand=st.booleans(),
    silence=st.timedeltas(timedelta(0), timedelta(hours=60)), escalation=st.booleans(),
    wish_to_settle=st.booleans(), faulty_work_min=st.integers(0, 2400),
    our_fault=st.booleans())
economics = st.builds(ClientEconomics, st.decimals(Decimal("-100000"), Decimal("5000000"),
                                                   places=2),
                      st.decimals(Decimal(0), Decimal(1), places=2),
                      st.decimals(Decimal(0), Decimal("20000"), places=2), st.just("RUB"),
                      st.decimals(Decimal(0), Decimal("2000000"), places=2))
weights = st.integers(0, 100)
policies = st.builds(
    lambda negativity, threat, settle, c, b, a: replace(
        DEFAULT_POLICY, unhappy_weight_negativity=negativity, unhappy_weight_threat=threat,
        unhappy_weight_wish_to_settle=settle, unhappy_group_c_from=c,
        unhappy_group_b_from=c + b, unhappy_group_a_from=c + b + a),
    weights, weights, weights, st.integers(1, 50), st.integers(1, 50), st.integers(1, 50))


@PROPERTY
@given(signal_sets, policies)
def test_the_contributions_add_up_to_the_score(signals, policy):
    unhappy = assess_dissatisfaction(signals, policy)
    assert sum(part.points for part in unhappy.contributions) == unhappy.score
    assert [part.signal for part in unhappy.contributions] == list(SIGNALS)
    assert unhappy.group in (*GROUPS, None)


@PROPERTY
@given(signal_sets, economics, policies)
def test_group_a_never_starts_over_and_every_group_softens_the_blow(signals, client, policy):
    unhappy = assess_dissatisfaction(signals, policy)
    recovery_plan = plan(unhappy, client, policy)
    if unhappy.group is None:
        assert recovery_plan.items == () and recovery_plan.strategies == ()
        return
    assert recovery_plan.strategies[0] == SOFTEN_THE_BLOW
    assert APOLOGY_LETTER in actions(recovery_plan)
    if unhappy.group == GROUP_A:
        assert START_OVER not in recovery_plan.strategies
    if START_OVER in recovery_plan.strategies:
        assert recovery_plan.promising
        assert unhappy.group in (GROUP_B, GROUP_C)


@PROPERTY
@given(signal_sets, economics, policies)
def test_no_plan_holds_anything_but_the_articles_strategies_and_checklist(signals, client,
                                                                        policy):
    recovery_plan = plan(assess_dissatisfaction(signals, policy), client, policy)
    assert set(recovery_plan.strategies) <= set(STRATEGIES)
    assert {item.strategy for item in recovery_plan.items} <= set(recovery_plan.strategies)
    assert actions(recovery_plan) == sorted(actions(recovery_plan), key=ACTIONS.index)
    assert len(set(actions(recovery_plan))) == len(recovery_plan.items)
    assert all(item.cost >= 0 for item in recovery_plan.items)
    assert recovery_plan.total_cost == sum(item.cost for item in recovery_plan.items)
    for value in (*recovery_plan.strategies, *actions(recovery_plan)):
        assert not re.search("ignor|fight", value)


SEVERITY = {GROUP_A: 3, GROUP_B: 2, GROUP_C: 1, None: 0}


@PROPERTY
@given(signal_sets, policies,
       st.sampled_from(["threat", "payments_held", "discount_demand", "escalation"]))
def test_a_further_hostile_signal_never_makes_a_client_look_happier(signals, policy, signal):
    calmer = assess_dissatisfaction(replace(signals, **{signal: False}), policy)
    angrier = assess_dissatisfaction(replace(signals, **{signal: True}), policy)
    assert angrier.score >= calmer.score
    assert SEVERITY[angrier.group] >= SEVERITY[calmer.group]


@PROPERTY
@given(signal_sets, economics, policies)
def test_the_same_signals_give_the_same_plan(signals, client, policy):
    first = plan(assess_dissatisfaction(signals, policy), client, policy)
    again = plan(assess_dissatisfaction(replace(signals), replace(policy)), replace(client),
                 replace(policy))
    assert first == again

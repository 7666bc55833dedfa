"""The client-service scorecard (BRIEF C7, article 003): each figure at its edges, the
neutral component without data, weights per stage from the policy, the bands — and
properties over generated months: the score stays within 0–100, the contributions add up to
it, better figures never lower it, the same month scores the same."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.policy import DEFAULT_POLICY, Policy, PolicyError
from retainer.rules.scorecard import (
    AMBER,
    BALANCE,
    COMPONENTS,
    DIFFICULTIES,
    EMPATHY,
    EXPECTATIONS,
    GREEN,
    HONESTY,
    NEUTRAL,
    PERSONALIZATION,
    RED,
    STEADY,
    STORM,
    ScorecardMetrics,
    compute,
    stage_group,
)

POLICY = DEFAULT_POLICY  # red below 40, amber below 60, tolerance 10 %, 2 revision rounds


def figure(card, component, key):
    return next(f for f in card.part(component).figures if f.key == key)


def test_a_month_without_any_data_is_neutral_everywhere_not_zero():
    card = compute(ScorecardMetrics(), POLICY, "normalization")
    assert [part.score for part in card.parts] == [NEUTRAL] * 6
    assert not any(part.measured for part in card.parts)
    assert card.score == NEUTRAL and card.band == AMBER
    assert card.weakest == ""  # nothing measured pulled it down


def test_status_checks_take_their_share_off_empathy():
    card = compute(ScorecardMetrics(inbound_messages=20, status_checks=5), POLICY, "storm")
    assert figure(card, EMPATHY, "status_checks").score == 75
    assert card.part(EMPATHY).score == 75  # ratings have no data and do not count


def test_ratings_run_from_one_star_zero_to_five_stars_hundred():
    low = compute(ScorecardMetrics(ratings=2, rating_total=2), POLICY, "storm")
    high = compute(ScorecardMetrics(ratings=2, rating_total=10), POLICY, "storm")
    mid = compute(ScorecardMetrics(ratings=2, rating_total=6), POLICY, "storm")
    assert [figure(c, EMPATHY, "ratings").score for c in (low, mid, high)] == [0, 50, 100]


def test_contact_frequency_against_the_agreed_cadence():
    # 28 days at one contact a week: 4 expected; 3 made → 75 %.
    month = ScorecardMetrics(period_days=28, cadence_days=7, under_agreement=True, contacts=3)
    assert figure(compute(month, POLICY, "storm"), PERSONALIZATION,
                  "contact_frequency").score == 75
    more = replace(month, contacts=9)
    assert figure(compute(more, POLICY, "storm"), PERSONALIZATION,
                  "contact_frequency").score == 100
    # No agreement running: no cadence to keep.
    idle = replace(month, under_agreement=False)
    assert figure(compute(idle, POLICY, "storm"), PERSONALIZATION,
                  "contact_frequency").score is None


def test_growth_repeat_work_and_revenue_kept():
    month = ScorecardMetrics(repeat_agreements=1, value_this_year=Decimal(600000),
                             value_last_year=Decimal(1000000))
    card = compute(month, POLICY, "support")
    assert figure(card, PERSONALIZATION, "repeat_work").score == 100
    revenue = figure(card, PERSONALIZATION, "revenue_growth")
    assert revenue.score == 60 and dict(revenue.values)["change_pct"] == "-40"
    assert card.part(PERSONALIZATION).score == 80


def test_honesty_feedback_asked_and_received():
    month = ScorecardMetrics(touchpoints=4, feedback_requested=2, feedback_received=1,
                             deliverables_done=2, ratings=1, rating_total=4)
    card = compute(month, POLICY, "storm")
    assert figure(card, HONESTY, "feedback_asked").score == 50
    # 1 feedback at a status + 1 rating, of 4 touchpoints + 2 deliverables done.
    assert figure(card, HONESTY, "feedback_received").score == 33


def test_promises_kept_and_clarifications():
    month = ScorecardMetrics(promises_due=4, promises_kept=3, deliverables_done=2,
                             clarifications=4)
    card = compute(month, POLICY, "storm")
    assert figure(card, EXPECTATIONS, "promises_kept").score == 75
    assert figure(card, EXPECTATIONS, "clarifications").score == 50  # 2 each, 0 from 4
    many = replace(month, clarifications=20)
    assert figure(compute(many, POLICY, "storm"), EXPECTATIONS, "clarifications").score == 0


def test_conflicts_and_their_resolution_time():
    calm = ScorecardMetrics(under_agreement=True)
    assert figure(compute(calm, POLICY, "storm"), DIFFICULTIES, "conflicts").score == 100
    assert figure(compute(calm, POLICY, "storm"), DIFFICULTIES, "resolution").score is None
    # Two conflicts: one resolved in 7 days (half of twice the 7-day limit), one still open
    # past the limit.
    month = ScorecardMetrics(under_agreement=True, conflicts=2, conflicts_resolved=1,
                             resolution_days=Decimal(7), conflicts_overdue=1)
    card = compute(month, POLICY, "storm")
    assert figure(card, DIFFICULTIES, "conflicts").score == 33
    assert figure(card, DIFFICULTIES, "resolution").score == 25


def test_approval_iterations_and_profitability_within_tolerance():
    month = ScorecardMetrics(deliverables_done=2, approval_iterations=2,
                             hours_estimated=Decimal(100), hours_spent=Decimal(110))
    card = compute(month, POLICY, "storm")
    assert figure(card, BALANCE, "approval_iterations").score == 100  # first showing
    assert figure(card, BALANCE, "profitability").score == 100  # 10 % over: the goal
    over = replace(month, approval_iterations=6, hours_spent=Decimal(130))
    card = compute(over, POLICY, "storm")
    # Two iterations beyond the first per deliverable, of 2 rounds + 1: a third left.
    assert figure(card, BALANCE, "approval_iterations").score == 33
    # 30 % over, 20 points beyond the tolerance at 2 each.
    assert figure(card, BALANCE, "profitability").score == 60
    under = replace(month, hours_spent=Decimal(50))
    assert figure(compute(under, POLICY, "storm"), BALANCE, "profitability").score == 100


def test_weights_come_from_the_policy_for_the_stage():
    # Difficulties score 0, personalization 100 (contacts well above the cadence).
    month = ScorecardMetrics(under_agreement=True, conflicts=3, contacts=10)
    storm = compute(month, POLICY, "storm")
    steady = compute(month, POLICY, "normalization")
    assert storm.part(DIFFICULTIES).weight == 30 and steady.part(DIFFICULTIES).weight == 10
    assert storm.score < steady.score
    assert storm.weakest == DIFFICULTIES
    assert (stage_group("storm"), stage_group("support"), stage_group("unknown")) == (
        STORM, STEADY, STEADY)


def test_relative_weights_and_a_component_left_out():
    only_empathy = Policy.from_document(
        {f"health_weight_steady_{c}": (1 if c == EMPATHY else 0) for c in COMPONENTS})
    month = ScorecardMetrics(inbound_messages=10, status_checks=1, conflicts=3,
                             under_agreement=True)
    card = compute(month, only_empathy, "support")
    assert card.part(EMPATHY).points == 100 and card.score == 90
    assert card.part(DIFFICULTIES).contribution == 0


def test_bands_at_their_edges():
    only_empathy = Policy.from_document(
        {f"health_weight_steady_{c}": int(c == EMPATHY) for c in COMPONENTS}
        | {"health_red_below": 40, "health_amber_below": 60})
    bands = {}
    for checks in range(0, 11):
        month = ScorecardMetrics(inbound_messages=10, status_checks=checks)
        card = compute(month, only_empathy, "support")
        bands[card.score] = card.band
    assert (bands[30], bands[40], bands[50], bands[60]) == (RED, AMBER, AMBER, GREEN)


def test_the_policy_refuses_bands_out_of_order_and_a_stage_without_weights():
    with pytest.raises(PolicyError) as error:
        Policy.from_document({"health_red_below": 60, "health_amber_below": 50})
    assert "health_amber_below" in error.value.errors
    with pytest.raises(PolicyError) as error:
        Policy.from_document({f"health_weight_storm_{c}": 0 for c in COMPONENTS})
    assert "health_weight_storm_empathy" in error.value.errors


def test_impossible_figures_are_refused():
    for bad in ({"status_checks": 2, "inbound_messages": 1}, {"promises_kept": 1},
                {"ratings": 1, "rating_total": 6}, {"contacts": -1},
                {"feedback_requested": 1}, {"conflicts_overdue": 1}, {"cadence_days": 0}):
        with pytest.raises(ValueError):
            ScorecardMetrics(**bad)


# Properties over generated months.

small = st.integers(0, 40)
hours = st.decimals(0, 500, places=1)


@st.composite
def months(draw):
    inbound = draw(small)
    touchpoints = draw(st.integers(0, 10))
    due = draw(st.integers(0, 10))
    conflicts = draw(st.integers(0, 5))
    resolved = draw(st.integers(0, conflicts))
    ratings = draw(st.integers(0, 5))
    return ScorecardMetrics(
        period_days=draw(st.integers(1, 31)), cadence_days=draw(st.integers(1, 30)),
        under_agreement=draw(st.booleans()), contacts=draw(small),
        inbound_messages=inbound, status_checks=draw(st.integers(0, inbound)),
        touchpoints=touchpoints, feedback_requested=draw(st.integers(0, touchpoints)),
        feedback_received=draw(st.integers(0, touchpoints)),
        ratings=ratings, rating_total=draw(st.integers(ratings, 5 * ratings)),
        deliverables_done=draw(st.integers(0, 10)), clarifications=draw(small),
        approval_iterations=draw(small), hours_estimated=draw(hours), hours_spent=draw(hours),
        promises_due=due, promises_kept=draw(st.integers(0, due)),
        conflicts=conflicts, conflicts_resolved=resolved,
        resolution_days=draw(st.decimals(0, 60, places=1)) if resolved else None,
        conflicts_overdue=draw(st.integers(0, conflicts - resolved)),
        repeat_agreements=draw(st.integers(0, 3)),
        value_this_year=draw(st.decimals(0, 10**7, places=0)),
        value_last_year=draw(st.decimals(0, 10**7, places=0)),
    )


weight = st.integers(0, 100)


@st.composite
def policies(draw):
    document = {f"health_weight_{group}_{c}": draw(weight)
                for group in ("start", "storm", "steady") for c in COMPONENTS}
    for group in ("start", "storm", "steady"):
        if not any(document[f"health_weight_{group}_{c}"] for c in COMPONENTS):
            document[f"health_weight_{group}_empathy"] = 1
    red = draw(st.integers(0, 99))
    document |= {"health_red_below": red, "health_amber_below": draw(st.integers(red + 1, 100)),
                 "profitability_tolerance_pct": draw(st.integers(0, 100)),
                 "revision_rounds": draw(st.integers(0, 20)),
                 "conflict_escalation_days": draw(st.integers(1, 90))}
    return Policy.from_document(document)


stages = st.sampled_from(["courtship", "sale", "honeymoon", "storm", "normalization",
                          "support", "ended"])


@settings(max_examples=300, deadline=None)
@given(months(), policies(), stages)
def test_score_within_bounds_and_contributions_add_up(month, policy, stage):
    card = compute(month, policy, stage)
    assert 0 <= card.score <= 100
    assert sum(part.contribution for part in card.parts) == card.score
    assert sum(part.points for part in card.parts) == 100
    for part in card.parts:
        assert 0 <= part.score <= 100
        assert 0 <= part.contribution <= part.points + 1
        assert abs(part.contribution - part.points * part.score / 100) < 1
        assert all(f.score is None or 0 <= f.score <= 100 for f in part.figures)
        assert part.measured == any(f.score is not None for f in part.figures)
    expected_band = (RED if card.score < policy.health_red_below
                     else AMBER if card.score < policy.health_amber_below else GREEN)
    assert card.band == expected_band


@settings(max_examples=100, deadline=None)
@given(months(), policies(), stages)
def test_the_same_month_scores_the_same(month, policy, stage):
    assert compute(month, policy, stage) == compute(replace(month), policy, stage)


def _better(month: ScorecardMetrics, draw) -> ScorecardMetrics:
    """The month with one figure improved, the data present staying present: more contacts,
    fewer status checks, higher ratings, more feedback asked or received, more promises
    kept, fewer clarifications or approval iterations, fewer hours spent, quicker
    resolution, fewer overdue conflicts, more revenue this year, more repeat work."""
    m = month
    options = [replace(m, contacts=m.contacts + draw(st.integers(1, 10)))]
    if m.status_checks:
        options.append(replace(m, status_checks=m.status_checks - 1))
    if m.rating_total < 5 * m.ratings:
        options.append(replace(m, rating_total=m.rating_total + 1))
    if m.feedback_requested < m.touchpoints:
        options.append(replace(m, feedback_requested=m.feedback_requested + 1))
    if m.feedback_received < m.touchpoints:
        options.append(replace(m, feedback_received=m.feedback_received + 1))
    if m.promises_kept < m.promises_due:
        options.append(replace(m, promises_kept=m.promises_kept + 1))
    if m.clarifications:
        options.append(replace(m, clarifications=m.clarifications - 1))
    if m.approval_iterations:
        options.append(replace(m, approval_iterations=m.approval_iterations - 1))
    if m.hours_spent:
        options.append(replace(m, hours_spent=m.hours_spent * Decimal("0.9")))
    if m.resolution_days:
        options.append(replace(m, resolution_days=m.resolution_days / 2))
    if m.conflicts_overdue and m.conflicts_resolved:
        options.append(replace(m, conflicts_overdue=m.conflicts_overdue - 1,
                               conflicts=m.conflicts - 1))
    if m.conflicts > m.conflicts_resolved + m.conflicts_overdue and m.under_agreement:
        options.append(replace(m, conflicts=m.conflicts - 1))
    options.append(replace(m, value_this_year=m.value_this_year + 1000))
    options.append(replace(m, repeat_agreements=m.repeat_agreements + 1))
    return draw(st.sampled_from(options))


@settings(max_examples=400, deadline=None)
@given(months(), policies(), stages, st.data())
def test_better_figures_never_lower_the_score(month, policy, stage, data):
    better = _better(month, data.draw)
    assert compute(better, policy, stage).score >= compute(month, policy, stage).score


def test_contributions_use_the_largest_remainders():
    # Three components at 50 with weights 1 each of 3 (33⅓ points): 16⅔ each, 50 in all.
    policy = Policy.from_document(
        {f"health_weight_steady_{c}": int(c in (EMPATHY, HONESTY, BALANCE))
         for c in COMPONENTS})
    card = compute(ScorecardMetrics(), policy, "support")
    assert card.score == 50
    shares = [part.contribution for part in card.parts if part.weight]
    assert sorted(shares) == [16, 17, 17]
    assert card.part(EMPATHY).points == Fraction(100, 3)

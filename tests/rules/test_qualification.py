"""A prospect's score against the portrait of "our client" (BRIEF C10, article 001).

Examples at each kind of criterion and at its edges — a range's ends, the fading share
outside it, a missing or unreadable attribute — and properties over generated portraits and
prospects: the score stays within 0–100, the contributions add up to it, a prospect meeting
every criterion scores 100, gaining a matching value never lowers the score, and the same
inputs give the same score.
"""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.qualification import (
    ABOVE,
    AS_EXPECTED,
    BELOW,
    IN_RANGE,
    LISTED,
    MISSING,
    NOT_AS_EXPECTED,
    NOT_LISTED,
    ONE_OF,
    RANGE,
    UNREADABLE,
    YES_NO,
    Criterion,
    Portrait,
    score,
)

SEGMENT = Criterion("segment", 30, ONE_OF, values=("small_business", "startup"))
BUDGET = Criterion("budget", 40, RANGE, low=Decimal(300_000), high=Decimal(5_000_000),
                   partial_within=Decimal(200_000))
DECIDER = Criterion("decision_maker", 30, YES_NO)
PORTRAIT = Portrait((SEGMENT, BUDGET, DECIDER), version=3)


def reasons(result):
    return {c.attribute: (c.reason.rule, dict(c.reason.figures)) for c in result.contributions}


def points(result):
    return {c.attribute: c.points for c in result.contributions}


def test_a_prospect_matching_every_criterion_scores_exactly_100():
    result = score({"segment": "startup", "budget": 1_000_000, "decision_maker": True},
                   PORTRAIT)
    assert result.score == 100
    assert points(result) == {"segment": 30, "budget": 40, "decision_maker": 30}
    assert result.portrait_version == 3
    assert [r[0] for r in reasons(result).values()] == [LISTED, IN_RANGE, AS_EXPECTED]


def test_listed_values_compare_trimmed_and_case_folded():
    result = score({"segment": "  StartUp "}, PORTRAIT)
    assert reasons(result)["segment"][0] == LISTED
    assert points(result)["segment"] == 30


def test_a_value_not_listed_contributes_nothing_and_names_what_is_ours():
    result = score({"segment": "enterprise"}, PORTRAIT)
    rule, figures = reasons(result)["segment"]
    assert rule == NOT_LISTED
    assert figures["value"] == "enterprise"
    assert figures["values"] == "small_business, startup"
    assert points(result)["segment"] == 0


@pytest.mark.parametrize("prospect", [{}, {"budget": None}, {"budget": "  "}])
def test_a_missing_attribute_contributes_nothing_and_says_so(prospect):
    result = score(prospect, PORTRAIT)
    assert reasons(result)["budget"] == (MISSING, {"attribute": "budget"})
    assert result.score == 0


@pytest.mark.parametrize(("budget", "rule", "earned"), [
    (300_000, IN_RANGE, 40),          # the low end is inside
    (5_000_000, IN_RANGE, 40),        # and so is the high end
    (200_000, BELOW, 20),             # half the fading distance below: half the share
    (100_000, BELOW, 0),              # the whole distance below: nothing
    (5_150_000, ABOVE, 10),           # a quarter of the distance left above: a quarter
    (9_000_000, ABOVE, 0),
])
def test_a_range_fades_outside_its_ends(budget, rule, earned):
    result = score({"budget": budget}, PORTRAIT)
    assert reasons(result)["budget"][0] == rule
    assert points(result)["budget"] == earned


def test_without_a_fading_distance_nothing_counts_outside_the_range():
    strict = Portrait((replace(BUDGET, partial_within=Decimal(0)),))
    assert score({"budget": 299_999}, strict).score == 0
    assert score({"budget": 300_000}, strict).score == 100


def test_an_open_ended_range():
    fast = Portrait((Criterion("decision_days", 10, RANGE, high=Decimal(14),
                               partial_within=Decimal(28)),))
    assert score({"decision_days": 0}, fast).score == 100
    assert score({"decision_days": 28}, fast).score == 50
    assert reasons(score({"decision_days": 28}, fast))["decision_days"][1]["share"] == "50"


@pytest.mark.parametrize("value", ["a lot", True, "NaN"])
def test_an_unreadable_number_contributes_nothing(value):
    assert reasons(score({"budget": value}, PORTRAIT))["budget"][0] == UNREADABLE


def test_yes_no_matches_the_expected_answer_only():
    assert reasons(score({"decision_maker": False}, PORTRAIT))["decision_maker"][0] \
        == NOT_AS_EXPECTED
    assert reasons(score({"decision_maker": "yes"}, PORTRAIT))["decision_maker"][0] \
        == UNREADABLE
    not_yet = Portrait((replace(DECIDER, expected=False),))
    assert score({"decision_maker": False}, not_yet).score == 100


def test_contributions_are_apportioned_to_add_up_to_the_rounded_score():
    thirds = Portrait(tuple(Criterion(name, 1, YES_NO) for name in ("a", "b", "c")))
    result = score({"a": True, "b": True}, thirds)
    assert result.score == 67  # 66.67 rounded
    assert sorted(points(result).values()) == [0, 33, 34]
    assert sum(points(result).values()) == 67


@pytest.mark.parametrize("bad", [
    dict(attribute="", weight=1, match=YES_NO),
    dict(attribute="x", weight=0, match=YES_NO),
    dict(attribute="x", weight=101, match=YES_NO),
    dict(attribute="x", weight=True, match=YES_NO),
    dict(attribute="x", weight=1, match="fuzzy"),
    dict(attribute="x", weight=1, match=ONE_OF, values=(" ",)),
    dict(attribute="x", weight=1, match=RANGE),
    dict(attribute="x", weight=1, match=RANGE, low=Decimal(5), high=Decimal(1)),
    dict(attribute="x", weight=1, match=RANGE, low=Decimal(1), partial_within=Decimal(-1)),
])
def test_a_criterion_that_cannot_judge_is_refused(bad):
    with pytest.raises(ValueError):
        Criterion(**bad)


def test_a_portrait_needs_criteria_each_on_its_own_attribute():
    with pytest.raises(ValueError):
        Portrait(())
    with pytest.raises(ValueError):
        Portrait((SEGMENT, replace(SEGMENT, weight=5)))


# Properties over generated portraits and prospects.

ATTRIBUTES = ("segment", "industry", "budget", "decision_days", "decision_maker", "region")
WORDS = st.sampled_from(["retail", "Retail", "saas", "edtech", "москва", "Київ", "b2b"])
AMOUNTS = st.decimals(min_value=0, max_value=10_000, places=0)


@st.composite
def criteria(draw, attribute):
    weight = draw(st.integers(1, 100))
    match = draw(st.sampled_from((ONE_OF, RANGE, YES_NO)))
    if match == ONE_OF:
        return Criterion(attribute, weight, match,
                         values=tuple(draw(st.lists(WORDS, min_size=1, max_size=4))))
    if match == RANGE:
        low, high = draw(st.one_of(st.none(), AMOUNTS)), draw(st.one_of(st.none(), AMOUNTS))
        if low is None and high is None:
            low = Decimal(0)
        if low is not None and high is not None and low > high:
            low, high = high, low
        return Criterion(attribute, weight, match, low=low, high=high,
                         partial_within=draw(AMOUNTS))
    return Criterion(attribute, weight, match, expected=draw(st.booleans()))


@st.composite
def portraits(draw):
    chosen = draw(st.lists(st.sampled_from(ATTRIBUTES), min_size=1, max_size=6, unique=True))
    return Portrait(tuple(draw(criteria(name)) for name in chosen),
                    version=draw(st.integers(0, 50)))


VALUES = st.one_of(st.none(), WORDS, st.booleans(), st.integers(-100, 20_000),
                   st.just("not a number"))
prospects = st.dictionaries(st.sampled_from(ATTRIBUTES), VALUES)

PROPERTY = settings(max_examples=300, deadline=None)


def matching(criterion: Criterion) -> object:
    if criterion.match == ONE_OF:
        return criterion.values[0]
    if criterion.match == RANGE:
        return criterion.low if criterion.low is not None else criterion.high
    return criterion.expected


@PROPERTY
@given(portraits(), prospects)
def test_the_score_is_within_0_and_100_and_is_the_sum_of_its_contributions(portrait, prospect):
    result = score(prospect, portrait)
    assert 0 <= result.score <= 100
    assert sum(c.points for c in result.contributions) == result.score
    assert [c.attribute for c in result.contributions] == [c.attribute for c in
                                                           portrait.criteria]
    for contribution, criterion in zip(result.contributions, portrait.criteria, strict=True):
        exact = Fraction(100 * criterion.weight, portrait.total_weight) * contribution.met
        assert abs(contribution.points - exact) < 1
        assert 0 <= contribution.met <= 1


@PROPERTY
@given(portraits())
def test_a_prospect_matching_every_criterion_scores_100(portrait):
    prospect = {criterion.attribute: matching(criterion) for criterion in portrait.criteria}
    assert score(prospect, portrait).score == 100


@PROPERTY
@given(portraits(), prospects, st.data())
def test_gaining_a_matching_value_never_lowers_the_score(portrait, prospect, data):
    criterion = data.draw(st.sampled_from(portrait.criteria))
    before = score(prospect, portrait).score
    assert score(prospect | {criterion.attribute: matching(criterion)}, portrait).score >= before
    if criterion.match == ONE_OF and not isinstance(prospect.get(criterion.attribute), bool) \
            and prospect.get(criterion.attribute) is not None:
        # The portrait lists the prospect's value among ours.
        widened = replace(criterion, values=criterion.values
                          + (str(prospect[criterion.attribute]),))
        criteria_ = tuple(widened if c is criterion else c for c in portrait.criteria)
        assert score(prospect, replace(portrait, criteria=criteria_)).score >= before


@PROPERTY
@given(portraits(), prospects)
def test_the_same_inputs_give_the_same_score(portrait, prospect):
    assert score(dict(prospect), portrait) == score(dict(reversed(list(prospect.items()))),
                                                    portrait)

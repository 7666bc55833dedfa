"""Scope decisions (BRIEF C2): included, bonus or choice, with their figures.

Expected values come from the brief and the rules of `retainer.rules.scope` worked out by hand:
the C2 worked example step by step, classification and outcome edge cases, price rounding,
the deliverables a shift moves, and properties over generated agreements and requests
(determinism, monotonicity, a budget that is never overspent, the shift arithmetic counted
here day by day over the calendar).
"""

import json
import math
from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.business_time import BusinessCalendar, is_working_day
from retainer.rules.policy import DEFAULT_POLICY
from retainer.rules.scope import (
    BONUS,
    CHANGE,
    CHOICE,
    IN_SCOPE,
    INCLUDED,
    NEW_WORK,
    OUT_OF_SCOPE,
    OVER_ROUNDS,
    REVISION,
    RULE_BONUS,
    RULE_BUDGET_SPENT,
    RULE_CHANGE,
    RULE_IN_SCOPE,
    RULE_NO_DELIVERABLE,
    RULE_OVER_ROUNDS,
    RULE_OVER_THRESHOLD,
    RULE_PRICE,
    RULE_RENEGOTIATE,
    RULE_SHIFT,
    RULE_WITHIN_ROUNDS,
    AgreementTerms,
    ScopeItem,
    ScopeRequest,
    Shift,
    Usage,
    affected,
    as_record,
    classify,
    decide_request,
    price,
    shift_days,
)

NINE_TO_SIX = [(time(9), time(18))]
RUSSIA = BusinessCalendar("Europe/Moscow", dict.fromkeys(range(5), NINE_TO_SIX), "RU")

# The worked example's agreement, in November 2026 (the 4th, a Wednesday, is Unity Day).
LOGO = ScopeItem(1, "Logo", date(2026, 11, 3))  # Tuesday
BANNERS = ScopeItem(2, "Banners", date(2026, 11, 13))  # Friday
LANDING = ScopeItem(3, "Landing page", date(2026, 11, 27))  # Friday
BRAND_BOOK = ScopeItem(4, "Brand book", date(2026, 11, 30), open=False)  # approved
EXAMPLE = AgreementTerms(
    items=(LOGO, BANNERS, LANDING, BRAND_BOOK),
    revision_rounds=2,
    free_change_threshold_min=60,
    monthly_free_budget_min=180,
    hourly_rate=Decimal("3000"),
    daily_capacity_hours=Decimal("6"),
    currency="RUB",
    calendar=RUSSIA,
)
POLICY = DEFAULT_POLICY  # renegotiate after 3 requests beyond the agreement in 30 days


def data(decision):
    return {reason.rule: dict(reason.figures) for reason in decision.reasons}


# ---- the worked example of BRIEF C2 ---------------------------------------------------

def test_the_worked_example_of_the_brief_over_one_month():
    used = beyond = 0

    def step(request, rounds_used=0):
        nonlocal used, beyond
        decision = decide_request(
            request, EXAMPLE, Usage(rounds_used, used, beyond), POLICY)
        used += decision.free_minutes_charged
        if decision.outcome in (BONUS, CHOICE):
            beyond += 1
        return decision

    # A new banner size (30 min): a change to the agreed banners, small, budget untouched.
    banner = step(ScopeRequest(CHANGE, 30, BANNERS.id, "New banner size"))
    assert banner.outcome == BONUS
    assert banner.classification == OUT_OF_SCOPE
    assert banner.free_minutes_charged == 30
    assert used == 30 and banner.free_minutes_left == 180 - 30
    assert banner.price is None and banner.shifts == ()
    assert not banner.renegotiate
    assert "bonus beyond the agreement" in banner.reply

    # A third revision of the logo (45 min) with 2 rounds agreed: over the rounds, a bonus.
    logo = step(ScopeRequest(REVISION, 45, LOGO.id, "Logo, third revision"), rounds_used=2)
    assert logo.outcome == BONUS
    assert logo.classification == OVER_ROUNDS
    assert logo.free_minutes_charged == 45
    assert used == 75 and logo.free_minutes_left == 180 - 75
    assert not logo.renegotiate

    # A landing-page block (4 h): over the threshold, so a choice of 4 × 3,000 = 12,000 ₽ or
    # 1 business day later (4 h ÷ 6 h, rounded up); the third request beyond the agreement.
    block = step(ScopeRequest(CHANGE, 4 * 60, LANDING.id, "Extra landing-page block"))
    assert block.outcome == CHOICE
    assert block.classification == OUT_OF_SCOPE
    assert block.price == Decimal("12000")
    assert block.shift_days == 1
    # The landing page is the last open deliverable; the brand book is approved and stays.
    assert block.shifts == (Shift(LANDING.id, "Landing page", date(2026, 11, 27),
                                  date(2026, 11, 30)),)
    assert block.free_minutes_charged == 0
    assert used == 75 and block.free_minutes_left == 180 - 75
    assert block.renegotiate
    assert data(block)[RULE_RENEGOTIATE] == {"count": "3", "limit": "3", "days": "30"}
    assert RULE_OVER_THRESHOLD in block.rules

    # A copy fix (20 min): a bonus again, 95 of 180 used. Four requests in 30 days still
    # include three, so the agreement still needs renegotiating.
    copy = step(ScopeRequest(CHANGE, 20, LANDING.id, "Copy fix"))
    assert copy.outcome == BONUS
    assert copy.free_minutes_charged == 20
    assert used == 95 and copy.free_minutes_left == 180 - 95
    assert copy.renegotiate
    assert beyond == 4

    # Next month the budget starts again at 0 (and, 30 days on, the window is empty).
    next_month = decide_request(ScopeRequest(CHANGE, 60, BANNERS.id, "Another size"),
                                EXAMPLE, Usage(), POLICY)
    assert next_month.outcome == BONUS
    assert next_month.free_minutes_left == 180 - 60
    assert not next_month.renegotiate


def test_the_landing_page_block_as_new_work_moves_every_open_deliverable():
    # Work on no deliverable takes the same people's days: every open deliverable moves.
    block = decide_request(ScopeRequest(NEW_WORK, 240, None, "Landing-page block"), EXAMPLE,
                           Usage(0, 75, 2), POLICY)
    assert block.outcome == CHOICE
    assert block.classification == OUT_OF_SCOPE
    assert block.rules[0] == RULE_NO_DELIVERABLE
    assert block.price == Decimal("12000")
    assert block.shifts == (
        # Tuesday the 3rd + 1 business day skips Unity Day (Wednesday the 4th).
        Shift(LOGO.id, "Logo", date(2026, 11, 3), date(2026, 11, 5)),
        Shift(BANNERS.id, "Banners", date(2026, 11, 13), date(2026, 11, 16)),
        Shift(LANDING.id, "Landing page", date(2026, 11, 27), date(2026, 11, 30)),
    )
    assert data(block)[RULE_SHIFT]["deliverables"] == "3"


# ---- classification -------------------------------------------------------------------

def example_request(kind, deliverable_id, estimate=30):
    return ScopeRequest(kind, estimate, deliverable_id, "Something")


@pytest.mark.parametrize("rounds_used", [0, 1])
def test_a_revision_within_the_rounds_is_included(rounds_used):
    request = example_request(REVISION, LOGO.id)
    classification, reason = classify(request, EXAMPLE, Usage(rounds_used))
    assert classification == IN_SCOPE
    assert reason.rule == RULE_WITHIN_ROUNDS
    assert dict(reason.figures)["round"] == str(rounds_used + 1)
    decision = decide_request(request, EXAMPLE, Usage(rounds_used, 100, 5), POLICY)
    assert decision.outcome == INCLUDED
    assert decision.free_minutes_charged == 0 and decision.free_minutes_left == 80
    assert not decision.renegotiate


@pytest.mark.parametrize("rounds_used", [2, 3, 10])
def test_a_revision_at_or_over_the_rounds_is_over_rounds(rounds_used):
    classification, reason = classify(example_request(REVISION, LOGO.id), EXAMPLE,
                                      Usage(rounds_used))
    assert classification == OVER_ROUNDS
    assert reason.rule == RULE_OVER_ROUNDS
    assert dict(reason.figures) == {"deliverable": "Logo", "used": str(rounds_used),
                                    "rounds": "2"}


def test_with_no_revision_rounds_the_first_revision_is_over_rounds():
    terms = replace(EXAMPLE, revision_rounds=0)
    assert classify(example_request(REVISION, LOGO.id), terms, Usage())[0] == OVER_ROUNDS


def test_new_work_on_a_deliverable_is_included():
    classification, reason = classify(example_request(NEW_WORK, BANNERS.id), EXAMPLE, Usage())
    assert (classification, reason.rule) == (IN_SCOPE, RULE_IN_SCOPE)


def test_a_change_to_a_deliverable_is_out_of_scope():
    classification, reason = classify(example_request(CHANGE, BANNERS.id), EXAMPLE, Usage())
    assert (classification, reason.rule) == (OUT_OF_SCOPE, RULE_CHANGE)
    assert dict(reason.figures) == {"deliverable": "Banners"}


@pytest.mark.parametrize("kind", [NEW_WORK, CHANGE, REVISION])
@pytest.mark.parametrize("deliverable_id", [None, 99])
def test_work_on_no_known_deliverable_is_out_of_scope(kind, deliverable_id):
    classification, reason = classify(example_request(kind, deliverable_id), EXAMPLE, Usage())
    assert (classification, reason.rule) == (OUT_OF_SCOPE, RULE_NO_DELIVERABLE)


@pytest.mark.parametrize("kind", ["bug", "", "New_work", None])
def test_an_unknown_kind_is_refused(kind):
    with pytest.raises(ValueError, match="kind"):
        ScopeRequest(kind, 30)


def test_a_negative_estimate_is_refused():
    with pytest.raises(ValueError, match="negative"):
        ScopeRequest(NEW_WORK, -1)


# ---- bonus or choice ------------------------------------------------------------------

def test_an_estimate_equal_to_the_threshold_is_a_bonus():
    decision = decide_request(example_request(CHANGE, BANNERS.id, 60), EXAMPLE, Usage(),
                              POLICY)
    assert decision.outcome == BONUS
    assert data(decision)[RULE_BONUS] == {"estimate_min": "60", "threshold_min": "60",
                                          "budget_left_min": "180", "budget_min": "180"}


def test_one_minute_over_the_threshold_is_a_choice():
    decision = decide_request(example_request(CHANGE, BANNERS.id, 61), EXAMPLE, Usage(),
                              POLICY)
    assert decision.outcome == CHOICE
    assert data(decision)[RULE_OVER_THRESHOLD] == {"estimate_min": "61", "threshold_min": "60"}
    assert decision.price == Decimal("3050")  # 61 min × 3,000 ₽/h
    assert decision.shift_days == 1


def test_a_budget_left_exactly_equal_to_the_estimate_is_a_bonus_and_spends_it():
    decision = decide_request(example_request(CHANGE, BANNERS.id, 45), EXAMPLE,
                              Usage(0, 135, 0), POLICY)
    assert decision.outcome == BONUS
    assert decision.free_minutes_charged == 45 and decision.free_minutes_left == 0


def test_a_budget_equal_to_the_estimate_is_a_bonus():
    terms = replace(EXAMPLE, monthly_free_budget_min=40)
    decision = decide_request(example_request(CHANGE, BANNERS.id, 40), terms, Usage(), POLICY)
    assert decision.outcome == BONUS
    assert decision.free_minutes_left == 0


@pytest.mark.parametrize(("used", "estimate"), [(180, 1), (180, 30), (150, 31), (200, 10)])
def test_a_small_request_the_budget_no_longer_covers_is_a_choice(used, estimate):
    decision = decide_request(example_request(CHANGE, BANNERS.id, estimate), EXAMPLE,
                              Usage(0, used, 0), POLICY)
    assert decision.outcome == CHOICE
    left = max(0, 180 - used)
    assert RULE_BUDGET_SPENT in decision.rules and RULE_OVER_THRESHOLD not in decision.rules
    assert data(decision)[RULE_BUDGET_SPENT] == {
        "estimate_min": str(estimate), "budget_left_min": str(left), "budget_min": "180"}
    assert decision.free_minutes_charged == 0 and decision.free_minutes_left == left
    assert decision.price == Decimal(estimate * 50)  # 3,000 ₽/h is 50 ₽ a minute


def test_a_zero_estimate_beyond_the_agreement_is_a_bonus_even_with_the_budget_spent():
    decision = decide_request(example_request(CHANGE, BANNERS.id, 0), EXAMPLE,
                              Usage(0, 180, 0), POLICY)
    assert decision.outcome == BONUS and decision.free_minutes_charged == 0


@pytest.mark.parametrize(("before", "renegotiate"), [(0, False), (1, False), (2, True),
                                                     (7, True)])
def test_renegotiate_from_the_policys_count_of_requests_beyond_the_agreement(before,
                                                                            renegotiate):
    for estimate in (30, 300):  # a bonus and a choice both count
        decision = decide_request(example_request(CHANGE, BANNERS.id, estimate), EXAMPLE,
                                  Usage(0, 0, before), POLICY)
        assert decision.renegotiate is renegotiate
        assert (RULE_RENEGOTIATE in decision.rules) is renegotiate


def test_renegotiate_follows_a_changed_policy():
    policy = replace(DEFAULT_POLICY, renegotiate_after_requests=5, renegotiate_window_days=14)
    request = example_request(CHANGE, BANNERS.id)
    assert not decide_request(request, EXAMPLE, Usage(0, 0, 3), policy).renegotiate
    decision = decide_request(request, EXAMPLE, Usage(0, 0, 4), policy)
    assert decision.renegotiate
    assert data(decision)[RULE_RENEGOTIATE] == {"count": "5", "limit": "5", "days": "14"}


def test_an_included_request_never_asks_to_renegotiate():
    decision = decide_request(example_request(NEW_WORK, BANNERS.id), EXAMPLE, Usage(0, 0, 10),
                              POLICY)
    assert decision.outcome == INCLUDED and not decision.renegotiate


def test_a_decision_records_its_policy_version_and_currency():
    policy = replace(DEFAULT_POLICY, version=7)
    decision = decide_request(example_request(CHANGE, BANNERS.id, 300), EXAMPLE, Usage(), policy)
    assert decision.policy_version == 7 and decision.currency == "RUB"


# ---- price and shift ------------------------------------------------------------------

@pytest.mark.parametrize(("estimate", "rate", "step", "expected"), [
    (240, "3000", "1", "12000"),
    (1, "30", "1", "1"),  # 0.5 rounds up, not to the even 0
    (1, "150", "1", "3"),  # 2.5 → 3
    (1, "89", "1", "1"),  # 1.483… → 1
    (1, "3000", "100", "100"),  # 50 → 100, half up
    (59, "3000", "100", "3000"),  # 2,950 → 3,000
    (61, "3000", "100", "3100"),  # 3,050 → 3,100
    (62, "3000", "100", "3100"),  # 3,100
    (1, "1000", "0.01", "16.67"),  # 16.666…
    (1, "0.3", "0.01", "0.01"),  # 0.005 → 0.01
    (1, "0.29", "0.01", "0"),  # 0.00483…
    (90, "1234.56", "0.01", "1851.84"),
    (0, "3000", "1", "0"),
])
def test_the_price_rounds_half_up_to_the_policys_step(estimate, rate, step, expected):
    assert price(estimate, Decimal(rate), Decimal(step)) == Decimal(expected)


@pytest.mark.parametrize(("step", "expected"), [("1", "3050"), ("100", "3100"),
                                                ("0.01", "3050.00"), ("1000", "3000")])
def test_a_choice_prices_with_the_policys_rounding_step(step, expected):
    policy = replace(DEFAULT_POLICY, price_rounding_step=Decimal(step))
    decision = decide_request(example_request(CHANGE, BANNERS.id, 61), EXAMPLE, Usage(), policy)
    assert decision.price == Decimal(expected)
    assert data(decision)[RULE_PRICE]["currency"] == "RUB"


@pytest.mark.parametrize(("estimate", "capacity", "days"), [
    (0, "6", 0), (1, "6", 1), (360, "6", 1), (361, "6", 2), (720, "6", 2), (721, "6", 3),
    (30, "0.5", 1), (31, "0.5", 2), (2000, "0.5", 67), (90, "1.5", 1), (91, "1.5", 2),
])
def test_shift_days_are_the_estimate_over_the_daily_capacity_rounded_up(estimate, capacity,
                                                                        days):
    assert shift_days(estimate, Decimal(capacity)) == days


def test_a_multi_day_shift_skips_weekends_and_holidays():
    # 13 h at 6 h a day is 3 business days: from Tuesday 3 November (Unity Day on the 4th)
    # to Monday the 9th; from Friday the 13th to Wednesday the 18th.
    decision = decide_request(example_request(CHANGE, LOGO.id, 13 * 60), EXAMPLE, Usage(),
                              POLICY)
    assert decision.shift_days == 3
    assert [(s.deliverable_id, s.after) for s in decision.shifts] == [
        (LOGO.id, date(2026, 11, 9)), (BANNERS.id, date(2026, 11, 18)),
        (LANDING.id, date(2026, 12, 2))]


# ---- the deliverables a shift moves ---------------------------------------------------

A = ScopeItem(1, "A", date(2026, 3, 2))
B = ScopeItem(2, "B", date(2026, 3, 10))
C = ScopeItem(3, "C", date(2026, 3, 10))
D = ScopeItem(4, "D", date(2026, 3, 20), open=False)
E = ScopeItem(5, "E", date(2026, 4, 1))
F = ScopeItem(6, "F", date(2026, 2, 1), open=False)
CHAIN = replace(EXAMPLE, items=(E, D, C, B, A, F))


@pytest.mark.parametrize(("deliverable_id", "moved"), [
    (A.id, [A, B, C, E]),
    (B.id, [B, C, E]),  # C is due the same day
    (C.id, [B, C, E]),
    (E.id, [E]),
    (D.id, [E]),  # an approved deliverable never moves, even its own request's
    (F.id, [A, B, C, E]),
    (None, [A, B, C, E]),  # no deliverable: every open one
    (99, [A, B, C, E]),
])
def test_affected_deliverables_are_the_requests_own_and_every_open_one_due_after_it(
        deliverable_id, moved):
    assert affected(example_request(CHANGE, deliverable_id), CHAIN) == tuple(moved)


def test_with_no_open_deliverables_a_choice_moves_nothing():
    terms = replace(EXAMPLE, items=(D, F))
    decision = decide_request(example_request(NEW_WORK, None, 300), terms, Usage(), POLICY)
    assert decision.outcome == CHOICE
    assert decision.shift_days == 1 and decision.shifts == ()
    assert data(decision)[RULE_SHIFT]["deliverables"] == "0"


# ---- properties -----------------------------------------------------------------------

CALENDARS = [
    RUSSIA,
    BusinessCalendar("Europe/Moscow", dict.fromkeys(range(5), [(time(9), time(13)),
                                                               (time(14), time(18))]), "RU",
                     days_off=frozenset({date(2026, 5, 4), date(2026, 12, 30)})),
    BusinessCalendar("Europe/Kyiv", dict.fromkeys(range(5), NINE_TO_SIX), "UA"),
    BusinessCalendar("UTC", dict.fromkeys(range(5), NINE_TO_SIX)),
]
PROPERTY = settings(max_examples=200, deadline=None)


@st.composite
def item_lists(draw):
    count = draw(st.integers(0, 6))
    ids = draw(st.lists(st.integers(1, 50), min_size=count, max_size=count, unique=True))
    return tuple(
        ScopeItem(each, draw(st.sampled_from(["Logo", "Banners", "Landing", "Copy", "SMM"])),
                  draw(st.dates(date(2025, 1, 1), date(2027, 6, 30))), draw(st.booleans()))
        for each in ids)


agreements = st.builds(
    AgreementTerms,
    items=item_lists(),
    revision_rounds=st.integers(0, 5),
    free_change_threshold_min=st.integers(0, 240),
    monthly_free_budget_min=st.integers(0, 600),
    hourly_rate=st.decimals(Decimal("0.01"), Decimal("50000"), places=2),
    daily_capacity_hours=st.decimals(Decimal("0.5"), Decimal("12"), places=2),
    currency=st.sampled_from(["RUB", "UAH", "EUR"]),
    calendar=st.sampled_from(CALENDARS),
)
estimates = st.integers(0, 2000)
policies = st.builds(
    lambda step, after: replace(DEFAULT_POLICY, price_rounding_step=step,
                                renegotiate_after_requests=after),
    st.sampled_from([Decimal("1"), Decimal("100"), Decimal("0.01"), Decimal("50")]),
    st.integers(1, 5),
)


@st.composite
def requests_for(draw, terms, estimate=estimates):
    known = [item.id for item in terms.items]
    deliverable = draw(st.one_of(st.none(), st.just(999), st.sampled_from(known))
                       if known else st.one_of(st.none(), st.just(999)))
    return ScopeRequest(draw(st.sampled_from([NEW_WORK, CHANGE, REVISION])), draw(estimate),
                        deliverable, draw(st.sampled_from(["Logo tweak", "Новый баннер", ""])),
                        draw(st.sampled_from(["ru", "uk", "en"])))


usages = st.builds(Usage, st.integers(0, 6), st.integers(0, 700), st.integers(0, 6))


@st.composite
def cases(draw):
    terms = draw(agreements)
    return draw(requests_for(terms)), terms, draw(usages), draw(policies)


@PROPERTY
@given(cases())
def test_the_same_inputs_give_the_same_decision(case):
    request, terms, usage, policy = case
    first = decide_request(request, terms, usage, policy)
    again = decide_request(replace(request), replace(terms), replace(usage), replace(policy))
    assert first == again
    assert first.reply and first.reply == again.reply


@PROPERTY
@given(cases(), estimates, estimates)
def test_a_larger_estimate_never_turns_a_choice_into_a_bonus(case, one, other):
    request, terms, usage, policy = case
    smaller, larger = sorted([one, other])
    small = decide_request(replace(request, estimate_min=smaller), terms, usage, policy)
    large = decide_request(replace(request, estimate_min=larger), terms, usage, policy)
    assert small.classification == large.classification
    if small.outcome == CHOICE:
        assert large.outcome == CHOICE
    if large.outcome == BONUS:
        assert small.outcome == BONUS


@st.composite
def sequences(draw):
    terms = draw(agreements)
    return terms, draw(st.lists(requests_for(terms, st.integers(0, 300)), max_size=12))


@PROPERTY
@given(sequences(), policies)
def test_no_sequence_of_requests_overspends_the_free_budget(sequence, policy):
    terms, requests = sequence
    budget = terms.monthly_free_budget_min
    used = beyond = 0
    rounds: dict[int | None, int] = {}
    for request in requests:
        usage = Usage(rounds.get(request.deliverable_id, 0), used, beyond)
        decision = decide_request(request, terms, usage, policy)
        assert 0 <= decision.free_minutes_charged <= budget - used
        used += decision.free_minutes_charged
        assert used <= budget
        assert decision.free_minutes_left == budget - used
        if decision.outcome in (BONUS, CHOICE):
            beyond += 1
        if request.kind == REVISION:
            rounds[request.deliverable_id] = rounds.get(request.deliverable_id, 0) + 1


@PROPERTY
@given(cases())
def test_a_bonus_carries_no_price_and_moves_no_deadline(case):
    decision = decide_request(*case)
    request, terms, usage, _ = case
    if decision.outcome == BONUS:
        assert decision.price is None
        assert decision.shift_days is None
        assert decision.shifts == ()
        assert decision.free_minutes_charged == request.estimate_min
        assert request.estimate_min <= terms.free_change_threshold_min
    elif decision.outcome == CHOICE:
        assert decision.price is not None and decision.price >= 0
        assert decision.free_minutes_charged == 0
    if decision.outcome != INCLUDED:
        assert decision.classification in (OUT_OF_SCOPE, OVER_ROUNDS)


@PROPERTY
@given(cases())
def test_an_included_request_never_charges_the_budget(case):
    request, terms, usage, policy = case
    decision = decide_request(request, terms, usage, policy)
    assert (decision.outcome == INCLUDED) is (decision.classification == IN_SCOPE)
    if decision.outcome == INCLUDED:
        assert decision.free_minutes_charged == 0
        assert decision.free_minutes_left == max(0, terms.monthly_free_budget_min
                                                 - usage.free_minutes_used)
        assert decision.price is None and decision.shift_days is None
        assert decision.shifts == () and not decision.renegotiate


@PROPERTY
@given(estimates, st.decimals(Decimal("0.5"), Decimal("12"), places=2))
def test_shift_days_are_the_estimate_over_capacity_rounded_up(estimate, capacity):
    exact = Fraction(estimate) / (Fraction(capacity) * 60)
    assert shift_days(estimate, capacity) == math.ceil(exact)


def working_days_after(calendar, start, end):
    """Working days in (start, end], counted one by one."""
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += is_working_day(calendar, day)
        day += timedelta(days=1)
    return count


@PROPERTY
@given(cases())
def test_a_choice_shifts_each_affected_deliverable_by_its_days_to_a_working_day(case):
    request, terms, usage, policy = case
    decision = decide_request(request, terms, usage, policy)
    if decision.outcome != CHOICE:
        return
    expected_days = math.ceil(Fraction(request.estimate_min)
                              / (Fraction(terms.daily_capacity_hours) * 60))
    assert decision.shift_days == expected_days
    open_items = {item.id: item for item in terms.items if item.open}
    own = terms.item(request.deliverable_id)
    expected_ids = {item.id for item in open_items.values() if own is None or item.due >= own.due}
    if expected_days == 0:
        assert decision.shifts == ()
        return
    assert {shift.deliverable_id for shift in decision.shifts} == expected_ids
    for shift in decision.shifts:
        item = open_items[shift.deliverable_id]
        assert (shift.title, shift.before) == (item.title, item.due)
        assert is_working_day(terms.calendar, shift.after)
        assert shift.after > shift.before
        start = shift.before
        while not is_working_day(terms.calendar, start):
            start += timedelta(days=1)
        assert working_days_after(terms.calendar, start, shift.after) == expected_days


def test_a_decisions_record_of_its_inputs_is_json_data_without_the_calendar():
    terms = AgreementTerms(
        items=(ScopeItem(7, "Logo", date(2026, 11, 20), open=True),),
        revision_rounds=2, free_change_threshold_min=60, monthly_free_budget_min=180,
        hourly_rate=Decimal("3000.50"), daily_capacity_hours=Decimal(6), currency="RUB",
        calendar=RUSSIA)
    record = as_record(terms)
    assert json.loads(json.dumps(record)) == record
    assert record == {
        "items": [{"id": 7, "title": "Logo", "due": "2026-11-20", "open": True}],
        "revision_rounds": 2, "free_change_threshold_min": 60, "monthly_free_budget_min": 180,
        "hourly_rate": "3000.50", "daily_capacity_hours": "6", "currency": "RUB"}

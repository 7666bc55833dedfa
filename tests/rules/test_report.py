"""The weak spots of a monthly report (BRIEF C7, article 003: laid bare, not hidden).

Each shortfall at its edge — a deliverable a day late, a reply a second past its target, a KPI
just outside its tolerance, an hour over the plan — and properties over generated months: no
facts give no weak spots, the answer is deterministic and in the order of weight, and a worse
figure never removes a weak spot.
"""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.claims import PromisedKpi
from retainer.rules.policy import DEFAULT_POLICY, Policy
from retainer.rules.report import (
    BUDGET_OVER,
    CLAIMS_FOUNDED,
    CODES,
    DEADLINES_SHIFTED,
    DELIVERABLE_LATE,
    DELIVERABLE_REJECTED,
    HOURS_OVER,
    KPI_MISSED,
    LOW_RATING,
    REPLIES_LATE,
    REQUESTS_PAID,
    BudgetFact,
    DeliverableFact,
    HoursFact,
    KpiFact,
    RatingFact,
    ReplyFact,
    ReportFacts,
    reply_summary,
    weak_spots,
)

APRIL_1 = date(2026, 4, 1)  # March is judged on the day after it
HOUR = timedelta(hours=1)
CTR = PromisedKpi(1, "CTR", Decimal("1.5"), Decimal(10), "higher", "%")  # missed below 1.35
CPA = PromisedKpi(2, "CPA", Decimal(800), Decimal(5), "lower", "₽")  # missed above 840


def spots(**facts):
    return weak_spots(ReportFacts(today=APRIL_1, **facts), DEFAULT_POLICY)


def codes(result):
    return [spot.code for spot in result]


def test_a_month_without_facts_has_no_weak_spots():
    assert spots() == []


def test_a_deliverable_delivered_late_says_how_late():
    [spot] = spots(deliverables=(DeliverableFact("Лендинг", date(2026, 3, 10), date(2026, 3, 13)),
                                 DeliverableFact("Баннер", date(2026, 3, 12), date(2026, 3, 12))))
    assert spot.code == DELIVERABLE_LATE
    assert spot.as_dict() == {"title": "Лендинг", "due": "2026-03-10", "done": "2026-03-13",
                              "days_late": 3}


def test_a_deliverable_not_delivered_is_late_from_the_day_after_its_due_date():
    due_last_day = DeliverableFact("Отчёт", date(2026, 3, 31))
    assert spots(deliverables=(due_last_day,))[0].as_dict()["days_late"] == 1
    # While the month runs, a deliverable due today is not late yet.
    running = weak_spots(ReportFacts(today=date(2026, 3, 31), deliverables=(due_last_day,)),
                         DEFAULT_POLICY)
    assert running == []


def test_the_latest_deliverable_comes_first_and_a_rejected_one_is_named():
    result = spots(deliverables=(
        DeliverableFact("A", date(2026, 3, 20), date(2026, 3, 21)),
        DeliverableFact("B", date(2026, 3, 2), date(2026, 3, 30)),
        DeliverableFact("C", date(2026, 3, 5), date(2026, 3, 5), rejected=True)))
    assert [(s.code, s.as_dict()["title"]) for s in result] == [
        (DELIVERABLE_LATE, "B"), (DELIVERABLE_LATE, "A"), (DELIVERABLE_REJECTED, "C")]


def test_replies_past_the_target_count_with_the_worst_and_the_unanswered():
    target = 4 * HOUR
    replies = (ReplyFact(2 * HOUR, target), ReplyFact(4 * HOUR, target),
               ReplyFact(4 * HOUR + timedelta(seconds=1), target),
               ReplyFact(9 * HOUR, target, answered=False))
    [spot] = spots(replies=replies)
    assert spot.code == REPLIES_LATE
    assert spot.as_dict() == {"breaches": 2, "messages": 4, "unanswered": 1,
                              "worst_minutes": 540, "target_minutes": 240}
    summary = reply_summary(replies)
    assert summary.answered == 3 and summary.median == 4 * HOUR
    assert summary.worst == 9 * HOUR and summary.breaches == 2


def test_replies_within_the_target_are_no_weak_spot():
    assert spots(replies=(ReplyFact(4 * HOUR, 4 * HOUR),)) == []


def test_a_kpi_is_missed_only_beyond_its_tolerance_either_way():
    assert spots(kpis=(KpiFact(CTR, Decimal("1.35")), KpiFact(CPA, Decimal(840)),
                       KpiFact(CTR, None))) == []
    result = spots(kpis=(KpiFact(CTR, Decimal("1.34")), KpiFact(CPA, Decimal(1000))))
    assert codes(result) == [KPI_MISSED, KPI_MISSED]
    # The CPA misses by 19 % of its target past the tolerance, the CTR by less than 1 %.
    assert result[0].as_dict() == {"kpi": "CPA", "unit": "₽", "target": "800",
                                   "actual": "1000", "direction": "lower"}
    assert result[1].as_dict()["actual"] == "1.34"


def test_retainer_hours_are_over_at_any_overrun_a_project_beyond_the_tolerance():
    retainer = HoursFact("Сопровождение", Decimal(20), Decimal("20.5"), retainer=True)
    within = HoursFact("Сайт", Decimal(10), Decimal(11))
    beyond = HoursFact("Сайт", Decimal(10), Decimal("11.01"))
    assert codes(spots(hours=(retainer, within))) == [HOURS_OVER]
    assert spots(hours=(retainer,))[0].as_dict() == {
        "label": "Сопровождение", "planned": "20", "used": "20.5", "over": "0.5", "retainer": 1}
    assert codes(spots(hours=(beyond,))) == [HOURS_OVER]
    assert spots(hours=(HoursFact("Сопровождение", Decimal(20), Decimal(20), True),)) == []


def test_a_budget_is_over_beyond_the_profitability_tolerance():
    assert spots(budgets=(BudgetFact("Сайт", Decimal(100000), Decimal(110000)),)) == []
    [spot] = spots(budgets=(BudgetFact("Сайт", Decimal(100000), Decimal(110001)),))
    assert spot.code == BUDGET_OVER and spot.as_dict()["spent"] == "110001"


def test_requests_that_cost_money_or_time_ratings_and_founded_claims():
    result = spots(paid_requests=2, paid_amount=Decimal("24000.00"), shifted_requests=1,
                   shift_days=2, ratings=(RatingFact("Лого", 4), RatingFact("Баннер", 3),
                                          RatingFact("Сайт", 1)),
                   founded_claims=1)
    assert codes(result) == [REQUESTS_PAID, DEADLINES_SHIFTED, LOW_RATING, LOW_RATING,
                             CLAIMS_FOUNDED]
    assert result[0].as_dict() == {"count": 2, "amount": "24000"}
    assert result[1].as_dict() == {"count": 1, "days": 2}
    assert [s.as_dict()["title"] for s in result[2:4]] == ["Сайт", "Баннер"]


def test_the_policy_says_which_rating_is_low():
    strict = Policy(low_rating_at_most=4)
    facts = ReportFacts(today=APRIL_1, ratings=(RatingFact("Лого", 4),))
    assert weak_spots(facts, DEFAULT_POLICY) == []
    assert codes(weak_spots(facts, strict)) == [LOW_RATING]


# --- properties ------------------------------------------------------------------------------

MARCH = [date(2026, 3, 1) + timedelta(days=n) for n in range(31)]
days = st.sampled_from(MARCH)
titles = st.sampled_from(["Лендинг", "Баннер", "Логотип", "Отчёт", "Ролик"])
amounts = st.decimals(min_value=0, max_value=1000, places=2)

deliverables = st.builds(DeliverableFact, titles, days, st.none() | days, st.booleans())
replies = st.builds(ReplyFact, st.integers(0, 40 * 60).map(lambda m: timedelta(minutes=m)),
                    st.sampled_from([2 * HOUR, 4 * HOUR]), st.booleans())
kpis = st.builds(KpiFact, st.sampled_from([CTR, CPA]),
                 st.none() | st.decimals(min_value=0, max_value=2000, places=2))
hours = st.builds(HoursFact, titles, amounts, amounts, st.booleans())
budgets = st.builds(BudgetFact, titles, amounts, amounts)
ratings = st.builds(RatingFact, titles, st.integers(1, 5))

months = st.builds(
    ReportFacts, today=st.just(APRIL_1),
    deliverables=st.lists(deliverables, max_size=4).map(tuple),
    replies=st.lists(replies, max_size=5).map(tuple),
    kpis=st.lists(kpis, max_size=3).map(tuple),
    hours=st.lists(hours, max_size=2).map(tuple),
    budgets=st.lists(budgets, max_size=2).map(tuple),
    paid_requests=st.integers(0, 3), paid_amount=amounts,
    shifted_requests=st.integers(0, 3), shift_days=st.integers(0, 10),
    ratings=st.lists(ratings, max_size=3).map(tuple),
    founded_claims=st.integers(0, 2),
)


PROPERTY = settings(max_examples=300, deadline=None)


def identities(result):
    """What a weak spot is about: the code and, for one spot per thing, the thing."""
    keys = {DELIVERABLE_LATE: "title", DELIVERABLE_REJECTED: "title", KPI_MISSED: "kpi",
            HOURS_OVER: "label", BUDGET_OVER: "label", LOW_RATING: "title"}
    return {(s.code, s.as_dict()[keys[s.code]] if s.code in keys else "") for s in result}


@PROPERTY
@given(months)
def test_deterministic_and_in_the_order_of_weight(facts):
    result = weak_spots(facts, DEFAULT_POLICY)
    assert result == weak_spots(facts, DEFAULT_POLICY)
    order = [CODES.index(code) for code in codes(result)]
    assert order == sorted(order)


def worse(facts: ReportFacts, choice: int, index: int) -> ReportFacts:
    """The same month with one figure worse."""
    def at(items, change):
        if not items:
            return items
        i = index % len(items)
        return items[:i] + (change(items[i]),) + items[i + 1:]

    def later(item):
        return replace(item, done=None if item.done is None or index % 2 else
                       item.done + timedelta(days=3))

    def lower(item):
        if item.actual is None:
            return item
        step = Decimal(index + 1)
        return replace(item, actual=item.actual - step if item.kpi.direction == "higher"
                       else item.actual + step)

    changes = [
        lambda: replace(facts, deliverables=at(facts.deliverables, later)),
        lambda: replace(facts, deliverables=at(facts.deliverables,
                                               lambda item: replace(item, rejected=True))),
        lambda: replace(facts, replies=at(facts.replies, lambda item: replace(
            item, waited=item.waited + timedelta(minutes=index + 1)))),
        lambda: replace(facts, replies=at(facts.replies,
                                          lambda item: replace(item, answered=False))),
        lambda: replace(facts, kpis=at(facts.kpis, lower)),
        lambda: replace(facts, hours=at(facts.hours, lambda item: replace(
            item, used=item.used + index + 1))),
        lambda: replace(facts, budgets=at(facts.budgets, lambda item: replace(
            item, spent=item.spent + index + 1))),
        lambda: replace(facts, paid_requests=facts.paid_requests + 1),
        lambda: replace(facts, shifted_requests=facts.shifted_requests + 1),
        lambda: replace(facts, ratings=at(facts.ratings, lambda item: replace(
            item, score=max(1, item.score - 1)))),
        lambda: replace(facts, founded_claims=facts.founded_claims + 1),
    ]
    return changes[choice % len(changes)]()


@PROPERTY
@given(months, st.integers(0, 100), st.integers(0, 100))
def test_a_worse_figure_never_removes_a_weak_spot(facts, choice, index):
    before = identities(weak_spots(facts, DEFAULT_POLICY))
    after = identities(weak_spots(worse(facts, choice, index), DEFAULT_POLICY))
    assert before <= after

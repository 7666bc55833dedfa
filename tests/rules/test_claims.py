"""Claim assessments (BRIEF C3): is the claim founded?

Expected values are worked out by hand from the rules of `retainer.rules.claims`: every kind
of target with its edge cases (a KPI exactly at the edge of its tolerance in both directions,
a reply exactly at the target over a weekend, lunch and a holiday, a delivery after the
claim), and the claims the agreement cannot answer. The agreement and the client built here
serve `test_claims_concession.py` too.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from retainer.rules.business_time import BusinessCalendar
from retainer.rules.claims import (
    COMMUNICATION,
    DELIVERABLE,
    HIGHER,
    KPI,
    LOWER,
    NOT_PROMISED,
    NOTHING,
    RULE_DELIVERABLE_KEPT,
    RULE_DELIVERABLE_LATE,
    RULE_DELIVERABLE_REJECTED,
    RULE_KPI_MET,
    RULE_KPI_MISSED,
    RULE_KPI_NOT_MEASURED,
    RULE_NO_TERM,
    RULE_NOT_PROMISED,
    RULE_REPLY_LATE,
    RULE_REPLY_ON_TIME,
    Claim,
    ClaimFacts,
    ClaimTerms,
    ClientEconomics,
    Deliverable,
    DeliverableProgress,
    KpiMeasurement,
    PromisedKpi,
    ReplyWait,
    assess_claim,
    kpi_bound,
)
from retainer.rules.policy import DEFAULT_POLICY

MSK = ZoneInfo("Europe/Moscow")
RUSSIA = BusinessCalendar("Europe/Moscow", dict.fromkeys(range(5), [(time(9), time(13)),
                                                                    (time(14), time(18))]), "RU")
LOGO = Deliverable(1, "Logo", date(2026, 11, 20))  # a Friday
LANDING = Deliverable(2, "Landing page", date(2026, 12, 4))
CTR = PromisedKpi(1, "CTR", Decimal("2.5"), Decimal("10"), HIGHER, "%")
CPL = PromisedKpi(2, "Cost per lead", Decimal("400"), Decimal("5"), LOWER, "₽")
REACH = PromisedKpi(3, "Reach", Decimal("100000"))
TERMS = ClaimTerms(
    deliverables=(LOGO, LANDING),
    kpis=(CTR, CPL, REACH),
    not_promised=("Sales growth", "Top 3 in Google"),
    response_target_hours=Decimal("4"),
    calendar=RUSSIA,
)
# Retention value 600,000 × 0.2 = 120,000; 30 minutes at 3,000 an hour is 1,500.
ECONOMICS = ClientEconomics(Decimal("600000"), Decimal("0.2"), Decimal("3000"), "RUB")
POLICY = DEFAULT_POLICY  # 30 trivial minutes; 3 unfounded claims in 90 days


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A moment in Moscow, late 2026: Monday the 23rd, Wednesday the 25th of November."""
    return datetime(2026, month, day, hour, minute, tzinfo=MSK)


CLAIMED = at(25, 12)
NO_FACTS = ClaimFacts()


def data(result):
    return {reason.rule: dict(reason.figures) for reason in result.reasons}


def assessed(target, facts=NO_FACTS, terms=TERMS, policy=POLICY, **claim):
    claim.setdefault("made_at", CLAIMED)
    return assess_claim(Claim(target, **claim), terms, facts, policy)


def on_deliverable(item, done=None, rejected=False, **claim):
    return assessed(DELIVERABLE, ClaimFacts(progress=DeliverableProgress(done, rejected)),
                    target_id=item.id, **claim)


def on_reply(received, replied=None, made_at=CLAIMED, terms=TERMS, policy=POLICY, **wait):
    return assessed(COMMUNICATION, ClaimFacts(reply=ReplyWait(received, replied, **wait)),
                    terms=terms, policy=policy, made_at=made_at)


# ---- deliverables ---------------------------------------------------------------------

def test_a_deliverable_handed_over_after_its_due_date_is_a_founded_claim():
    assessment = on_deliverable(LOGO, done=date(2026, 11, 24))
    assert assessment.founded
    assert assessment.rules == (RULE_DELIVERABLE_LATE,)
    assert data(assessment)[RULE_DELIVERABLE_LATE] == {
        "deliverable": "Logo", "due": "2026-11-20", "done": "2026-11-24", "today": "2026-11-25"}
    assert assessment.made_on == date(2026, 11, 25)


def test_a_deliverable_not_handed_over_after_its_due_date_is_late():
    assessment = on_deliverable(LOGO)
    assert assessment.founded
    assert data(assessment)[RULE_DELIVERABLE_LATE]["done"] == ""


@pytest.mark.parametrize("done", [date(2026, 11, 20), date(2026, 11, 2)])
def test_a_deliverable_handed_over_by_its_due_date_is_kept(done):
    assessment = on_deliverable(LOGO, done=done)
    assert not assessment.founded
    assert assessment.rules == (RULE_DELIVERABLE_KEPT,)


def test_a_deliverable_due_on_the_day_of_the_claim_is_not_late_yet():
    assessment = on_deliverable(LOGO, made_at=at(20, 17))
    assert not assessment.founded and assessment.rules == (RULE_DELIVERABLE_KEPT,)


def test_a_rejected_deliverable_is_founded_even_on_time():
    assessment = on_deliverable(LANDING, rejected=True)
    assert assessment.founded
    assert assessment.rules == (RULE_DELIVERABLE_REJECTED,)
    assert data(assessment)[RULE_DELIVERABLE_REJECTED] == {"deliverable": "Landing page"}


def test_a_late_and_rejected_deliverable_names_both_breaches():
    assessment = on_deliverable(LOGO, rejected=True)
    assert assessment.rules == (RULE_DELIVERABLE_LATE, RULE_DELIVERABLE_REJECTED)


def test_a_delivery_after_the_claim_did_not_exist_when_the_client_complained():
    # Due the 20th, claimed on the 25th, handed over on the 26th: late on the day of the claim.
    late = on_deliverable(LOGO, done=date(2026, 11, 26))
    assert late.founded and data(late)[RULE_DELIVERABLE_LATE]["done"] == ""
    # Not yet due on the day of the claim: still kept, whenever it is assessed again.
    early = on_deliverable(LANDING, done=date(2026, 12, 5))
    assert not early.founded


def test_the_claims_day_is_the_agency_calendars():
    # 22:30 UTC on the 20th is 01:30 on the 21st in Moscow: the logo was already late.
    assessment = on_deliverable(LOGO, made_at=datetime(2026, 11, 20, 22, 30, tzinfo=UTC))
    assert assessment.made_on == date(2026, 11, 21)
    assert assessment.founded


# ---- KPIs -----------------------------------------------------------------------------

@pytest.mark.parametrize(("kpi", "actual", "missed"), [
    (CTR, "2.25", False),  # exactly 10 % below 2.5: within the tolerance
    (CTR, "2.249", True),
    (CTR, "3.1", False),
    (CPL, "420", False),  # exactly 5 % above 400, where lower is better
    (CPL, "420.01", True),
    (CPL, "150", False),
    (REACH, "99999", True),  # no tolerance
    (REACH, "100000", False),
])
def test_a_kpi_is_missed_only_beyond_its_tolerance_in_its_direction(kpi, actual, missed):
    measurement = KpiMeasurement(Decimal(actual), date(2026, 11, 22))
    assessment = assessed(KPI, ClaimFacts(measurement=measurement), target_id=kpi.id)
    assert assessment.founded is missed
    rule = RULE_KPI_MISSED if missed else RULE_KPI_MET
    assert assessment.rules == (rule,)
    figures = data(assessment)[rule]
    assert figures["kpi"] == kpi.name and figures["actual"] == actual
    assert figures["direction"] == kpi.direction
    assert figures["measured_on"] == "2026-11-22"
    assert Decimal(figures["bound"]) == kpi_bound(kpi)


def test_the_tolerance_is_a_share_of_the_target():
    assert kpi_bound(CTR) == Decimal("2.25")
    assert kpi_bound(CPL) == Decimal("420")
    assert kpi_bound(REACH) == Decimal("100000")
    assert kpi_bound(PromisedKpi(9, "Margin", Decimal("-10"), Decimal("50"))) == Decimal("-15")


def test_a_kpi_with_no_measurement_is_not_shown_to_be_missed():
    assessment = assessed(KPI, ClaimFacts(), target_id=CTR.id)
    assert not assessment.founded
    assert assessment.rules == (RULE_KPI_NOT_MEASURED,)
    assert data(assessment)[RULE_KPI_NOT_MEASURED] == {
        "kpi": "CTR", "target": "2.5", "tolerance_pct": "10", "direction": HIGHER, "unit": "%"}


# ---- our replies ----------------------------------------------------------------------

def test_a_reply_exactly_at_the_target_over_a_weekend_is_on_time():
    # Friday 16:00 → Monday 11:00: two business hours on Friday, two on Monday.
    assessment = on_reply(at(20, 16), at(23, 11), made_at=at(23, 12))
    assert not assessment.founded
    assert data(assessment)[RULE_REPLY_ON_TIME] == {
        "target_hours": "4", "received": "2026-11-20 16:00:00+03:00",
        "replied": "2026-11-23 11:00:00+03:00", "waited_min": "240",
        "due": "2026-11-23 11:00:00+03:00"}


def test_a_reply_one_minute_past_the_target_is_late():
    assessment = on_reply(at(20, 16), at(23, 11, 1), made_at=at(23, 12))
    assert assessment.founded
    assert assessment.rules == (RULE_REPLY_LATE,)
    assert data(assessment)[RULE_REPLY_LATE]["waited_min"] == "241"


def test_lunch_and_a_holiday_are_not_counted():
    assert not on_reply(at(23, 12), at(23, 17), made_at=at(23, 18)).founded  # 12–13, 14–17
    # Tuesday 3 November 16:00 → Thursday the 5th 11:00, over Unity Day.
    assessment = on_reply(at(3, 16), at(5, 11), made_at=at(5, 12))
    assert not assessment.founded
    assert data(assessment)[RULE_REPLY_ON_TIME]["waited_min"] == "240"


def test_a_message_still_unanswered_is_measured_to_the_claim():
    late = on_reply(at(24, 9, 30))  # 3.5 + 4 h on Tuesday, 3 h on Wednesday
    assert late.founded and data(late)[RULE_REPLY_LATE]["waited_min"] == str(10 * 60 + 30)
    assert data(late)[RULE_REPLY_LATE]["replied"] == ""
    pending = on_reply(at(25, 10, 30))
    assert not pending.founded
    assert data(pending)[RULE_REPLY_ON_TIME]["due"] == "2026-11-25 15:30:00+03:00"


def test_a_reply_sent_after_the_claim_does_not_count():
    assessment = on_reply(at(24, 9, 30), at(25, 16))
    assert assessment.founded
    assert data(assessment)[RULE_REPLY_LATE]["replied"] == ""


def test_the_time_we_waited_for_the_client_is_left_out():
    # Monday 10:00 → 17:00 is 6 business hours, 2 of them waiting for the client.
    assert on_reply(at(23, 10), at(23, 17), made_at=at(23, 18)).founded
    assert not on_reply(at(23, 10), at(23, 17), made_at=at(23, 18),
                        paused=timedelta(hours=2)).founded


def test_the_first_reply_follows_the_policy_and_the_next_the_agreement():
    policy = replace(DEFAULT_POLICY, first_response_target_hours=Decimal("2"),
                     response_target_hours=Decimal("8"))
    # Three business hours: late for a first reply, on time for the agreement's 4 hours.
    first = on_reply(at(23, 9), at(23, 12), made_at=at(23, 18), first_in_thread=True,
                     policy=policy)
    assert first.founded and data(first)[RULE_REPLY_LATE]["target_hours"] == "2"
    assert not on_reply(at(23, 9), at(23, 12), made_at=at(23, 18), policy=policy).founded
    # With no target in the agreement, the policy's next-reply target applies.
    no_target = replace(TERMS, response_target_hours=None)
    six_hours = on_reply(at(23, 9), at(23, 16), made_at=at(23, 18), terms=no_target,
                         policy=policy)
    assert not six_hours.founded
    assert data(six_hours)[RULE_REPLY_ON_TIME]["target_hours"] == "8"


def test_a_fractional_target_is_shown_in_hours():
    terms = replace(TERMS, response_target_hours=Decimal("0.25"))
    assessment = on_reply(at(23, 9), at(23, 9, 20), made_at=at(23, 10), terms=terms)
    assert assessment.founded
    assert data(assessment)[RULE_REPLY_LATE]["target_hours"] == "0.25"


# ---- not promised, nothing ------------------------------------------------------------

def test_a_claim_on_a_result_not_promised_is_unfounded_and_names_it():
    assessment = assessed(NOT_PROMISED, result="  sales GROWTH ")
    assert not assessment.founded
    assert assessment.rules == (RULE_NOT_PROMISED,)
    assert data(assessment)[RULE_NOT_PROMISED] == {"result": "Sales growth"}


def test_a_claim_on_nothing_the_agreement_covers_is_unfounded():
    assessment = assessed(NOTHING, ask="A brighter banner")
    assert not assessment.founded and assessment.rules == (RULE_NO_TERM,)


# ---- bad input ------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "target_id", "facts", "message"), [
    (DELIVERABLE, 99, ClaimFacts(progress=DeliverableProgress()), "not in this agreement"),
    (DELIVERABLE, LOGO.id, ClaimFacts(), "progress"),
    (KPI, 99, ClaimFacts(), "not promised in this agreement"),
    (COMMUNICATION, None, ClaimFacts(), "message and our reply"),
])
def test_a_claim_the_agreement_cannot_answer_is_refused(target, target_id, facts, message):
    with pytest.raises(ValueError, match=message):
        assessed(target, facts, target_id=target_id)


def test_a_result_the_agreement_does_not_list_is_refused():
    with pytest.raises(ValueError, match="does not list"):
        assessed(NOT_PROMISED, result="World peace")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"target": "banner"}, "Unknown claim target"),
    ({"target": DELIVERABLE}, "needs its id"),
    ({"target": KPI}, "needs its id"),
    ({"target": NOT_PROMISED, "result": " "}, "needs the result"),
    ({"target": NOTHING, "asked_min": -1}, "less than nothing"),
    ({"target": NOTHING, "asked_amount": Decimal("-0.01")}, "less than nothing"),
    ({"target": NOTHING, "made_at": datetime(2026, 11, 25, 12)}, "time-zone-aware"),  # noqa: DTZ001
])
def test_a_malformed_claim_is_refused(kwargs, message):
    kwargs.setdefault("made_at", CLAIMED)
    with pytest.raises(ValueError, match=message):
        Claim(**kwargs)


def test_a_naive_reply_time_is_refused():
    with pytest.raises(ValueError, match="time-zone-aware"):
        ReplyWait(at(23, 9), datetime(2026, 11, 23, 12))  # noqa: DTZ001


@pytest.mark.parametrize("kwargs", [
    {"churn_risk": Decimal("1.01")}, {"churn_risk": Decimal("-0.1")},
    {"hourly_rate": Decimal(-1)}, {"typical_project_value": Decimal(-1)},
])
def test_impossible_economics_are_refused(kwargs):
    with pytest.raises(ValueError):
        replace(ECONOMICS, **kwargs)


def test_a_kpi_needs_a_known_direction_and_a_tolerance_of_at_least_zero():
    with pytest.raises(ValueError, match="direction"):
        PromisedKpi(1, "CTR", Decimal(1), direction="up")
    with pytest.raises(ValueError, match="tolerance"):
        PromisedKpi(1, "CTR", Decimal(1), Decimal(-1))

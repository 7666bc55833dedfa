from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from retainer.rules.retainer import (
    CARRY_BOTH,
    CARRY_NONE,
    CARRY_UNUSED,
    add_months,
    burn_alerts,
    plan_periods,
)

H = Decimal


def plan(carry, used):
    return plan_periods(starts_on=date(2026, 1, 31), until=date(2026, 4, 1), period_months=1,
                        included_hours=H(20), carry_over=carry, used_hours=used)


def test_months_are_added_to_the_end_of_short_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_periods_cover_up_to_the_current_one():
    periods = plan(CARRY_NONE, {})
    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (date(2026, 1, 31), date(2026, 2, 27)),
        (date(2026, 2, 28), date(2026, 3, 30)),
        (date(2026, 3, 31), date(2026, 4, 29)),
    ]


def test_unused_hours_carry_over_but_an_overrun_does_not():
    used = {date(2026, 1, 31): H(15), date(2026, 2, 28): H(30)}
    periods = plan(CARRY_UNUSED, used)
    assert [p.carried_over_hours for p in periods] == [H(0), H(5), H(0)]


def test_with_both_an_overrun_is_taken_from_the_next_period():
    used = {date(2026, 1, 31): H(26), date(2026, 2, 28): H(10)}
    periods = plan(CARRY_BOTH, used)
    assert [p.carried_over_hours for p in periods] == [H(0), H(-6), H(4)]


def test_without_carry_over_every_period_starts_clean():
    periods = plan(CARRY_NONE, {date(2026, 1, 31): H(1)})
    assert all(p.carried_over_hours == 0 for p in periods)


@given(st.lists(st.integers(0, 60), min_size=1, max_size=12),
       st.sampled_from([CARRY_NONE, CARRY_UNUSED, CARRY_BOTH]))
def test_hours_are_conserved(used_per_period, carry):
    """Whatever carries over is exactly the previous period's balance, or nothing."""
    start = date(2026, 1, 1)
    used = {add_months(start, i): H(u) for i, u in enumerate(used_per_period)}
    periods = plan_periods(starts_on=start, until=add_months(start, len(used) - 1),
                           period_months=1, included_hours=H(20), carry_over=carry,
                           used_hours=used)
    assert len(periods) == len(used_per_period)
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.carried_over_hours in (before.balance, 0)
        if carry == CARRY_NONE:
            assert after.carried_over_hours == 0
        if carry == CARRY_UNUSED:
            assert after.carried_over_hours >= 0


def test_burn_alerts_at_80_and_100_percent():
    periods = plan(CARRY_NONE, {date(2026, 1, 31): H(16), date(2026, 2, 28): H(21)})
    assert burn_alerts(periods[0], (80, 100)) == [80]
    assert burn_alerts(periods[1], (80, 100)) == [80, 100]
    assert burn_alerts(periods[2], (80, 100)) == []


def test_burn_is_rounded_down_and_an_empty_period_with_use_is_full():
    from retainer.rules.retainer import PeriodPlan, burn_pct

    assert burn_pct(PeriodPlan(date(2026, 1, 1), date(2026, 1, 31), H(30), H(0), H(23.9))) == 79
    assert burn_pct(PeriodPlan(date(2026, 1, 1), date(2026, 1, 31), H(0), H(0), H(1))) == 100
    assert burn_pct(PeriodPlan(date(2026, 1, 1), date(2026, 1, 31), H(0), H(0), H(0))) == 0

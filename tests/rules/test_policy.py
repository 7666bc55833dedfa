from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retainer.rules.policy import DEFAULT_POLICY, Policy, PolicyError


def test_defaults_are_the_briefs():
    policy = DEFAULT_POLICY
    assert policy.revision_rounds == 2
    assert policy.free_change_threshold_min == 60
    assert policy.monthly_free_budget_min == 180
    assert (policy.burn_alert_first_pct, policy.burn_alert_second_pct) == (80, 100)
    assert policy.trivial_concession_min == 30
    assert (policy.unfounded_claims_limit, policy.unfounded_claims_window_days) == (3, 90)
    assert policy.response_target_hours == Decimal(4)
    assert (policy.chat_pingpong_messages, policy.chat_pingpong_hours) == (6, 24)
    assert policy.conflict_escalation_days == 7
    assert policy.keep_in_touch_days == 30
    assert policy.profitability_tolerance_pct == 10


def test_the_unhappy_client_groups_rise_from_c_to_a_and_the_quiet_time_is_business_time():
    policy = DEFAULT_POLICY
    assert (policy.unhappy_group_c_from < policy.unhappy_group_b_from
            < policy.unhappy_group_a_from)
    assert policy.client_quiet == timedelta(hours=16)
    assert Policy(client_quiet_hours=Decimal("1.25")).client_quiet == timedelta(minutes=75)
    assert policy.conflict_peak_negativity == Decimal("0.7")


def test_acquisition_cost_is_tender_cost_over_win_rate():
    # article 003: 350,000 per tender, one won in three
    assert DEFAULT_POLICY.acquisition_cost == Decimal(1_050_000)


@given(
    rounds=st.integers(0, 20),
    threshold=st.integers(0, 24 * 60),
    target=st.decimals(Decimal("0.25"), Decimal(240), places=2),
    rate=st.fractions(Fraction(1, 1000), Fraction(1)),
)
def test_a_document_round_trips(rounds, threshold, target, rate):
    policy = Policy.from_document({
        "revision_rounds": rounds, "free_change_threshold_min": threshold,
        "response_target_hours": str(target), "tender_win_rate": str(rate),
    }, version=7)
    again = Policy.from_document(policy.to_document(), version=7)
    assert again == policy
    assert again.tender_win_rate == rate


def test_missing_settings_take_their_defaults():
    assert Policy.from_document({}) == Policy()


@pytest.mark.parametrize(("document", "field"), [
    ({"revision_rounds": -1}, "revision_rounds"),
    ({"revision_rounds": 2.5}, "revision_rounds"),
    ({"revision_rounds": True}, "revision_rounds"),
    ({"tender_win_rate": "0"}, "tender_win_rate"),
    ({"tender_win_rate": "three"}, "tender_win_rate"),
    ({"response_target_hours": "NaN"}, "response_target_hours"),
    ({"no_such_setting": 1}, "no_such_setting"),
    ({"burn_alert_first_pct": 90, "burn_alert_second_pct": 80}, "burn_alert_second_pct"),
    ({"unhappy_group_b_from": 5}, "unhappy_group_b_from"),
    ({"unhappy_group_a_from": 20}, "unhappy_group_a_from"),
    ({"unhappy_weight_threat": 101}, "unhappy_weight_threat"),
    ({"conflict_peak_negativity": "1.5"}, "conflict_peak_negativity"),
    ({"client_quiet_hours": "0"}, "client_quiet_hours"),
])
def test_bad_values_are_refused_with_the_settings_name(document, field):
    with pytest.raises(PolicyError) as caught:
        Policy.from_document(document)
    assert field in caught.value.errors


def test_changes_from_lists_only_what_differs():
    changed = Policy.from_document({"revision_rounds": 3})
    assert changed.changes_from(DEFAULT_POLICY) == {"revision_rounds": (2, 3)}

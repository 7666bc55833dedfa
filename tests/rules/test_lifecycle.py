"""The relationship's lifecycle (BRIEF C6, article 003).

Each transition at its edge, worked out by hand with the default policy (normalization after
8 weeks = 56 days without trouble, a relationship ended after 180 days of the client's
silence): the earliest event wins, a declined suggestion waits for a newer event, an open
conflict holds normalization back. Then properties over generated histories: the current
stage is never suggested, a storm only follows a honeymoon, nothing after today is read,
the answer does not depend on the order events are given in, and a declined suggestion is
never made again as it was.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.lifecycle import (
    AGREEMENT_DRAFTED,
    AGREEMENT_ENDED,
    AGREEMENT_SIGNED,
    CALCULATED,
    CALM,
    CLAIM,
    CLIENT_SILENT,
    CONFLICT,
    COURTSHIP,
    ENDED,
    ESTABLISHED,
    FIRST_TROUBLE,
    HONEYMOON,
    LAST_DELIVERABLE_APPROVED,
    NEXT,
    NORMALIZATION,
    SALE,
    STAGES,
    STORM,
    SUPPORT,
    AgreementSpan,
    LifecycleHistory,
    Trouble,
    suggest_stage,
    trust,
)
from retainer.rules.policy import DEFAULT_POLICY, Policy

POLICY = DEFAULT_POLICY
D0 = date(2026, 3, 2)  # the honeymoon begins


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def history(stage, today, **kwargs):
    return LifecycleHistory(stage=stage, today=today, **kwargs)


def figures(suggestion):
    return dict(suggestion.reason.figures)


# ---- courtship and sale ------------------------------------------------------------------

def test_a_draft_agreement_moves_courtship_to_sale():
    found = suggest_stage(history(COURTSHIP, day(0), drafts=(day(-5), day(-9))), POLICY)
    assert (found.stage, found.on, found.reason.rule) == (SALE, day(-9), AGREEMENT_DRAFTED)
    assert found.trust == CALCULATED and found.policy_version == POLICY.version


def test_a_started_agreement_moves_a_prospect_to_the_honeymoon():
    started = history(SALE, day(0), agreements=(AgreementSpan(day(0)),))
    found = suggest_stage(started, POLICY)
    assert (found.stage, found.on, found.reason.rule) == (HONEYMOON, day(0), AGREEMENT_SIGNED)
    assert figures(found) == {"on": "2026-03-02"}
    # Signed for next week: production has not begun.
    assert suggest_stage(replace(started, today=day(-1)), POLICY) is None


def test_from_courtship_the_earlier_event_wins():
    both = history(COURTSHIP, day(10), drafts=(day(3),), agreements=(AgreementSpan(day(1)),))
    assert suggest_stage(both, POLICY).stage == HONEYMOON
    assert suggest_stage(replace(both, drafts=(day(0),)), POLICY).stage == SALE


def test_an_agreement_over_before_the_stage_was_recorded_does_not_start_a_honeymoon():
    old = AgreementSpan(day(-300), day(-100))
    assert suggest_stage(history(SALE, day(0), stage_since=day(-10), agreements=(old,)),
                         POLICY) is None
    running = AgreementSpan(day(-300))
    assert suggest_stage(history(SALE, day(0), stage_since=day(-10), agreements=(running,)),
                         POLICY).on == day(-300)


# ---- honeymoon → storm ----------------------------------------------------------------------

def test_the_first_founded_claim_after_the_honeymoon_began_brings_the_storm():
    troubles = (Trouble(day(-3), CLAIM), Trouble(day(12), CONFLICT, day(14)),
                Trouble(day(20), CLAIM))
    found = suggest_stage(history(HONEYMOON, day(30), stage_since=day(0), troubles=troubles,
                                  agreements=(AgreementSpan(day(0)),)), POLICY)
    assert (found.stage, found.on, found.reason.rule) == (STORM, day(12), FIRST_TROUBLE)
    assert figures(found) == {"on": "2026-03-14", "kind": CONFLICT}
    assert found.trust == CALCULATED


def test_without_a_recorded_stage_the_honeymoon_starts_with_the_latest_agreement():
    agreements = (AgreementSpan(day(-400), day(-200)), AgreementSpan(day(0)))
    troubles = (Trouble(day(-250), CLAIM), Trouble(day(5), CLAIM))
    found = suggest_stage(history(HONEYMOON, day(30), agreements=agreements,
                                  troubles=troubles), POLICY)
    assert (found.stage, found.on) == (STORM, day(5))


# ---- normalization --------------------------------------------------------------------------

def test_eight_calm_weeks_after_the_last_trouble_normalize_a_storm():
    troubles = (Trouble(day(0), CLAIM), Trouble(day(10), CLAIM))
    stormy = history(STORM, day(66), stage_since=day(0), troubles=troubles,
                     agreements=(AgreementSpan(day(-30)),))
    found = suggest_stage(stormy, POLICY)
    assert (found.stage, found.on, found.reason.rule) == (NORMALIZATION, day(66), CALM)
    assert figures(found) == {"weeks": "8", "since": day(10).isoformat()}
    assert found.trust == ESTABLISHED
    assert suggest_stage(replace(stormy, today=day(65)), POLICY) is None


def test_a_conflict_counts_every_day_it_stays_open():
    conflict = Trouble(day(0), CONFLICT, day(30))
    stormy = history(STORM, day(200), stage_since=day(0), troubles=(conflict,),
                     agreements=(AgreementSpan(day(-30)),))
    assert suggest_stage(stormy, POLICY).on == day(86)
    # Closed only in the future: open today, so no calm yet.
    assert suggest_stage(replace(stormy, today=day(25)), POLICY) is None
    still_open = replace(stormy, troubles=(Trouble(day(0), CONFLICT),))
    assert suggest_stage(still_open, POLICY) is None


def test_a_calm_honeymoon_normalizes_before_a_later_trouble():
    honeymoon = history(HONEYMOON, day(100), stage_since=day(0),
                        agreements=(AgreementSpan(day(0)),),
                        troubles=(Trouble(day(57), CLAIM),))
    found = suggest_stage(honeymoon, POLICY)
    assert (found.stage, found.on) == (NORMALIZATION, day(56))
    # A trouble on the very day the weeks are up: the honeymoon did not end calmly.
    stormy = replace(honeymoon, troubles=(Trouble(day(56), CLAIM),))
    assert (suggest_stage(stormy, POLICY).stage, suggest_stage(stormy, POLICY).on) == (
        STORM, day(56))


def test_the_policys_weeks_decide():
    stormy = history(STORM, day(14), stage_since=day(0), troubles=(Trouble(day(0), CLAIM),),
                     agreements=(AgreementSpan(day(-30)),))
    assert suggest_stage(stormy, POLICY) is None
    two_weeks = Policy(normalization_weeks_without_conflict=2, version=4)
    found = suggest_stage(stormy, two_weeks)
    assert (found.stage, found.on, found.policy_version) == (NORMALIZATION, day(14), 4)


# ---- support and ended ----------------------------------------------------------------------

def test_the_last_deliverable_approved_moves_the_relationship_to_support():
    done = AgreementSpan(day(0), day(90), by_approval=True)
    found = suggest_stage(history(NORMALIZATION, day(91), stage_since=day(60),
                                  agreements=(done,)), POLICY)
    assert (found.stage, found.on, found.reason.rule) == (SUPPORT, day(90),
                                                         LAST_DELIVERABLE_APPROVED)
    assert found.trust == ESTABLISHED


def test_no_support_while_another_agreement_runs():
    agreements = (AgreementSpan(day(0), day(90)), AgreementSpan(day(30)))
    assert suggest_stage(history(NORMALIZATION, day(120), stage_since=day(60),
                                 agreements=agreements), POLICY) is None
    ends_later = (AgreementSpan(day(0), day(90)), AgreementSpan(day(30), day(150)))
    assert suggest_stage(history(NORMALIZATION, day(120), stage_since=day(60),
                                 agreements=ends_later), POLICY) is None
    found = suggest_stage(history(NORMALIZATION, day(150), stage_since=day(60),
                                  agreements=ends_later), POLICY)
    assert (found.on, found.reason.rule) == (day(150), AGREEMENT_ENDED)


def test_a_storm_cut_short_by_the_end_of_the_project_goes_to_support():
    stormy = history(STORM, day(200), stage_since=day(10), troubles=(Trouble(day(10), CLAIM),),
                     agreements=(AgreementSpan(day(0), day(40)),))
    found = suggest_stage(stormy, POLICY)
    assert (found.stage, found.on) == (SUPPORT, day(40))


def test_a_client_silent_for_the_policys_days_after_the_project_has_ended():
    support = history(SUPPORT, day(400), stage_since=day(90),
                      agreements=(AgreementSpan(day(0), day(90)),), last_heard_on=day(100))
    found = suggest_stage(support, POLICY)
    assert (found.stage, found.on, found.reason.rule) == (ENDED, day(280), CLIENT_SILENT)
    assert figures(found) == {"days": "180", "since": day(100).isoformat()}
    assert suggest_stage(replace(support, today=day(279)), POLICY) is None
    # A new agreement signed for next month keeps the relationship alive.
    coming = replace(support, agreements=support.agreements + (AgreementSpan(day(410)),))
    assert suggest_stage(coming, POLICY) is None


def test_a_past_client_who_signs_again_starts_a_new_honeymoon():
    ended = history(ENDED, day(500), stage_since=day(300),
                    agreements=(AgreementSpan(day(0), day(90)), AgreementSpan(day(480))))
    found = suggest_stage(ended, POLICY)
    assert (found.stage, found.on, found.trust) == (HONEYMOON, day(480), CALCULATED)


# ---- declined suggestions -------------------------------------------------------------------

def test_a_declined_suggestion_waits_for_a_newer_event():
    troubles = (Trouble(day(5), CLAIM),)
    honeymoon = history(HONEYMOON, day(20), stage_since=day(0), troubles=troubles,
                        agreements=(AgreementSpan(day(0)),))
    assert suggest_stage(honeymoon, POLICY).on == day(5)
    declined = replace(honeymoon, declined=((STORM, day(5)),))
    assert suggest_stage(declined, POLICY) is None
    newer = replace(declined, troubles=troubles + (Trouble(day(18), CONFLICT, day(19)),))
    assert (suggest_stage(newer, POLICY).stage, suggest_stage(newer, POLICY).on) == (
        STORM, day(18))


def test_declining_one_stage_leaves_the_others():
    honeymoon = history(HONEYMOON, day(80), stage_since=day(0),
                        troubles=(Trouble(day(5), CLAIM),),
                        agreements=(AgreementSpan(day(0)),), declined=((STORM, day(5)),))
    found = suggest_stage(honeymoon, POLICY)
    assert (found.stage, found.on) == (NORMALIZATION, day(61))


# ---- the plain values -----------------------------------------------------------------------

def test_trust_is_calculated_before_normalization_and_established_after():
    assert [trust(s) for s in STAGES] == [CALCULATED] * 4 + [ESTABLISHED] * 3


def test_bad_values_are_refused():
    with pytest.raises(ValueError):
        LifecycleHistory(stage="friendship", today=D0)
    with pytest.raises(ValueError):
        Trouble(D0, "complaint")
    with pytest.raises(ValueError):
        Trouble(day(2), CONFLICT, day(1))
    with pytest.raises(ValueError):
        AgreementSpan(day(2), day(1))


# ---- properties -----------------------------------------------------------------------------

PROPERTY = settings(max_examples=300, deadline=None)
days = st.integers(min_value=-400, max_value=400).map(day)


@st.composite
def agreements(draw):
    starts = draw(days)
    ends = draw(st.none() | st.integers(min_value=0, max_value=300))
    return AgreementSpan(starts, None if ends is None else starts + timedelta(days=ends),
                         draw(st.booleans()))


@st.composite
def troubles(draw):
    on = draw(days)
    if draw(st.booleans()):
        return Trouble(on, CLAIM)
    length = draw(st.none() | st.integers(min_value=0, max_value=120))
    return Trouble(on, CONFLICT, None if length is None else on + timedelta(days=length))


@st.composite
def histories(draw):
    stage = draw(st.sampled_from(STAGES))
    return LifecycleHistory(
        stage=stage, today=draw(days), stage_since=draw(st.none() | days),
        drafts=tuple(draw(st.lists(days, max_size=3))),
        agreements=tuple(draw(st.lists(agreements(), max_size=4))),
        troubles=tuple(draw(st.lists(troubles(), max_size=8))),
        last_heard_on=draw(st.none() | days),
        declined=tuple(draw(st.lists(st.tuples(st.sampled_from(STAGES), days), max_size=3))),
    )


policies = st.builds(lambda weeks, ended: Policy(normalization_weeks_without_conflict=weeks,
                                                 relationship_ended_after_days=ended),
                     st.integers(1, 52), st.integers(30, 1095))


@PROPERTY
@given(histories(), policies)
def test_only_a_next_stage_is_suggested_never_the_current_one(facts, policy):
    found = suggest_stage(facts, policy)
    if found is not None:
        assert found.stage != facts.stage
        assert found.stage in NEXT[facts.stage]
        assert found.trust == trust(found.stage)


@PROPERTY
@given(histories(), policies)
def test_a_storm_only_follows_a_honeymoon(facts, policy):
    found = suggest_stage(facts, policy)
    if found is not None and found.stage == STORM:
        assert facts.stage == HONEYMOON
        assert found.reason.rule == FIRST_TROUBLE


@PROPERTY
@given(histories(), policies)
def test_nothing_after_today_is_read(facts, policy):
    found = suggest_stage(facts, policy)
    if found is not None:
        assert found.on <= facts.today
    future = replace(facts, troubles=facts.troubles + (Trouble(facts.today + timedelta(days=1),
                                                               CLAIM),),
                     drafts=facts.drafts + (facts.today + timedelta(days=3),))
    assert suggest_stage(future, policy) == found


@PROPERTY
@given(histories(), policies, st.randoms(use_true_random=False))
def test_deterministic_whatever_the_order_of_events(facts, policy, rng):
    shuffled = {name: list(getattr(facts, name))
                for name in ("drafts", "agreements", "troubles", "declined")}
    for values in shuffled.values():
        rng.shuffle(values)
    again = replace(facts, **{name: tuple(values) for name, values in shuffled.items()})
    assert suggest_stage(again, policy) == suggest_stage(facts, policy)


@PROPERTY
@given(histories(), policies)
def test_a_declined_suggestion_is_not_made_again(facts, policy):
    found = suggest_stage(facts, policy)
    if found is None:
        return
    declined = replace(facts, declined=facts.declined + ((found.stage, found.on),))
    again = suggest_stage(declined, policy)
    assert again is None or (again.stage, again.on) != (found.stage, found.on)
    if again is not None and again.stage == found.stage:
        assert again.on > found.on


@PROPERTY
@given(histories(), policies)
def test_accepting_the_suggestion_never_suggests_going_back(facts, policy):
    """Replaying a history suggestion by suggestion moves forward in time."""
    found = suggest_stage(facts, policy)
    if found is None:
        return
    moved = replace(facts, stage=found.stage, stage_since=found.on, declined=())
    following = suggest_stage(moved, policy)
    if following is not None:
        assert following.on >= found.on or following.stage == HONEYMOON

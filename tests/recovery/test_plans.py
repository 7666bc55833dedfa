"""Recovery plans: the rules' strategies and costed checklist made from a fresh assessment,
one plan in progress per client, the steps worked through with their audit trail, and bad
input refused with nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from retainer.recovery.models import PlanStatus, RecoveryPlan, RecoveryStep
from retainer.recovery.services import plan_create, step_update
from tests.factories import ClientFactory
from tests.recovery.conftest import NOW, at, write

pytestmark = pytest.mark.django_db


def steps(plan) -> dict[str, RecoveryStep]:
    return {step.action: step for step in plan.steps.order_by("position")}


def test_group_a_softens_the_blow_only(team, angry):
    plan = plan_create(client=angry, user=team.masha.user, faulty_work_min=480, our_fault=True,
                       now=NOW)
    assert plan.group == "A" and plan.strategies == ["soften_the_blow"]
    # At 3,000 an hour: the letter 60 min, the redo 480, the admission 30, the hand-over 60.
    costs = {action: step.cost for action, step in steps(plan).items()}
    assert costs == {"apology_letter": Decimal("3000.00"), "redo_at_our_cost": Decimal("24000.00"),
                     "admit_fault_in_writing": Decimal("1500.00"),
                     "neutral_colleague": Decimal("3000.00")}
    assert plan.total_cost == Decimal("31500.00")
    assert [r["rule"] for r in plan.reasons] == ["recovery.soften_the_blow",
                                                 "recovery.never_for_a"]
    assert plan.inputs["signals"]["faulty_work_min"] == 480


def test_group_b_starts_over_when_the_client_is_worth_it(team, disappointed):
    plan = plan_create(client=disappointed, user=team.masha.user, faulty_work_min=240, now=NOW)
    assert plan.group == "B" and plan.strategies == ["soften_the_blow", "start_over"]
    # 15 % and 2 % of the 300,000 budget, 240 and 120 minutes at 3,000 an hour.
    assert plan.start_over_cost == Decimal("69000.00") and plan.promising
    assert list(steps(plan)) == ["apology_letter", "redo_at_our_cost", "future_discount",
                                 "close_another_need", "gift_to_work_address",
                                 "personal_meeting"]


def test_a_client_worth_little_is_not_started_over(team):
    from tests.recovery.conftest import DISAPPOINTED, unhappy_client

    client = unhappy_client(team, DISAPPOINTED, "ООО «Мелочь»", value=10_000)
    plan = plan_create(client=client, user=None, now=NOW)
    assert plan.strategies == ["soften_the_blow"] and not plan.promising


def test_steps_get_the_account_manager_and_due_dates_in_business_days(team, angry):
    plan = plan_create(client=angry, user=team.masha.user, faulty_work_min=480, our_fault=True,
                       now=NOW)
    by_action = steps(plan)
    assert by_action["apology_letter"].owner == team.masha.user
    assert by_action["apology_letter"].due_on == date(2026, 11, 24)  # the next business day
    # Eight hours of work at six hours a day: two business days.
    assert by_action["redo_at_our_cost"].due_on == date(2026, 11, 25)
    # The colleague who takes over is someone else, chosen by a person.
    assert by_action["neutral_colleague"].owner is None
    assert by_action["apology_letter"].history.count() == 1


def test_a_new_plan_replaces_the_one_in_progress(team, angry):
    first = plan_create(client=angry, user=team.masha.user, now=NOW)
    second = plan_create(client=angry, user=team.olena.user, faulty_work_min=60, now=NOW)
    first.refresh_from_db()
    assert first.status == PlanStatus.REPLACED and first.closed_at == NOW
    assert second.status == PlanStatus.ACTIVE
    assert RecoveryPlan.objects.filter(client=angry, status=PlanStatus.ACTIVE).count() == 1


def test_a_content_client_gets_no_plan_and_nothing_is_written(team):
    client = ClientFactory(agency=team.agency, name="ООО «Довольные»")
    write(client, "Спасибо, всё отлично!", at(23, 10))
    with pytest.raises(ValidationError) as refused:
        plan_create(client=client, user=team.masha.user, now=NOW)
    assert "ООО «Довольные»" in refused.value.messages[0]
    assert not RecoveryPlan.objects.filter(client=client).exists()
    assert not RecoveryStep.objects.filter(plan__client=client).exists()


@pytest.mark.parametrize("minutes", [-1, 10**9, None])
def test_impossible_work_to_redo_is_refused_before_anything_is_written(team, angry, minutes):
    with pytest.raises(ValidationError) as refused:
        plan_create(client=angry, user=None, faulty_work_min=minutes, now=NOW)
    assert "faulty_work_min" in refused.value.message_dict
    assert not RecoveryPlan.objects.filter(client=angry).exists()


@pytest.fixture
def plan(team, angry):
    return plan_create(client=angry, user=team.masha.user, faulty_work_min=480, our_fault=True,
                       now=NOW)


def test_a_cost_below_zero_is_refused_and_nothing_changes(team, plan):
    step = steps(plan)["apology_letter"]
    with pytest.raises(ValidationError) as refused:
        step_update(step=step, data={"cost": Decimal("-1"), "note": "changed"},
                    user=team.masha.user, now=NOW)
    assert "cost" in refused.value.message_dict
    step.refresh_from_db()
    assert step.cost == Decimal("3000.00") and step.note == ""


def test_the_owner_must_be_a_member_of_the_agency(team, rival, plan):
    step = steps(plan)["neutral_colleague"]
    with pytest.raises(ValidationError) as refused:
        step_update(step=step, data={"owner": rival.olena.user}, user=team.masha.user, now=NOW)
    assert "owner" in refused.value.message_dict
    step.refresh_from_db()
    assert step.owner is None
    step_update(step=step, data={"owner": team.ivan.user}, user=team.masha.user, now=NOW)
    step.refresh_from_db()
    assert step.owner == team.ivan.user


def test_the_plan_is_done_with_its_last_step_and_opens_again_when_one_is_unticked(team, plan):
    later = at(24, 10)
    for step in plan.steps.all():
        step_update(step=step, data={"done": True}, user=team.masha.user, now=later)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE and plan.closed_at == later
    letter = steps(plan)["apology_letter"]
    assert letter.done_by == team.masha.user and letter.done_at == later
    step_update(step=letter, data={"done": False}, user=team.masha.user, now=later)
    plan.refresh_from_db()
    letter.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.closed_at is None
    assert letter.done_at is None and letter.done_by is None
    # Every change is in the step's audit trail: made, ticked, unticked.
    assert letter.history.count() == 3


def test_a_changed_cost_changes_the_plan_s_total(team, plan):
    step_update(step=steps(plan)["redo_at_our_cost"], data={"cost": Decimal("12000")},
                user=team.masha.user, now=NOW)
    plan.refresh_from_db()
    assert plan.total_cost == Decimal("19500.00")


def test_a_replaced_plan_cannot_be_worked_on(team, angry, plan):
    plan_create(client=angry, user=team.masha.user, now=NOW)
    with pytest.raises(ValidationError):
        step_update(step=steps(plan)["apology_letter"], data={"done": True}, user=None, now=NOW)
    assert steps(plan)["apology_letter"].done_at is None

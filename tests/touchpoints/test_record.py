"""Recording statuses and retrospectives: a retrospective names one approved milestone of the
client, once, after it was approved; nothing is recorded ahead of time or without notes; the
feedback may arrive later. A refusal says what is wrong and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from retainer.agreements.models import DeliverableStatus
from retainer.touchpoints.models import Touchpoint
from retainer.touchpoints.services import touchpoint_record, touchpoint_update
from tests.factories import AgreementFactory, ClientFactory, DeliverableFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def alfa(team):
    return ClientFactory(agency=team.agency, name="Альфа", account_manager=team.masha.user)


@pytest.fixture
def milestone(alfa):
    return DeliverableFactory(agreement=AgreementFactory(client=alfa), title="Макеты",
                              status=DeliverableStatus.APPROVED, actual_done=date(2026, 11, 16))


def record(client, user, **data):
    return touchpoint_record(client=client, data={"held_on": TODAY, "notes": "Обсудили",
                                                  **data}, user=user, today=TODAY)


def refusal(client, user, **data) -> dict:
    with pytest.raises(ValidationError) as refused:
        record(client, user, **data)
    assert not Touchpoint.objects.exists()
    return refused.value.message_dict


def test_a_status_with_its_notes_and_the_feedback_asked(team, alfa):
    status = record(alfa, team.masha.user, notes="  Показали отчёт за неделю  ",
                    feedback_requested=True)
    assert (status.kind, status.held_by, status.notes, status.feedback_requested,
            status.deliverable) == ("status", team.masha.user, "Показали отчёт за неделю",
                                    True, None)
    assert status.agency_id == team.agency.pk
    (created,) = status.history.all()
    assert created.history_user == team.masha.user


def test_a_retrospective_looks_back_on_an_approved_milestone(team, alfa, milestone):
    retrospective = record(alfa, team.masha.user, kind="retrospective", deliverable=milestone,
                           feedback="Макеты понравились, но согласование затянули")
    assert retrospective.deliverable == milestone
    assert retrospective.feedback == "Макеты понравились, но согласование затянули"


def test_one_retrospective_per_milestone(team, alfa, milestone):
    record(alfa, team.masha.user, kind="retrospective", deliverable=milestone)
    with pytest.raises(ValidationError) as refused:
        record(alfa, team.olena.user, kind="retrospective", deliverable=milestone)
    assert refused.value.message_dict == {"deliverable": [
        "This milestone already has its retrospective, held on 2026-11-23."]}
    assert Touchpoint.objects.count() == 1


def test_a_retrospective_needs_its_milestone(team, alfa):
    assert refusal(alfa, team.masha.user, kind="retrospective") == {"deliverable": [
        "Choose the milestone the retrospective looks back on."]}


def test_a_milestone_of_another_client_is_refused(team, alfa, milestone):
    beta = ClientFactory(agency=team.agency, name="Бета")
    assert refusal(beta, team.masha.user, kind="retrospective", deliverable=milestone) == {
        "deliverable": ["The milestone belongs to another client."]}


def test_a_milestone_not_approved_yet_is_refused(team, alfa, milestone):
    milestone.status = DeliverableStatus.IN_REVIEW
    milestone.save()
    assert refusal(alfa, team.masha.user, kind="retrospective", deliverable=milestone) == {
        "deliverable": ["A retrospective looks back on an approved milestone; “Макеты” is "
                        "not approved yet."]}


def test_a_retrospective_before_its_milestone_is_refused(team, alfa, milestone):
    assert refusal(alfa, team.masha.user, kind="retrospective", deliverable=milestone,
                   held_on=date(2026, 11, 10)) == {"held_on": [
        "A retrospective comes after its milestone, approved on 2026-11-16."]}


def test_a_status_names_no_milestone(team, alfa, milestone):
    assert refusal(alfa, team.masha.user, deliverable=milestone) == {"deliverable": [
        "A status is not about one milestone: record a retrospective for it."]}


def test_nothing_is_recorded_ahead_of_time_without_notes_or_of_an_unknown_kind(team, alfa):
    assert refusal(alfa, team.masha.user, held_on=TODAY + timedelta(days=1), notes=" ") == {
        "held_on": ["Record it once it has been held: 2026-11-24 is still ahead."],
        "notes": ["Write what was discussed."]}
    assert refusal(alfa, team.masha.user, held_on=None) == {"held_on": [
        "Say when it was held."]}
    assert refusal(alfa, team.masha.user, kind="party") == {"kind": [
        "Choose a status or a retrospective."]}


def test_the_feedback_arrives_later(team, alfa):
    status = record(alfa, team.masha.user, feedback_requested=True)
    updated = touchpoint_update(touchpoint=status, data={"feedback": "Всё устраивает"},
                                user=team.ivan.user, today=TODAY)
    assert Touchpoint.objects.get().feedback == "Всё устраивает"
    assert updated.notes == "Обсудили" and updated.kind == "status"
    latest = status.history.first()
    assert (latest.feedback, latest.history_user) == ("Всё устраивает", team.ivan.user)
    touchpoint_update(touchpoint=status, data={"feedback": "Всё устраивает"},
                      user=team.ivan.user, today=TODAY)
    assert status.history.count() == 2  # nothing changed, nothing new in the trail


def test_an_update_is_held_to_the_same_rules(team, alfa, milestone):
    retrospective = record(alfa, team.masha.user, kind="retrospective", deliverable=milestone)
    for data, field in [({"notes": ""}, "notes"), ({"held_on": date(2026, 11, 1)}, "held_on"),
                        ({"held_on": TODAY + timedelta(days=3)}, "held_on")]:
        with pytest.raises(ValidationError) as refused:
            touchpoint_update(touchpoint=retrospective, data=data, user=None, today=TODAY)
        assert list(refused.value.message_dict) == [field]
    stored = Touchpoint.objects.get()
    assert (stored.notes, stored.held_on) == ("Обсудили", TODAY)

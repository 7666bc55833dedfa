"""The demo's statuses and retrospectives: a year at each client's cadence with the gaps real
teams leave, so the missed list and the scorecard have something true to show; feedback in the
client's language; retrospectives after most approved milestones — the same every time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from retainer.agreements.models import AgreementStatus, DeliverableStatus
from retainer.demo.touchpoints import FEEDBACK, STATUS_NOTES, touchpoints_history
from retainer.touchpoints.models import Touchpoint
from retainer.touchpoints.selectors import touchpoints_missed
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ClientFactory,
    DeliverableFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Europe/Moscow"))
LANGUAGES = ("ru", "uk", "en", "ru", "ru", "uk")


def small_agency(name: str):
    agency = AgencyFactory(name=name)
    manager = MembershipFactory(agency=agency).user
    for index, language in enumerate(LANGUAGES):
        client = ClientFactory(agency=agency, name=f"{name} {index}", language=language,
                               account_manager=manager)
        agreement = AgreementFactory(client=client, starts_on=TODAY - timedelta(days=400 - index))
        for step in range(6):
            DeliverableFactory(agreement=agreement, title=f"Этап {step}",
                               planned_due=TODAY - timedelta(days=300 - 50 * step),
                               actual_done=TODAY - timedelta(days=298 - 50 * step),
                               status=DeliverableStatus.APPROVED)
    ended = ClientFactory(agency=agency, name=f"{name} ended", account_manager=manager)
    AgreementFactory(client=ended, status=AgreementStatus.ENDED,
                     starts_on=TODAY - timedelta(days=500))
    return agency


def history(agency):
    return list(Touchpoint.objects.for_agency(agency).order_by("client__name", "held_on", "id")
                .values_list("client__name", "kind", "held_on", "notes", "feedback_requested",
                             "feedback", "deliverable__title"))


def test_a_year_of_statuses_with_gaps_and_most_retrospectives():
    agency = small_agency("Demo")
    written = touchpoints_history(agency, TODAY, NOW)
    touchpoints = Touchpoint.objects.for_agency(agency)
    assert written == touchpoints.count()
    statuses = touchpoints.filter(kind="status")
    assert not statuses.filter(client__name="Demo ended").exists()
    assert statuses.filter(held_on__lt=TODAY - timedelta(days=366)).count() == 0
    per_client = [statuses.filter(client__name=f"Demo {i}").count() for i in range(6)]
    assert all(38 <= count <= 50 for count in per_client), per_client  # ~52 weeks, some skipped
    assert len(set(per_client)) > 1

    missed = touchpoints_missed(agency=agency, manager_id=None, today=TODAY)
    assert 0 < missed.statuses.count() < 6  # some clients have not heard from us for weeks

    milestones = 6 * len(LANGUAGES)
    retrospectives = touchpoints.filter(kind="retrospective")
    assert milestones * 2 // 3 <= retrospectives.count() < milestones
    assert 0 < missed.retrospectives.count() == milestones - retrospectives.count()
    for retrospective in retrospectives.select_related("deliverable"):
        assert retrospective.held_on >= retrospective.deliverable.actual_done

    asked = statuses.filter(feedback_requested=True)
    assert 0.4 < asked.count() / statuses.count() < 0.6
    assert 0.6 < asked.exclude(feedback="").count() / asked.count() < 0.95


def test_notes_and_feedback_are_in_the_clients_language():
    agency = small_agency("Lang")
    touchpoints_history(agency, TODAY, NOW)
    for index, language in enumerate(LANGUAGES):
        rows = Touchpoint.objects.filter(client__name=f"Lang {index}", kind="status")
        known_notes = {note.split("«")[0].split("“")[0] for note in STATUS_NOTES[language]}
        assert all(any(row.notes.startswith(prefix) for prefix in known_notes) for row in rows)
        assert {row.feedback for row in rows if row.feedback} <= set(FEEDBACK[language])


def test_the_same_day_gives_the_same_history():
    def fingerprint(name):
        agency = small_agency(name)
        touchpoints_history(agency, TODAY, NOW)
        return [(client.rsplit(" ", 1)[-1], *rest) for client, *rest in history(agency)]

    assert fingerprint("Alpha") == fingerprint("Beta")

"""The demo agency's conflict cases (issue 5, "Done when"): open and closed cases walked
through the services, in each client's language — one escalated past the policy's age, one
handed over, closed ones with their solution, a ping-pong and a message at peak emotion
that the case page turns into suggestions — the same every time for the same day."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from retainer.conflicts.models import ConflictCase, ConflictHandover
from retainer.conflicts.selectors import case_suggestions
from retainer.demo.builder import seed_demo
from retainer.demo.conflicts import LANGUAGES, STORIES
from retainer.rules import conflicts as rules
from retainer.worklist.models import Task, TaskKind

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Europe/Moscow"))  # as seeding has it


def build(name: str):
    agency = seed_demo(agency_name=name, owner_email=f"owner@{name.lower()}.example",
                       clients=40, interactions=800, today=TODAY).agency
    return agency  # its seeding tells the conflicts' story (`conflicts_history`)


def cases_of(agency):
    return list(ConflictCase.objects.for_agency(agency).select_related("client", "source")
                .order_by("opened_at", "id"))


def test_the_demo_has_open_escalated_handed_over_and_closed_cases():
    agency = build("Demo")
    cases = cases_of(agency)
    assert len(cases) == len(STORIES)
    assert len({case.client_id for case in cases}) == len(cases)
    for case in cases:
        assert case.client.stage != "ended" and not case.client.requests.exists()
        story = next(s for s in STORIES if case.title in s.title)
        language = case.client.language
        assert case.title == story.title[LANGUAGES.index(language)]
        assert case.source is not None and case.source.client_id == case.client_id
        assert case.source.language == language  # the client wrote in their own language
        assert case.opened_at < NOW

    closed = [case for case in cases if not case.is_open]
    assert len(closed) == 2
    for case in closed:
        assert case.solution and case.steps_done == 4
        assert list(case.steps.order_by("at").values_list("step", flat=True)) == [
            "listen", "analyse", "propose", "solve"]

    (handover,) = ConflictHandover.objects.for_agency(agency).select_related("case")
    assert handover.case.manager_id == handover.to_manager_id != handover.from_manager_id
    assert handover.reason and handover.case.is_open

    suggested = {case.pk: [s.id for s in case_suggestions(case, NOW)] for case in cases}
    overdue = [case for case in cases if rules.ESCALATE in suggested[case.pk]]
    assert len(overdue) == 1
    assert suggested[overdue[0].pk][0] == rules.ESCALATE
    assert overdue[0].escalated_at == NOW
    task = Task.objects.get(agency=agency, kind=TaskKind.CONFLICT)
    assert (task.client_id, task.assignee_id) == (overdue[0].client_id, overdue[0].manager_id)
    assert [ids for ids in suggested.values() if rules.MOVE_TO_CALL in ids] == [
        [rules.MOVE_TO_CALL]]
    assert [ids for ids in suggested.values() if rules.PAUSE in ids] == [[rules.PAUSE]]


def test_the_same_day_gives_the_same_cases():
    def fingerprint(agency):
        return [(case.client.name, case.title, case.nature, case.opened_at, case.closed_at,
                 case.solution, case.manager.full_name,
                 list(case.steps.order_by("at").values_list("step", "note", "at")))
                for case in cases_of(agency)]

    assert fingerprint(build("Alpha")) == fingerprint(build("Beta"))

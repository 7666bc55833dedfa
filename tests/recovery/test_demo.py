"""The demo's unhappy clients (issue 5, "Done when"): one client in each group with a plan,
the worked example's strategies, and a generated apology letter."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from retainer.conversations.models import Interaction
from retainer.core.pdf import render_pdf
from retainer.demo.builder import seed_demo
from retainer.demo.recovery import recovery_clients
from retainer.recovery.letter import letter_context, letter_html, letter_plan
from retainer.recovery.models import DissatisfactionAssessment, RecoveryPlan

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Europe/Moscow"))


def build(name: str):
    """A demo agency; its seeding tells the unhappy clients' story (`recovery_history`)."""
    return seed_demo(agency_name=name, owner_email=f"owner@{name.lower()}.example",
                     today=TODAY).agency


def test_the_demo_has_a_client_in_each_group_with_a_plan_and_a_letter():
    agency = build("Demo")
    clients = recovery_clients(agency)
    assert len(clients) == 6
    written = Interaction.objects.filter(client__in=clients, occurred_at__gte=datetime.combine(
        date(2026, 11, 19), time(0), tzinfo=NOW.tzinfo), text__in=_story_texts())
    assert written.count() >= 14
    # Each client wrote in their own language, and triage read it so.
    for message in written.filter(direction="in"):
        assert message.language == message.client.language

    plans = {plan.group: plan for plan in RecoveryPlan.objects.filter(client__in=clients)}
    assert set(plans) == {"A", "B", "C"}
    assert plans["A"].strategies == ["soften_the_blow"]
    assert "start_over" in plans["B"].strategies
    for plan in plans.values():
        client = plan.client
        assert DissatisfactionAssessment.objects.get(client=client).group == plan.group
        found, step = letter_plan(client)
        assert found == plan and step.note  # what the letter apologises for
        html = letter_html(letter_context(agency=agency, client=client, plan=plan, step=step))
        assert f'lang="{client.reading_language}"' in html
    assert render_pdf(letter_html(letter_context(
        agency=agency, client=plans["A"].client, plan=plans["A"],
        step=letter_plan(plans["A"].client)[1]))).startswith(b"%PDF")
    # The A client's held payment is recorded, and a B step is already done.
    assert plans["A"].client.payment_holds.filter(released_at__isnull=True).exists()
    assert plans["B"].steps.filter(done_at__isnull=False).exists()


def _story_texts() -> list[str]:
    from retainer.demo.recovery import ACKNOWLEDGE, STORIES

    texts = [*ACKNOWLEDGE.values()]
    for story in STORIES:
        texts += [text for messages in story.inbound.values() for text in messages]
        texts += list(story.ours.values())
    return texts


def test_the_same_day_builds_the_same_unhappy_clients():
    first = build("First")
    second = build("Second")

    def groups(agency):
        return [(a.client.name, a.group, a.score) for a in DissatisfactionAssessment.objects
                .filter(agency=agency).select_related("client").order_by("client__name")]

    assert groups(first) == groups(second) != []

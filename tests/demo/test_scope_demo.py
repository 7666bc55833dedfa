"""The demo agency's requests, decisions, register and shifts (issue 4, "Done when"), and the
status link `make demo` prints."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Exists, OuterRef

from retainer.agreements.models import DueDateChange
from retainer.conversations.models import Interaction
from retainer.conversations.triage import triage_fields
from retainer.demo import corpus
from retainer.demo.builder import seed_demo
from retainer.demo.scope_corpus import REQUESTS
from retainer.rules.scope.reply import texts
from retainer.scope.models import ClientRequest, Decision, Discrepancy
from retainer.status.models import StatusLink
from retainer.worklist.models import Task, TaskKind

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Europe/Moscow"))


def unannounced(agency, now):
    """Due dates moved without the client's agreement, whose notice time has passed with no
    message of ours to that client in between."""
    ours = Interaction.objects.filter(
        client_id=OuterRef("client_id"), direction="out",
        occurred_at__gte=OuterRef("changed_at"), occurred_at__lte=OuterRef("notice_due_at"))
    return (DueDateChange.objects.for_agency(agency)
            .filter(agreed_by_client=False, notice_due_at__lt=now)
            .annotate(told=Exists(ours)))


def test_the_demo_has_requests_in_every_outcome_a_register_and_shifts():
    result = seed_demo(agency_name="Северный ветер", owner_email="olena@demo.example",
                       today=TODAY)
    agency = result.agency
    requests = ClientRequest.objects.for_agency(agency).select_related(
        "client", "deliverable", "source")
    decisions = Decision.objects.for_agency(agency).select_related("client")
    assert result.requests == requests.count() >= 20

    # Every outcome, every answer to a choice, an override with its written reason.
    assert set(decisions.values_list("outcome", flat=True)) == {"included", "bonus", "choice"}
    assert set(decisions.exclude(answer="").values_list("answer", flat=True)) == {
        "pay", "shift", "defer"}
    overridden = decisions.exclude(override_reason="")
    assert overridden.exists()
    for decision in overridden:
        assert decision.outcome != decision.computed_outcome
        assert len(decision.override_reason) >= 10
    assert decisions.filter(outcome="choice", answer="").exists()  # waiting for the client
    assert requests.filter(decision__isnull=True).exists()  # waiting for a decision

    # The register: bonuses and answers on several agreements, a shift that moved due dates
    # with the client's agreement, a payment that raised the budget.
    register = Discrepancy.objects.for_agency(agency)
    assert register.values("agreement_id").distinct().count() >= 2
    assert register.filter(is_bonus=True).exists()
    assert register.filter(kind="budget").exists() and register.filter(kind="deadline").exists()
    assert DueDateChange.objects.for_agency(agency).filter(agreed_by_client=True).exists()
    for entry in register:
        assert entry.recorded_at <= NOW and entry.agreed_at <= NOW
    assert not register.filter(is_bonus=True, communicated=False).exists()

    # A renegotiate task still open, raised by three requests beyond the agreement in 30 days.
    tasks = Task.objects.for_agency(agency).filter(kind=TaskKind.RENEGOTIATE)
    task = tasks.filter(done_at__isnull=True).first()
    assert task is not None
    beyond = decisions.filter(client=task.client, decided_at__lte=task.opened_at,
                              decided_at__gte=task.opened_at - timedelta(days=30)
                              ).exclude(outcome="included")
    assert beyond.count() >= 3

    # Requests taken from the client's messages that the triage flagged as requests.
    from_messages = requests.filter(source__isnull=False)
    assert from_messages.count() >= 10
    for request in from_messages:
        assert request.source.client_id == request.client_id
        assert request.source.direction == "in"
        assert "request" in request.source.flag_list
        assert request.source.language == request.client.language

    # Texts in each client's language: the titles, the draft replies.
    assert {r.client.language for r in requests} == {"ru", "uk", "en"}
    for request in requests:
        language = request.client.language
        deliverable = request.deliverable.title if request.deliverable else ""
        titles = {spec.texts[language][1].format(deliverable=deliverable)
                  for spec in REQUESTS.values()}
        assert request.title in titles, (language, request.title)
    for decision in decisions:
        assert decision.reply.startswith(texts(decision.client.language)["greeting"])

    # One shift nobody told the client about, flagged; one announced the same day, not.
    changes = unannounced(agency, NOW)
    assert changes.filter(told=False).exists()
    assert changes.filter(told=True).exists()


def test_the_request_messages_are_triaged_as_requests_in_their_language():
    for key, spec in REQUESTS.items():
        for language, (message, _title) in spec.texts.items():
            text = message.format(deliverable=corpus.DELIVERABLES[language][0])
            fields = triage_fields(text=text, direction="in", kind="message",
                                   client_language=language, client_expertise="knowledgeable")
            assert "request" in fields["flags"].split(), (key, language)
            assert fields["language"] == language, (key, language)


def test_a_small_demo_without_conversations_still_has_its_scope_story():
    result = seed_demo(agency_name="Tiny", owner_email="t@demo.example", clients=8,
                       interactions=0, today=TODAY)
    assert Interaction.objects.for_agency(result.agency).count() == result.interactions == 0
    assert ClientRequest.objects.for_agency(result.agency).exists()
    assert unannounced(result.agency, NOW).filter(told=False).exists()


def test_make_demo_prints_a_working_status_link_every_time(client):
    out = io.StringIO()
    call_command("seed_demo", "--clients", "6", "--interactions", "100", stdout=out,
                 verbosity=0)
    call_command("seed_demo", "--if-missing", stdout=out, verbosity=0)
    urls = re.findall(r"http://127\.0\.0\.1:8000(/s/[\w-]+/)", out.getvalue())
    assert len(urls) == 2 and urls[0] != urls[1]
    assert StatusLink.objects.count() == 2
    assert StatusLink.objects.filter(revoked_at__isnull=True).count() == 1
    assert client.get(urls[1]).status_code == 200
    assert client.get(urls[0]).status_code == 404  # the earlier link was revoked

"""The demo agency's claims (issue 5, "Done when"): founded and unfounded claims, a conceded
one, a refused one with the relationship flagged for review and its task, an override with
its reason, texts in each client's language, and the same claims every time."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from retainer.claims.models import Claim, Concession
from retainer.conversations.models import Interaction
from retainer.conversations.triage import triage_fields
from retainer.demo.builder import seed_demo
from retainer.demo.claims import TEXTS, story_clients
from retainer.rules.claims.reply import texts
from retainer.worklist.models import Task, TaskKind

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def demo():
    """The demo agency, whose seeding tells the claims' story (`claims_history`)."""
    return seed_demo(agency_name="Северный ветер", owner_email="olena@demo.example",
                     clients=24, interactions=1500, today=TODAY).agency


def outcomes(agency):
    return list(Concession.objects.for_agency(agency).order_by("claim__made_at", "id")
                .values_list("client_id", "founded", "outcome", "granted", "review",
                             "override_reason"))


def test_the_demo_shows_every_side_of_claims(demo):
    chosen = story_clients(demo)
    assert len(chosen) == 6

    claims = Claim.objects.for_agency(demo).select_related("client", "source")
    concessions = Concession.objects.for_agency(demo).select_related("claim", "client", "task")
    assert {c.client for c in claims} == set(chosen)
    assert concessions.filter(founded=True).exists()
    assert concessions.filter(founded=False).exists()
    assert concessions.filter(outcome="concede").exists()
    refused = concessions.get(outcome="refuse", review=True)
    task = Task.objects.get(client=refused.client, kind=TaskKind.REVIEW, done_at__isnull=True)
    assert refused.task == task
    unfounded_before = concessions.filter(client=refused.client, founded=False,
                                          claim__made_at__lt=refused.claim.made_at)
    assert unfounded_before.count() == 2  # the third in 90 days is the one refused
    overridden = concessions.exclude(override_reason="").get()
    assert overridden.granted != overridden.computed_granted
    assert len(overridden.override_reason) >= 10
    assert claims.filter(concession__isnull=True).exists()  # fresh, not assessed yet

    # Every moment in the past; the replies sent are logged as our messages.
    for claim in claims:
        assert claim.made_at < NOW and claim.created_at <= NOW
    for concession in concessions:
        assert concession.decided_at < NOW
        if concession.reply_sent_at:
            assert Interaction.objects.filter(client=concession.client, direction="out",
                                              occurred_at=concession.reply_sent_at).exists()
    assert concessions.filter(reply_sent_at__isnull=False).count() >= 5


def test_the_texts_are_in_each_clients_language(demo):
    claims = Claim.objects.for_agency(demo).select_related("client", "source", "concession")
    assert len({claim.client.language for claim in claims}) >= 2
    for claim in claims:
        language = claim.client.language
        asks = {pair[1] for pair in (spec[language] for spec in TEXTS.values())}
        assert claim.ask in asks, (language, claim.ask)
        if hasattr(claim, "concession"):
            assert claim.concession.reply.startswith(texts(language)["greeting"])
        if claim.source is not None:
            assert claim.source.text == claim.words
            assert claim.source.client_id == claim.client_id
            assert "claim" in claim.source.flag_list
            assert claim.source.language == language
    assert claims.filter(source__isnull=False).count() >= 6


def test_every_claim_message_is_triaged_as_a_claim_in_its_language():
    for key, spec in TEXTS.items():
        for language, (words, _ask) in spec.items():
            text = words.format(result="—", kpi="CTR", deliverable="—")
            fields = triage_fields(text=text, direction="in", kind="message",
                                   client_language=language, client_expertise="knowledgeable")
            assert "claim" in fields["flags"].split(), (key, language)
            assert fields["language"] == language, (key, language)


def test_the_same_demo_gets_the_same_claims(demo):
    first = [(row[1:]) for row in outcomes(demo)]
    demo.delete()
    again = seed_demo(agency_name="Северный ветер", owner_email="olena@demo.example",
                      clients=24, interactions=1500, today=TODAY).agency
    assert [(row[1:]) for row in outcomes(again)] == first

"""The demo's lifecycles on a small agency: each client walked through the stages its own
events suggest, dated as they happened, with a few suggestions left pending, the first storm
rejected, and two past clients due a keep-in-touch — the same every time."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from retainer.clients.models import Client, Stage
from retainer.conversations.models import Interaction
from retainer.demo.lifecycle import PAST_CLIENTS, lifecycle_history
from retainer.lifecycle.models import StageChange, StageSuggestion
from retainer.lifecycle.selectors import keep_in_touch_due
from tests.conftest import make_team
from tests.factories import AgreementFactory, ClientFactory, ConflictCaseFactory

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(9), tzinfo=MSK)


def build(name: str):
    team = make_team(name, f"{name.lower()}.example")
    agency, masha = team.agency, team.masha.user
    delivered = ClientFactory(agency=agency, name="Сдан", stage=Stage.SALE, account_manager=masha)
    AgreementFactory(client=delivered, starts_on=TODAY - timedelta(days=200),
                     ends_on=TODAY - timedelta(days=40))
    stormy = ClientFactory(agency=agency, name="Шторм", stage=Stage.NORMALIZATION,
                           account_manager=masha)
    AgreementFactory(client=stormy, starts_on=TODAY - timedelta(days=150))
    ConflictCaseFactory(client=stormy, opened_at=NOW - timedelta(days=140), steps_done=4,
                        solution="Переделали", closed_at=NOW - timedelta(days=130))
    ConflictCaseFactory(client=stormy, opened_at=NOW - timedelta(days=100), steps_done=4,
                        solution="Извинились", closed_at=NOW - timedelta(days=95))
    fresh = ClientFactory(agency=agency, name="Новый", stage=Stage.ENDED, account_manager=masha)
    AgreementFactory(client=fresh, starts_on=TODAY - timedelta(days=6))
    added = lifecycle_history(agency, TODAY, NOW)
    return agency, {c.name: c for c in Client.objects.for_agency(agency)}, added


def walk(client) -> list[tuple[str, str, date]]:
    return list(StageChange.objects.filter(client=client).order_by("changed_at", "id")
                .values_list("from_stage", "to_stage", "effective_on"))


def test_each_client_walks_the_stages_its_events_suggest():
    agency, clients, added = build("Demo")
    assert walk(clients["Сдан"]) == [
        ("courtship", "honeymoon", TODAY - timedelta(days=200)),
        ("honeymoon", "normalization", TODAY - timedelta(days=144)),
        ("normalization", "support", TODAY - timedelta(days=40)),
    ]
    # The first conflict's storm was rejected; the second brought it.
    assert walk(clients["Шторм"]) == [
        ("courtship", "honeymoon", TODAY - timedelta(days=150)),
        ("honeymoon", "storm", TODAY - timedelta(days=100)),
        ("storm", "normalization", TODAY - timedelta(days=95 - 56)),
    ]
    (rejected,) = StageSuggestion.objects.filter(client__agency=agency, accepted=False)
    assert (rejected.client_id, rejected.stage, rejected.event_on) == (
        clients["Шторм"].pk, Stage.STORM, TODAY - timedelta(days=140))
    # A week-old agreement: the honeymoon waits for the manager.
    assert walk(clients["Новый"]) == []
    pending = StageSuggestion.objects.get(client=clients["Новый"], decided_at__isnull=True)
    assert (pending.from_stage, pending.stage) == (Stage.COURTSHIP, Stage.HONEYMOON)
    for name, stage in [("Сдан", Stage.SUPPORT), ("Шторм", Stage.NORMALIZATION),
                        ("Новый", Stage.COURTSHIP)]:
        clients[name].refresh_from_db()
        assert clients[name].stage == stage
    # Suggested on the event's day, answered the next morning, written by the manager.
    for change in StageChange.objects.filter(client__agency=agency).select_related(
            "suggestion"):
        assert change.suggestion.suggested_at <= change.changed_at <= NOW
        assert change.changed_by_id == change.client.account_manager_id
        assert change.reason


def test_two_past_clients_are_due_a_keep_in_touch_in_their_language():
    agency, clients, added = build("Past")
    due = {c.name: c for c in keep_in_touch_due(agency=agency, manager_id=None, today=TODAY)}
    for story in PAST_CLIENTS:
        last_word = TODAY - timedelta(days=min(m[0] for m in story["messages"]))
        assert (due[story["name"]].last_contact_on, due[story["name"]].contact_due_on) == (
            last_word, last_word + timedelta(days=30))
    assert added == sum(len(story["messages"]) for story in PAST_CLIENTS)
    for story in PAST_CLIENTS:
        client = clients[story["name"]]
        assert client.stage == Stage.SUPPORT and client.language == story["language"]
        assert Interaction.objects.filter(client=client, language=story["language"]).exists()
        last = walk(client)[-1]
        assert last[1] == Stage.SUPPORT


def test_the_same_agency_and_day_give_the_same_histories():
    first, clients_a, _ = build("One")
    second, clients_b, _ = build("Two")

    def story(clients):
        return {name: [(a, b, d) for a, b, d in walk(client)] for name, client in
                clients.items()}

    assert story(clients_a) == story(clients_b)

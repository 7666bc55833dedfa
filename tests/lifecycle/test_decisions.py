"""The manager's answer to a suggestion, and a stage set by hand: the stage and its history
row are written together, a rejected suggestion waits for a newer event, a stale one is
refused, and bad input changes nothing."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from retainer.clients.models import Stage
from retainer.lifecycle.models import StageChange, StageSuggestion
from retainer.lifecycle.services import (
    lifecycle_refresh,
    stage_set,
    suggestion_accept,
    suggestion_reject,
)
from retainer.rules import lifecycle as rules
from tests.factories import AgreementFactory, ClientFactory, ConflictCaseFactory

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=MSK)
TODAY = NOW.date()


def days_ago(n: int):
    return TODAY - timedelta(days=n)


@pytest.fixture
def honeymoon(team):
    """A client whose agreement started 30 days ago: the honeymoon is suggested."""
    client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
    AgreementFactory(client=client, starts_on=days_ago(30))
    lifecycle_refresh(agency=team.agency, now=NOW)
    return client, StageSuggestion.objects.get(client=client)


def test_accepting_moves_the_client_and_writes_its_history(team, honeymoon):
    client, suggestion = honeymoon
    change = suggestion_accept(suggestion=suggestion, user=team.masha.user, note="Старт",
                               now=NOW)
    client.refresh_from_db()
    suggestion.refresh_from_db()
    assert client.stage == Stage.HONEYMOON
    assert (change.from_stage, change.to_stage, change.effective_on) == (
        Stage.COURTSHIP, Stage.HONEYMOON, days_ago(30))
    assert change.from_suggestion and change.suggestion_id == suggestion.pk
    assert (change.changed_at, change.changed_by, change.reason) == (NOW, team.masha.user,
                                                                     "Старт")
    assert (suggestion.accepted, suggestion.decided_at, suggestion.decided_by) == (
        True, NOW, team.masha.user)
    # The client's own audit trail names who moved it.
    latest = client.history.order_by("-history_id").first()
    assert (latest.stage, latest.history_user) == (Stage.HONEYMOON, team.masha.user)


def test_an_answered_suggestion_cannot_be_answered_again(team, honeymoon):
    _client, suggestion = honeymoon
    suggestion_reject(suggestion=suggestion, user=team.masha.user, now=NOW)
    with pytest.raises(ValidationError):
        suggestion_accept(suggestion=suggestion, user=team.olena.user, now=NOW)
    assert not StageChange.objects.exists()


def test_a_suggestion_made_for_another_stage_is_refused(team, honeymoon):
    client, suggestion = honeymoon
    # Someone moved the client by hand through the client form meanwhile.
    type(client).objects.filter(pk=client.pk).update(stage=Stage.STORM)
    with pytest.raises(ValidationError, match="stage has changed"):
        suggestion_accept(suggestion=suggestion, user=team.masha.user, now=NOW)
    suggestion.refresh_from_db()
    assert suggestion.is_pending and not StageChange.objects.exists()


def test_a_rejected_suggestion_waits_for_a_newer_event(team, honeymoon):
    client, suggestion = honeymoon
    suggestion_accept(suggestion=suggestion, user=team.masha.user, now=NOW)
    ConflictCaseFactory(client=client, opened_at=NOW - timedelta(days=10))
    lifecycle_refresh(agency=team.agency, now=NOW)
    storm = StageSuggestion.objects.get(client=client, decided_at__isnull=True)
    assert (storm.stage, storm.event_on) == (Stage.STORM, days_ago(10))
    suggestion_reject(suggestion=storm, user=team.masha.user, now=NOW)
    lifecycle_refresh(agency=team.agency, now=NOW + timedelta(days=1))
    client.refresh_from_db()
    assert client.stage == Stage.HONEYMOON
    assert not StageSuggestion.objects.filter(client=client, decided_at__isnull=True).exists()
    ConflictCaseFactory(client=client, opened_at=NOW + timedelta(days=2))
    lifecycle_refresh(agency=team.agency, now=NOW + timedelta(days=3))
    again = StageSuggestion.objects.get(client=client, decided_at__isnull=True)
    assert (again.stage, again.event_on) == (Stage.STORM, TODAY + timedelta(days=2))


def test_a_stage_set_by_hand_needs_a_reason_and_withdraws_the_suggestion(team, honeymoon):
    client, suggestion = honeymoon
    change = stage_set(client=client, stage=Stage.SALE, user=team.ivan.user,
                       reason="Договор ещё не подписан по-настоящему", now=NOW)
    client.refresh_from_db()
    assert client.stage == Stage.SALE
    assert (change.from_stage, change.to_stage, change.effective_on, change.from_suggestion) == (
        Stage.COURTSHIP, Stage.SALE, TODAY, False)
    assert not StageSuggestion.objects.filter(pk=suggestion.pk).exists()
    # The running agreement still suggests the honeymoon, now from the sale.
    fresh = StageSuggestion.objects.get(client=client, decided_at__isnull=True)
    assert (fresh.from_stage, fresh.stage, fresh.reason_code) == (
        Stage.SALE, Stage.HONEYMOON, rules.AGREEMENT_SIGNED)


@pytest.mark.parametrize(("stage", "reason", "since", "field"), [
    ("friendship", "x", None, "stage"),
    (Stage.COURTSHIP, "x", None, "stage"),  # already there
    (Stage.STORM, "   ", None, "reason"),
    (Stage.STORM, "x", 1, "effective_on"),  # tomorrow
])
def test_bad_input_is_refused_and_changes_nothing(team, honeymoon, stage, reason, since, field):
    client, suggestion = honeymoon
    effective_on = TODAY + timedelta(days=since) if since else None
    with pytest.raises(ValidationError) as refused:
        stage_set(client=client, stage=stage, user=team.masha.user, reason=reason,
                  effective_on=effective_on, now=NOW)
    assert field in refused.value.message_dict
    client.refresh_from_db()
    assert client.stage == Stage.COURTSHIP
    assert not StageChange.objects.exists()
    assert StageSuggestion.objects.get(pk=suggestion.pk).is_pending


def test_a_stage_cannot_begin_before_the_previous_one(team, honeymoon):
    client, suggestion = honeymoon
    suggestion_accept(suggestion=suggestion, user=team.masha.user, now=NOW)
    with pytest.raises(ValidationError) as refused:
        stage_set(client=client, stage=Stage.STORM, user=team.masha.user, reason="Жалоба",
                  effective_on=days_ago(31), now=NOW)
    assert "effective_on" in refused.value.message_dict
    stage_set(client=client, stage=Stage.STORM, user=team.masha.user, reason="Жалоба",
              effective_on=days_ago(30),
              now=datetime.combine(TODAY, time(12), tzinfo=MSK))
    assert StageChange.objects.filter(client=client).count() == 2

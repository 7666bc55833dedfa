"""Suggestions computed from the recorded events (agreements, founded claims, conflicts,
approved deliverables, the client's messages), kept once per client, replaced when the
events change, and read with the same number of queries for few clients or many."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from retainer.claims.services import claim_assess
from retainer.clients.models import Stage
from retainer.lifecycle.models import StageSuggestion
from retainer.lifecycle.selectors import lifecycle_histories
from retainer.lifecycle.services import lifecycle_check, lifecycle_refresh, suggestion_accept
from retainer.rules import lifecycle as rules
from tests.factories import (
    AgreementFactory,
    ClaimFactory,
    ClientFactory,
    ConflictCaseFactory,
    DeliverableFactory,
    InteractionFactory,
)

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=MSK)
TODAY = NOW.date()


def days_ago(n: int):
    return TODAY - timedelta(days=n)


def moment(n: int, hour: int = 11) -> datetime:
    return datetime.combine(days_ago(n), time(hour), tzinfo=MSK)


def pending(client):
    return StageSuggestion.objects.get(client=client, decided_at__isnull=True)


def test_a_started_agreement_suggests_the_honeymoon_once(team):
    client = ClientFactory(agency=team.agency)
    AgreementFactory(client=client, starts_on=days_ago(30))
    assert lifecycle_refresh(agency=team.agency, now=NOW) == 1
    suggestion = pending(client)
    assert (suggestion.from_stage, suggestion.stage, suggestion.reason_code) == (
        Stage.COURTSHIP, Stage.HONEYMOON, rules.AGREEMENT_SIGNED)
    assert suggestion.event_on == days_ago(30)
    assert suggestion.reason_params == {"on": days_ago(30).isoformat()}
    assert suggestion.suggested_at == NOW and suggestion.accepted is None
    # Nothing new: the pending suggestion stays as it was.
    assert lifecycle_refresh(agency=team.agency, now=NOW + timedelta(hours=5)) == 0
    assert pending(client).pk == suggestion.pk and pending(client).suggested_at == NOW


def test_a_draft_agreement_suggests_the_sale(team):
    client = ClientFactory(agency=team.agency)
    # Drafted today (its row is dated when it is written), to start next month.
    AgreementFactory(client=client, status="draft", starts_on=TODAY + timedelta(days=30))
    lifecycle_refresh(agency=team.agency, now=timezone.now())
    assert pending(client).stage == Stage.SALE


def test_the_first_founded_claim_brings_the_storm(team):
    client = ClientFactory(agency=team.agency, stage=Stage.HONEYMOON)
    agreement = AgreementFactory(client=client, starts_on=days_ago(40))
    late = DeliverableFactory(agreement=agreement, planned_due=days_ago(10))
    unfounded = ClaimFactory(agreement=agreement, made_at=moment(20))
    claim_assess(claim=unfounded, user=team.masha.user, now=moment(20, 12))
    founded = ClaimFactory(agreement=agreement, target="deliverable", deliverable=late,
                           made_at=moment(5))
    assert claim_assess(claim=founded, user=team.masha.user, now=moment(5, 12)).founded
    lifecycle_refresh(agency=team.agency, now=NOW)
    suggestion = pending(client)
    assert (suggestion.stage, suggestion.reason_code, suggestion.event_on) == (
        Stage.STORM, rules.FIRST_TROUBLE, days_ago(5))
    assert suggestion.reason_params["kind"] == rules.CLAIM


def test_an_open_conflict_holds_the_storm_back_until_it_closes(team):
    client = ClientFactory(agency=team.agency, stage=Stage.STORM)
    AgreementFactory(client=client, starts_on=days_ago(300))
    case = ConflictCaseFactory(client=client, opened_at=moment(200))
    lifecycle_refresh(agency=team.agency, now=NOW)
    assert not StageSuggestion.objects.filter(client=client).exists()
    case.steps_done, case.solution, case.closed_at = 4, "Переделали отчёт", moment(100)
    case.save()
    lifecycle_refresh(agency=team.agency, now=NOW)
    suggestion = pending(client)
    assert (suggestion.stage, suggestion.event_on) == (Stage.NORMALIZATION, days_ago(100 - 56))
    assert suggestion.reason_params == {"weeks": "8", "since": days_ago(100).isoformat()}


def test_the_last_approved_deliverable_of_a_project_suggests_support(team):
    client = ClientFactory(agency=team.agency, stage=Stage.NORMALIZATION)
    agreement = AgreementFactory(client=client, starts_on=days_ago(200), kind="project")
    DeliverableFactory(agreement=agreement, status="approved", actual_done=days_ago(30),
                       planned_due=days_ago(31))
    last = DeliverableFactory(agreement=agreement, status="in_review", planned_due=days_ago(8))
    lifecycle_refresh(agency=team.agency, now=NOW)
    assert not StageSuggestion.objects.filter(client=client).exists()
    last.status, last.actual_done = "approved", days_ago(6)
    last.save()
    lifecycle_refresh(agency=team.agency, now=NOW)
    suggestion = pending(client)
    assert (suggestion.stage, suggestion.reason_code, suggestion.event_on) == (
        Stage.SUPPORT, rules.LAST_DELIVERABLE_APPROVED, days_ago(6))


def test_a_retainer_with_every_deliverable_approved_is_still_in_production(team):
    client = ClientFactory(agency=team.agency, stage=Stage.NORMALIZATION)
    agreement = AgreementFactory(client=client, starts_on=days_ago(200), kind="retainer")
    DeliverableFactory(agreement=agreement, status="approved", actual_done=days_ago(30))
    lifecycle_refresh(agency=team.agency, now=NOW)
    assert not StageSuggestion.objects.filter(client=client).exists()


def test_silence_after_the_project_ends_the_relationship(team):
    client = ClientFactory(agency=team.agency, stage=Stage.SUPPORT)
    AgreementFactory(client=client, starts_on=days_ago(500), status="ended",
                     ends_on=days_ago(300))
    InteractionFactory(client=client, direction="in", occurred_at=moment(250))
    # Our own reminders do not keep the relationship alive.
    InteractionFactory(client=client, direction="out", occurred_at=moment(10))
    lifecycle_refresh(agency=team.agency, now=NOW)
    suggestion = pending(client)
    assert (suggestion.stage, suggestion.reason_code, suggestion.event_on) == (
        Stage.ENDED, rules.CLIENT_SILENT, days_ago(250 - 180))


def test_a_stale_suggestion_is_withdrawn_and_a_new_event_replaces_it(team):
    client = ClientFactory(agency=team.agency, stage=Stage.HONEYMOON)
    AgreementFactory(client=client, starts_on=days_ago(70))
    lifecycle_refresh(agency=team.agency, now=NOW)
    calm = pending(client)
    assert (calm.stage, calm.event_on) == (Stage.NORMALIZATION, days_ago(14))
    # A conflict recorded afterwards, dated before the calm weeks were up.
    ConflictCaseFactory(client=client, opened_at=moment(20))
    assert lifecycle_refresh(agency=team.agency, now=NOW) == 1
    storm = pending(client)
    assert (storm.stage, storm.event_on) == (Stage.STORM, days_ago(20))
    assert not StageSuggestion.objects.filter(pk=calm.pk).exists()
    # The deletion is in the audit trail.
    assert calm.history.model.objects.filter(id=calm.pk, history_type="-").exists()


def test_refresh_reads_only_the_clients_asked_for(team):
    asked, other = (ClientFactory(agency=team.agency) for _ in range(2))
    for client in (asked, other):
        AgreementFactory(client=client, starts_on=days_ago(10))
    assert lifecycle_refresh(agency=team.agency, now=NOW, client_ids=[asked.pk]) == 1
    assert not StageSuggestion.objects.filter(client=other).exists()


def test_the_periodic_check_covers_every_agency_and_no_other_agencys_events(team, rival):
    ours = ClientFactory(agency=team.agency)
    AgreementFactory(client=ours, starts_on=days_ago(10))
    theirs = ClientFactory(agency=rival.agency, stage=Stage.HONEYMOON)
    AgreementFactory(client=theirs, starts_on=days_ago(10))
    assert lifecycle_check(now=NOW) == 1
    assert pending(ours).stage == Stage.HONEYMOON
    assert not StageSuggestion.objects.filter(client=theirs).exists()


def test_one_pending_suggestion_per_client_whatever_the_database(team):
    client = ClientFactory(agency=team.agency)
    AgreementFactory(client=client, starts_on=days_ago(10))
    lifecycle_refresh(agency=team.agency, now=NOW)
    with pytest.raises(IntegrityError):
        StageSuggestion.objects.create(
            agency=team.agency, client=client, from_stage="courtship", stage="sale",
            reason_code=rules.AGREEMENT_DRAFTED, event_on=TODAY, policy_version=1,
            suggested_at=NOW)


def _clients(team, count: int):
    for index in range(count):
        client = ClientFactory(agency=team.agency,
                               stage=[Stage.HONEYMOON, Stage.STORM, Stage.SUPPORT][index % 3])
        agreement = AgreementFactory(client=client, starts_on=days_ago(100 + index),
                                     ends_on=days_ago(5) if index % 3 == 2 else None)
        DeliverableFactory(agreement=agreement, status="approved", actual_done=days_ago(40))
        InteractionFactory(client=client, direction="in", occurred_at=moment(3))
        ConflictCaseFactory(client=client, opened_at=moment(60 - index % 7))
        ClaimFactory(agreement=agreement, made_at=moment(30))


@pytest.mark.parametrize("count", [3, 30])
def test_the_events_are_read_with_the_same_queries_for_few_clients_or_many(
        team, count, django_assert_num_queries):
    _clients(team, count)
    with django_assert_num_queries(6):
        histories = lifecycle_histories(agency=team.agency, today=TODAY)
    assert len(histories) == count
    storm = next(h for h in histories.values() if h.stage == Stage.STORM)
    assert [t.kind for t in storm.troubles] == [rules.CONFLICT]  # the claims are unassessed
    # Projects whose every deliverable is approved: production ended with the last approval.
    assert {(h.agreements[0].ended_on, h.agreements[0].by_approval)
            for h in histories.values()} == {(days_ago(40), True)}


def test_accepting_with_the_date_of_the_event_replays_a_history(team):
    client = ClientFactory(agency=team.agency)
    AgreementFactory(client=client, starts_on=days_ago(200), kind="project",
                     ends_on=days_ago(20))
    lifecycle_refresh(agency=team.agency, now=NOW)
    walked = []
    while (suggestion := StageSuggestion.objects.filter(
            Q(client=client) & Q(decided_at__isnull=True)).first()) is not None:
        walked.append((suggestion.stage, suggestion.event_on))
        suggestion_accept(suggestion=suggestion, user=team.masha.user, now=NOW)
    assert walked == [(Stage.HONEYMOON, days_ago(200)), (Stage.NORMALIZATION, days_ago(144)),
                      (Stage.SUPPORT, days_ago(20))]
    client.refresh_from_db()
    assert client.stage == Stage.SUPPORT

"""Two managers assessing at the same moment, in two threads with their own database
connections: one claim is assessed once, and two claims of one client are counted one after
the other, so the client's third unfounded claim is refused even when two arrive together."""

from __future__ import annotations

import pytest
from django.db import connection

from retainer.claims.models import Concession
from retainer.claims.services import AlreadyAssessed, claim_assess
from retainer.worklist.models import Task
from tests.claims.conftest import at
from tests.together import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks between connections are PostgreSQL's"),
]


def test_two_managers_assessing_one_claim_record_one_concession(team, deal):
    claim = deal.claim(ask="Перекрасить баннер", asked_min=10)
    results = run_together(
        lambda: claim_assess(claim=claim, user=team.masha.user),
        lambda: claim_assess(claim=claim, user=team.ivan.user),
    )
    assert sum(isinstance(r, Concession) for r in results) == 1, results
    assert sum(isinstance(r, AlreadyAssessed) for r in results) == 1, results
    assert Concession.objects.filter(claim=claim).count() == 1


def test_two_unfounded_claims_at_once_are_counted_one_after_the_other(team, deal):
    claim_assess(claim=deal.claim(ask="Раз", asked_min=10, made_at=at(2)),
                 user=team.masha.user, now=at(2, 12))
    second = deal.claim(ask="Два", asked_min=10, made_at=at(20))
    third = deal.claim(ask="Три", asked_min=10, made_at=at(20))
    results = run_together(
        lambda: claim_assess(claim=second, user=team.masha.user),
        lambda: claim_assess(claim=third, user=team.ivan.user),
    )
    assert all(isinstance(r, Concession) for r in results), results
    assert sorted(r.outcome for r in results) == ["concede", "refuse"]
    assert Task.objects.filter(client=deal.client, kind="review").count() == 1

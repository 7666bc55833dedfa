"""Two managers deciding the same request at the same moment, in two threads with their own
database connections: exactly one decision is recorded, and the other manager is told who
decided it. The clients' decisions are serialized on the client's row, so two different
requests of one client never overspend the free budget either."""

from __future__ import annotations

import pytest
from django.db import connection

from retainer.scope.models import Decision, Discrepancy
from retainer.scope.services import AlreadyDecided, request_create, request_decide
from tests.factories import AgreementFactory, ClientFactory
from tests.together import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks between connections are PostgreSQL's"),
]


def new_request(agreement, minutes, title):
    return request_create(client=agreement.client, agreement=agreement, user=None,
                          data={"kind": "change", "estimate_min": minutes, "title": title})


def test_two_managers_deciding_one_request_record_one_decision(team):
    agreement = AgreementFactory(client=ClientFactory(agency=team.agency))
    client_request = new_request(agreement, 30, "Баннер")
    results = run_together(
        lambda: request_decide(client_request=client_request, user=team.masha.user),
        lambda: request_decide(client_request=client_request, user=team.ivan.user),
    )
    decided = [r for r in results if isinstance(r, Decision)]
    refused = [r for r in results if isinstance(r, AlreadyDecided)]
    assert len(decided) == 1 and len(refused) == 1, results
    assert Decision.objects.filter(request=client_request).count() == 1
    assert Discrepancy.objects.filter(request=client_request).count() == 1
    winner = decided[0].decided_by
    assert str(winner) in str(refused[0])


def test_parallel_requests_of_one_client_never_overspend_the_budget(team):
    agreement = AgreementFactory(client=ClientFactory(agency=team.agency))  # budget 180 min
    requests = [new_request(agreement, 60, f"Правка {n}") for n in range(5)]
    results = run_together(*[
        (lambda r=r: request_decide(client_request=r, user=team.masha.user)) for r in requests
    ])
    assert all(isinstance(r, Decision) for r in results), results
    outcomes = sorted(Decision.objects.values_list("outcome", flat=True))
    assert outcomes == ["bonus", "bonus", "bonus", "choice", "choice"]

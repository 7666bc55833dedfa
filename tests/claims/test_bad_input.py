"""Bad input gets a clear error and writes nothing: a claim on a deliverable, KPI or message
of another client, a cost below zero, a result the agreement does not list, a claim from
the future — through the service, the pages and the API."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from retainer.claims.models import Claim, Concession
from retainer.claims.services import claim_assess, claim_create
from retainer.worklist.models import Task
from tests.claims.conftest import at
from tests.factories import (
    AgreementFactory,
    ClaimFactory,
    ClientFactory,
    DeliverableFactory,
    InteractionFactory,
    KpiFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(team):
    """Another client of the same agency, with its own agreement, deliverable, KPI and
    message."""
    client = ClientFactory(agency=team.agency)
    agreement = AgreementFactory(client=client)
    return {"client": client, "agreement": agreement,
            "deliverable": DeliverableFactory(agreement=agreement),
            "kpi": KpiFactory(agreement=agreement),
            "message": InteractionFactory(client=client, occurred_at=at(20))}


def refused(deal, field, **data):
    with pytest.raises(ValidationError) as error:
        deal.claim(**data)
    assert field in error.value.message_dict, error.value
    assert not Claim.objects.exists()
    return error.value.message_dict[field]


def test_a_claim_on_what_belongs_to_another_client_is_refused(deal, stranger):
    refused(deal, "deliverable", target="deliverable", deliverable=stranger["deliverable"])
    refused(deal, "kpi", target="kpi", kpi=stranger["kpi"])
    refused(deal, "message", target="communication", message=stranger["message"])
    with pytest.raises(ValidationError):
        claim_create(client=deal.client, agreement=stranger["agreement"], user=None,
                     data={"words": "x"})
    with pytest.raises(ValidationError):
        claim_create(client=deal.client, agreement=deal.agreement, user=None,
                     data={"words": "x"}, source=stranger["message"])
    assert not Claim.objects.exists()


def test_the_assessment_of_a_claim_on_another_clients_deliverable_writes_nothing(team, deal,
                                                                                stranger):
    """Recorded around the service (an import, a bug): the assessment still refuses it."""
    claim = ClaimFactory(agreement=deal.agreement, target="deliverable",
                         deliverable=stranger["deliverable"], asked_min=600)
    with pytest.raises(ValidationError) as error:
        claim_assess(claim=claim, user=team.masha.user)
    assert "deliverable" in error.value.message_dict
    assert not Concession.objects.exists() and not Task.objects.exists()


def test_a_cost_below_zero_is_refused(deal):
    with pytest.raises(ValidationError, match="less than nothing"):
        deal.claim(asked_amount=Decimal(-1))
    with pytest.raises(ValidationError, match="less than nothing"):
        deal.claim(asked_min=-30)
    assert not Claim.objects.exists()
    # Nor can one be written around the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(agreement=deal.agreement, asked_amount=Decimal("-0.01"))


def test_what_the_target_needs_is_asked_for(deal):
    refused(deal, "deliverable", target="deliverable")
    refused(deal, "kpi", target="kpi")
    refused(deal, "message", target="communication")
    listed = refused(deal, "result", target="not_promised", result="Рост подписчиков")
    assert "Рост продаж в офлайн-магазинах" in listed[0]  # the listed results are named
    refused(deal, "target", target="mood")
    refused(deal, "words", words="   ")


def test_a_claim_about_our_reply_needs_an_earlier_message_from_the_client(deal):
    ours = InteractionFactory(client=deal.client, direction="out", occurred_at=at(20))
    refused(deal, "message", target="communication", message=ours)
    later = InteractionFactory(client=deal.client, occurred_at=at(26))
    refused(deal, "message", target="communication", message=later, made_at=at(25))


def test_a_claim_cannot_come_from_the_future(deal):
    refused(deal, "made_at", made_at=timezone.now() + timedelta(hours=1))


def test_the_page_shows_errors_and_writes_nothing(team, deal, stranger, as_user):
    http = as_user(team.masha)
    url = reverse("claim_new", kwargs={"client_id": deal.client.pk})
    base = {"agreement": deal.agreement.pk, "words": "Цвет не продаёт"}
    for bad in ({"target": "deliverable", "deliverable": stranger["deliverable"].pk},
                {"target": "kpi", "kpi": stranger["kpi"].pk},
                {"target": "communication", "message": stranger["message"].pk},
                {"target": "nothing", "asked_amount": "-5"},
                {"target": "nothing", "asked_min": "-5"},
                {"target": "not_promised", "result": "Рост подписчиков"},
                {"target": "nothing", "agreement": stranger["agreement"].pk},
                {"target": "nothing", "deliverable": 2**70}):
        response = http.post(url, base | bad)
        assert response.status_code == 200, bad
        assert 'class="field invalid"' in response.content.decode() or \
            'class="errors"' in response.content.decode(), bad
    assert not Claim.objects.exists()


def test_the_api_answers_422_and_404_and_writes_nothing(team, deal, stranger, rival, as_user):
    http = as_user(team.masha)

    def post(body):
        return http.post("/api/claims", {"client": deal.client.pk, "words": "x"} | body,
                         content_type="application/json")

    assert post({"asked_amount": "-1"}).status_code == 422
    assert post({"target": "deliverable",
                 "deliverable": stranger["deliverable"].pk}).status_code == 422
    assert post({"target": "not_promised", "result": "Что-то"}).status_code == 422
    assert post({"source": stranger["message"].pk}).status_code == 422
    rival_client = ClientFactory(agency=rival.agency)
    assert post({"client": rival_client.pk}).status_code == 404
    assert not Claim.objects.exists()

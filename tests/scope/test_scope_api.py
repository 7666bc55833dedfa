"""Requests, decisions, the client's choice and the register through the JSON API."""

from __future__ import annotations

from datetime import date

import pytest

from retainer.agreements.models import Deliverable
from tests.factories import AgreementFactory, ClientFactory, ContactFactory, DeliverableFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(team):
    client = ClientFactory(agency=team.agency, language="en")
    agreement = AgreementFactory(client=client)
    landing = DeliverableFactory(agreement=agreement, title="Landing page",
                                 planned_due=date(2026, 12, 11))
    return client, agreement, landing, ContactFactory(client=client, name="Kate")


def post(http, url, body):
    return http.post(url, body, content_type="application/json")


def test_request_decision_choice_and_register(team, deal, as_user):
    client, agreement, landing, kate = deal
    http = as_user(team.masha)
    created = post(http, "/api/requests", {"client": client.pk, "deliverable": landing.pk,
                                           "kind": "change", "title": "Hero video",
                                           "estimate_min": 600})
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    assert created.json()["agreement_id"] == agreement.pk  # the current agreement by default

    decided = post(http, f"/api/requests/{request_id}/decision", {})
    assert decided.status_code == 201
    decision = decided.json()
    assert decision["outcome"] == "choice" and decision["price"] == "30000.00"
    assert decision["shift_days"] == 2  # 600 min ÷ 360 min a day, rounded up
    assert [reason["rule"] for reason in decision["reasons"]][:2] == ["scope.change",
                                                                       "scope.over_threshold"]
    assert "Pay for the work" in decision["reply"]

    again = post(http, f"/api/requests/{request_id}/decision", {})
    assert again.status_code == 409 and "Masha" in again.json()["detail"]

    bad = post(http, f"/api/requests/{request_id}/decision/answer", {"answer": "maybe",
                                                                     "agreed_by": kate.pk})
    assert bad.status_code == 422
    answered = post(http, f"/api/requests/{request_id}/decision/answer",
                    {"answer": "shift", "agreed_by": kate.pk})
    assert answered.status_code == 200 and answered.json()["answer"] == "shift"
    assert Deliverable.objects.get(pk=landing.pk).planned_due == date(2026, 12, 15)

    register = http.get(f"/api/agreements/{agreement.pk}/register").json()
    assert register["count"] == 1
    entry = register["items"][0]
    assert entry["kind"] == "deadline" and entry["agreed_by_id"] == kate.pk
    assert entry["request_id"] == request_id

    listed = http.get("/api/requests", {"client": client.pk, "state": "choice"}).json()
    assert [item["id"] for item in listed["items"]] == [request_id]
    assert listed["items"][0]["decision"]["answer"] == "shift"


def test_override_over_the_api_needs_a_reason(team, deal, as_user):
    client, _agreement, _landing, _kate = deal
    http = as_user(team.masha)
    request_id = post(http, "/api/requests", {"client": client.pk, "title": "Extra banner",
                                              "estimate_min": 30}).json()["id"]
    assert post(http, f"/api/requests/{request_id}/decision/override",
                {"outcome": "choice", "reason": "x"}).status_code == 409  # not decided yet
    assert post(http, f"/api/requests/{request_id}/decision", {}).json()["outcome"] == "bonus"
    short = post(http, f"/api/requests/{request_id}/decision/override",
                 {"outcome": "choice", "reason": "no"})
    assert short.status_code == 422
    done = post(http, f"/api/requests/{request_id}/decision/override",
                {"outcome": "choice", "reason": "The client asked for an invoice instead"})
    assert done.status_code == 200
    assert done.json()["outcome"] == "choice" and done.json()["computed_outcome"] == "bonus"


def test_another_agencys_requests_are_not_found(team, rival, deal, as_user):
    client, agreement, _landing, _kate = deal
    request_id = post(as_user(team.masha), "/api/requests",
                      {"client": client.pk, "title": "Banner", "estimate_min": 30}).json()["id"]
    stranger = as_user(rival.masha)
    assert stranger.get(f"/api/requests/{request_id}").status_code == 404
    assert post(stranger, f"/api/requests/{request_id}/decision", {}).status_code == 404
    assert stranger.get(f"/api/agreements/{agreement.pk}/register").status_code == 404
    assert post(stranger, "/api/requests", {"client": client.pk, "title": "x",
                                            "estimate_min": 1}).status_code == 404

"""Client health over the API: the month's scores with filters, a client's scorecard with
its parts, figures and trend, the managers' averages, and the owner's refresh."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from retainer.accounts.services import token_issue
from retainer.health.metrics import previous_month
from retainer.health.models import HealthScore
from tests.factories import ClientFactory, ConflictCaseFactory, HealthScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(member, method, path, body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=member)}"}
        if method == "GET":
            return client.get(path, body or {}, **headers)
        return client.generic(method, path, data=json.dumps(body or {}),
                              content_type="application/json", **headers)

    return call


def this_month():
    return timezone.localdate().replace(day=1)


def test_the_list_filters_and_orders_the_weakest_first(team, api):
    month = this_month()
    red = HealthScoreFactory(client__agency=team.agency, client__account_manager=team.masha.user,
                             month=month, score=15, band="red", weakest="honesty")
    green = HealthScoreFactory(client__agency=team.agency, month=month, score=85, band="green")
    HealthScoreFactory(client__agency=team.agency, month=previous_month(month), score=30,
                       band="red")
    body = api(team.petro, "GET", "/api/health").json()
    assert [item["id"] for item in body["items"]] == [red.pk, green.pk]
    assert body["items"][0]["client_name"] == red.client.name
    assert body["items"][0]["weakest"] == "honesty"
    only = api(team.petro, "GET", "/api/health", {"band": "red"}).json()
    assert [item["id"] for item in only["items"]] == [red.pk]
    mine = api(team.petro, "GET", "/api/health", {"manager": team.masha.user.pk}).json()
    assert mine["count"] == 1
    earlier = api(team.petro, "GET", "/api/health",
                  {"month": previous_month(month).isoformat()}).json()
    assert earlier["count"] == 1


def test_a_clients_health_has_its_parts_figures_and_trend(team, api):
    client = ClientFactory(agency=team.agency, stage="storm")
    ConflictCaseFactory(client=client, opened_at=timezone.now() - timedelta(days=10))
    HealthScoreFactory(client=client, month=previous_month(this_month()), score=64)
    response = api(team.petro, "GET", f"/api/health/clients/{client.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [part["component"] for part in body["parts"]] == [
        "empathy", "personalization", "honesty", "expectations", "difficulties", "balance"]
    assert sum(part["contribution"] for part in body["parts"]) == body["score"]
    difficulties = body["parts"][4]
    assert difficulties["weight"] == 30 and difficulties["measured"]
    resolution = difficulties["figures"][1]
    assert resolution["key"] == "resolution" and resolution["score"] == 0
    assert resolution["values"]["overdue"] == "1" and resolution["text"]
    assert body["weakest"] == "difficulties" and body["pulled_down"]
    assert [point["score"] for point in body["trend"]] == [64]
    assert body["open_task_id"] is None


def test_the_managers_scorecard(team, api):
    month = this_month()
    for score in (30, 70):
        HealthScoreFactory(client__agency=team.agency, client__account_manager=team.masha.user,
                           month=month, score=score, honesty=score,
                           band="red" if score < 40 else "green")
    (row,) = api(team.olena, "GET", "/api/health/managers").json()["items"]
    assert row["manager_id"] == team.masha.user.pk
    assert (row["clients"], row["red"], row["health"], row["honesty"]) == (2, 1, 50, 50)
    assert row["month"] == month.isoformat()


def test_the_owner_refreshes_and_bad_input_writes_nothing(team, api):
    ClientFactory(agency=team.agency)
    response = api(team.olena, "POST", "/api/health/refresh", {"months": 2})
    assert response.status_code == 201 and response.json() == {"months": 2, "scores": 2}
    assert api(team.olena, "POST", "/api/health/refresh", {"months": 0}).status_code == 422
    assert api(team.masha, "POST", "/api/health/refresh").status_code == 403
    assert HealthScore.objects.count() == 2


def test_nothing_scored_yet_is_an_empty_list(team, api):
    assert api(team.masha, "GET", "/api/health").json() == {"items": [], "count": 0}
    assert api(team.masha, "GET", "/api/health/managers").json() == {"items": [], "count": 0}

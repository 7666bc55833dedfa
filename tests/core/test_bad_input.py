"""Bad input gets a clear error in the user's language and writes nothing: a negative hourly
rate, an end date before the start, an unknown language code, a 10 MB text."""

from __future__ import annotations

import json

import pytest

from retainer.accounts.services import token_issue
from retainer.agreements.models import Agreement
from retainer.clients.models import Client
from retainer.conversations.models import Interaction

pytestmark = pytest.mark.django_db

AGREEMENT = {
    "title": "Сопровождение", "kind": "project", "status": "active", "starts_on": "2026-03-01",
    "response_target_hours": "4", "revision_rounds": "2", "free_change_threshold_min": "60",
    "monthly_free_budget_min": "180", "hourly_rate": "3000", "daily_capacity_hours": "6",
    "period_months": "1", "carry_over": "none",
}


@pytest.fixture
def ru(as_user, team):
    http = as_user(team.masha)
    http.cookies["django_language"] = "ru"
    return http


@pytest.fixture
def api(client, team):
    token = token_issue(membership=team.masha)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "uk"}

    def call(method, url, body):
        return client.generic(method, url, data=json.dumps(body),
                              content_type="application/json", **headers)

    return call


def test_negative_hourly_rate_on_the_page(ru, world):
    before = Agreement.objects.count()
    response = ru.post(f"/clients/{world.client.pk}/agreements/new/",
                       AGREEMENT | {"hourly_rate": "-10"})
    assert response.status_code == 200
    assert "больше либо равно 0" in response.content.decode()
    assert Agreement.objects.count() == before


def test_end_before_start_on_the_page(ru, world):
    before = Agreement.objects.count()
    response = ru.post(f"/clients/{world.client.pk}/agreements/new/",
                       AGREEMENT | {"ends_on": "2026-02-01"})
    assert response.status_code == 200
    assert "Дата окончания не может быть раньше даты начала" in response.content.decode()
    assert Agreement.objects.count() == before


def test_unknown_language_on_the_page(ru):
    before = Client.objects.count()
    response = ru.post("/clients/new/", {"name": "Новый", "language": "de", "expertise": "novice",
                                          "segment": "startup", "acquisition_channel": "referral",
                                          "acquisition_cost": "0", "expected_annual_value": "0",
                                          "stage": "courtship"})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert Client.objects.count() == before


def test_ten_megabyte_text_on_the_page(ru, world):
    before = Interaction.objects.count()
    response = ru.post(f"/clients/{world.client.pk}/interactions/new/",
                       {"channel": "email", "direction": "in", "occurred_at": "2026-03-01T10:00",
                        "text": "я" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert "слишком велики" in response.content.decode()
    assert Interaction.objects.count() == before


def test_negative_hourly_rate_in_the_api(api, world):
    before = Agreement.objects.count()
    response = api("POST", "/api/agreements",
                   {"client": world.client.pk, "title": "x", "starts_on": "2026-03-01",
                    "hourly_rate": "-1"})
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(e["loc"][-1] == "hourly_rate" and "більше чи дорівнює 0" in e["msg"]
               for e in errors), errors
    assert Agreement.objects.count() == before


def test_end_before_start_in_the_api(api, world):
    response = api("PATCH", f"/api/agreements/{world.agreement.pk}",
                   {"ends_on": "2000-01-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "ends_on"
    world.agreement.refresh_from_db()
    assert world.agreement.ends_on is None


def test_unknown_language_in_the_api(api):
    before = Client.objects.count()
    response = api("POST", "/api/clients", {"name": "New", "language": "xx"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "language"
    assert Client.objects.count() == before


def test_ten_megabyte_text_in_the_api(api, world):
    before = Interaction.objects.count()
    response = api("POST", "/api/interactions",
                   {"client": world.client.pk, "channel": "email", "direction": "in",
                    "occurred_at": "2026-03-01T10:00:00+03:00", "text": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert "завеликі" in response.json()["detail"]
    assert Interaction.objects.count() == before


def test_text_just_over_the_field_limit(api, world):
    response = api("POST", "/api/interactions",
                   {"client": world.client.pk, "channel": "email", "direction": "in",
                    "occurred_at": "2026-03-01T10:00:00+03:00", "text": "x" * 20_001})
    assert response.status_code == 422

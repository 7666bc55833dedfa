"""GET /api/reports/clients/{id}: the monthly report as JSON, its weak spots as code, figures
and the sentence the client reads."""

from __future__ import annotations

import pytest

from retainer.accounts.services import token_issue
from tests.reports.conftest import make_march

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(team, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.petro)}"}
    return lambda url: client.get(url, **headers)


def test_the_report_as_json(team, api):
    march = make_march(team, name="Acme Ltd", language="en")
    response = api(f"/api/reports/clients/{march.client.pk}?month=2026-03")
    assert response.status_code == 200
    body = response.json()
    assert (body["month"], body["language"], body["running"], body["before_client"]) == (
        "2026-03", "en", False, False)
    assert body["delivery"]["planned"] == 3 and body["delivery"]["not_delivered"] == 1
    assert body["replies"] == {"messages": 3, "answered": 2, "median_minutes": 120,
                               "worst_minutes": 1020, "target_minutes": 240, "breaches": 2,
                               "unanswered_breaches": 1}
    ctr = next(kpi for kpi in body["kpis"] if kpi["name"] == "CTR")
    assert ctr["missed"] and ctr["actual"] == "1.200"
    [entry] = body["register_entries"]
    assert entry["subject"] == "Новый размер баннера" and entry["communicated"]
    assert body["requests"]["paid"] == 1 and body["founded_claims"] == 1
    landing = body["weak_spots"][1]
    assert landing == {
        "code": "deliverable_late",
        "params": {"title": "Лендинг", "due": "2026-03-25", "done": "", "days_late": 7},
        "text": "“Лендинг”, due 2026-03-25, was not delivered on time: 7 days overdue."}
    paid = next(spot for spot in body["weak_spots"] if spot["code"] == "requests_paid")
    assert paid["text"] == "1 request beyond the agreement cost you RUB12,000.00 extra."


def test_the_previous_month_by_default_and_a_bad_month_is_422(team, api):
    march = make_march(team)
    response = api(f"/api/reports/clients/{march.client.pk}")
    assert response.status_code == 200 and response.json()["month"] == "2026-11"
    refused = api(f"/api/reports/clients/{march.client.pk}?month=2026-3")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "month"


def test_a_client_of_another_agency_is_404(rival, team, client):
    march = make_march(team)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=rival.olena)}"}
    assert client.get(f"/api/reports/clients/{march.client.pk}", **headers).status_code == 404

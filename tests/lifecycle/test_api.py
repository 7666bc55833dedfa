"""The lifecycle over the API: the same services as the pages, the same refusals."""

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from retainer.accounts.services import token_issue
from retainer.clients.models import Stage
from retainer.lifecycle.models import StageChange, StageSuggestion
from retainer.lifecycle.services import lifecycle_refresh
from tests.factories import AgreementFactory, ClientFactory, InteractionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(team, client):
    def call(method, url, membership=None, **body):
        token = token_issue(membership=membership or team.masha)
        return client.generic(method, f"/api/lifecycle{url}", data=json.dumps(body),
                              content_type="application/json",
                              HTTP_AUTHORIZATION=f"Bearer {token}")
    return call


@pytest.fixture
def suggested(team):
    client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
    AgreementFactory(client=client, starts_on=timezone.localdate() - timedelta(days=20))
    lifecycle_refresh(agency=team.agency, now=timezone.now())
    return client, StageSuggestion.objects.get(client=client)


def test_the_clients_lifecycle(api, suggested):
    client, suggestion = suggested
    body = api("GET", f"/clients/{client.pk}").json()
    assert body["stage"] == "courtship" and body["trust"] == "calculated"
    assert body["history"] == [] and body["since"] is None
    pending = body["pending"]
    assert pending["id"] == suggestion.pk and pending["stage"] == "honeymoon"
    assert pending["reason_code"] == "lifecycle.agreement_signed"
    assert pending["reason"].startswith("The agreement started on")
    assert body["contact_due_on"] is None


def test_accept_then_the_history_and_the_next_suggestion(api, suggested):
    client, suggestion = suggested
    response = api("POST", f"/suggestions/{suggestion.pk}/accept", note="Поехали")
    assert response.status_code == 201
    change = response.json()
    assert (change["from_stage"], change["to_stage"], change["suggestion_id"],
            change["reason"]) == ("courtship", "honeymoon", suggestion.pk, "Поехали")
    body = api("GET", f"/clients/{client.pk}").json()
    assert body["stage"] == "honeymoon" and body["since"] == change["effective_on"]
    assert [c["id"] for c in body["history"]] == [change["id"]]
    again = api("POST", f"/suggestions/{suggestion.pk}/accept")
    assert again.status_code == 422


def test_reject_keeps_the_stage(api, suggested):
    client, suggestion = suggested
    response = api("POST", f"/suggestions/{suggestion.pk}/reject")
    assert response.status_code == 200
    assert response.json()["accepted"] is False
    client.refresh_from_db()
    assert client.stage == Stage.COURTSHIP


def test_a_specialist_is_refused(api, team, suggested):
    _client, suggestion = suggested
    response = api("POST", f"/suggestions/{suggestion.pk}/accept", membership=team.petro)
    assert response.status_code == 403
    assert StageSuggestion.objects.get(pk=suggestion.pk).is_pending


@pytest.mark.parametrize("body", [
    {"stage": "friendship", "reason": "x"},
    {"stage": "storm", "reason": ""},
    {"stage": "storm"},
    {"stage": "storm", "reason": "x", "effective_on": "2026-13-40"},
])
def test_setting_a_stage_with_bad_input_is_a_422_and_writes_nothing(api, suggested, body):
    client, _suggestion = suggested
    assert api("POST", f"/clients/{client.pk}/stage", **body).status_code == 422
    assert not StageChange.objects.exists()


def test_setting_a_stage(api, suggested):
    client, suggestion = suggested
    response = api("POST", f"/clients/{client.pk}/stage", stage="storm", reason="Жалоба")
    assert response.status_code == 201 and response.json()["suggestion_id"] is None
    assert not StageSuggestion.objects.filter(pk=suggestion.pk).exists()


def test_the_lists(api, team, suggested):
    quiet = ClientFactory(agency=team.agency, stage=Stage.ENDED,
                          account_manager=team.olena.user)
    InteractionFactory(client=quiet, occurred_at=timezone.now() - timedelta(days=50))
    suggestions = api("GET", "/suggestions").json()
    assert suggestions["count"] == 1 and suggestions["items"][0]["stage"] == "honeymoon"
    assert api("GET", f"/suggestions?manager={team.olena.user.pk}").json()["count"] == 0
    due = api("GET", "/keep-in-touch").json()
    assert [item["client_id"] for item in due["items"]] == [quiet.pk]
    last = timezone.localdate(timezone.now() - timedelta(days=50), ZoneInfo("Europe/Moscow"))
    assert due["items"][0] | {"name": ""} == {
        "client_id": quiet.pk, "name": "", "stage": "ended",
        "account_manager_id": team.olena.user.pk, "last_contact_on": last.isoformat(),
        "contact_due_on": (last + timedelta(days=30)).isoformat()}
    assert api("GET", f"/keep-in-touch?manager={team.masha.user.pk}").json()["count"] == 0

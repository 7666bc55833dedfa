"""Statuses and retrospectives through the JSON API: the same rules and messages as the
pages, bad input refused (422) with nothing written, and what is missed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from retainer.accounts.services import token_issue
from retainer.agreements.models import DeliverableStatus
from retainer.touchpoints.models import Touchpoint
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    DeliverableFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def api(client, team):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.petro)}",
               "HTTP_ACCEPT_LANGUAGE": "en"}

    def call(method, url, body=None):
        if method == "GET":
            return client.get(url, body or {}, **headers)
        return client.generic(method, url, data=json.dumps(body or {}, default=str),
                              content_type="application/json", **headers)

    return call


@pytest.fixture
def alfa(team):
    client = ClientFactory(agency=team.agency, name="Альфа", account_manager=team.masha.user)
    AgreementFactory(client=client, starts_on=ago(40))
    return client


@pytest.fixture
def milestone(alfa):
    return DeliverableFactory(agreement=alfa.agreements.get(), title="Лендинг",
                              status=DeliverableStatus.APPROVED, actual_done=ago(6))


def messages(response) -> list[str]:
    return [item["msg"] for item in response.json()["detail"]]


def test_a_status_and_a_retrospective_are_recorded_then_the_feedback_added(
        team, alfa, milestone, api):
    status = api("POST", "/api/touchpoints", {"client": alfa.pk, "held_on": ago(1),
                                               "notes": "Недельный статус",
                                               "feedback_requested": True})
    assert status.status_code == 201, status.content
    assert (status.json()["kind"], status.json()["held_by_id"]) == ("status", team.petro.user.pk)
    retro = api("POST", "/api/touchpoints", {
        "client": alfa.pk, "kind": "retrospective", "deliverable": milestone.pk,
        "held_on": ago(0), "notes": "Что получилось с лендингом"})
    assert retro.status_code == 201, retro.content
    assert retro.json()["deliverable_id"] == milestone.pk

    url = f"/api/touchpoints/{status.json()['id']}"
    patched = api("PATCH", url, {"feedback": "Спасибо, всё понятно"})
    assert patched.status_code == 200, patched.content
    assert patched.json()["feedback"] == "Спасибо, всё понятно"
    assert patched.json()["notes"] == "Недельный статус"
    assert api("GET", url).json()["feedback"] == "Спасибо, всё понятно"

    listed = api("GET", "/api/touchpoints", {"kind": "retrospective"}).json()
    assert [item["id"] for item in listed["items"]] == [retro.json()["id"]]
    assert api("GET", "/api/touchpoints", {"client": alfa.pk}).json()["count"] == 2


def test_refusals_say_why_and_write_nothing(team, alfa, milestone, api):
    TouchpointFactory(client=alfa, kind="retrospective", deliverable=milestone, held_on=ago(1))
    before = Touchpoint.objects.count()
    again = api("POST", "/api/touchpoints", {
        "client": alfa.pk, "kind": "retrospective", "deliverable": milestone.pk,
        "held_on": ago(0), "notes": "Ещё одно ретро"})
    assert again.status_code == 422
    assert messages(again) == ["This milestone already has its retrospective."]
    ahead = api("POST", "/api/touchpoints", {"client": alfa.pk, "notes": "Завтра",
                                              "held_on": ago(-2)})
    assert ahead.status_code == 422
    assert messages(ahead)[0].startswith("Record it once it has been held")
    blank = api("POST", "/api/touchpoints", {"client": alfa.pk, "notes": " ",
                                              "held_on": ago(0)})
    assert messages(blank) == ["Write what was discussed."]
    unknown = api("POST", "/api/touchpoints", {"client": alfa.pk, "kind": "party",
                                                "notes": "x", "held_on": ago(0)})
    assert unknown.status_code == 422
    assert Touchpoint.objects.count() == before


def test_what_is_missed(team, alfa, milestone, api):
    TouchpointFactory(client=alfa, held_on=ago(9))
    statuses = api("GET", "/api/touchpoints/missed/statuses").json()
    assert statuses["items"] == [{
        "client_id": alfa.pk, "client": "Альфа", "account_manager_id": team.masha.user.pk,
        "cadence_days": 7, "last_status_on": ago(9).isoformat(),
        "status_due_on": ago(2).isoformat()}]
    retrospectives = api("GET", "/api/touchpoints/missed/retrospectives").json()
    assert retrospectives["items"] == [{
        "deliverable_id": milestone.pk, "title": "Лендинг", "agreement_id": milestone.agreement_id,
        "client_id": alfa.pk, "client": "Альфа", "actual_done": ago(6).isoformat()}]
    ivans = api("GET", "/api/touchpoints/missed/statuses", {"manager": team.ivan.user.pk})
    assert ivans.json() == {"items": [], "count": 0}

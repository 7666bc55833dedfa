"""Conflict cases through the JSON API: the same order of steps, the same closing rule and the
same members-only hand-over as the pages, with bad input refused and nothing written."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from retainer.accounts.services import token_issue
from retainer.conflicts.models import ConflictCase, ConflictHandover, ConflictStep
from tests.factories import ClientFactory, ConflictCaseFactory, InteractionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, team):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.masha)}",
               "HTTP_ACCEPT_LANGUAGE": "en"}

    def call(method, url, body=None):
        if method == "GET":
            return client.get(url, body or {}, **headers)
        return client.generic(method, url, data=json.dumps(body or {}),
                              content_type="application/json", **headers)

    return call


@pytest.fixture
def alfa(team):
    return ClientFactory(agency=team.agency, account_manager=team.masha.user)


def messages(response) -> list[str]:
    return [item["msg"] for item in response.json()["detail"]]


def test_a_case_walks_its_steps_to_closing(team, alfa, api):
    message = InteractionFactory(client=alfa, text="Баннер не продаёт!!!", negativity=0.9)
    created = api("POST", "/api/conflicts", {
        "client": alfa.pk, "title": "Баннер", "nature": "emotion", "source": message.pk,
        "summary": "Ждут продаж от баннера; обещан CTR 1,5 %."})
    assert created.status_code == 201, created.content
    case = created.json()
    assert (case["manager_id"], case["source_id"], case["next_step"]) == (
        team.masha.user.pk, message.pk, "listen")
    url = f"/api/conflicts/{case['id']}"

    detail = api("GET", url).json()
    assert [s["id"] for s in detail["suggestions"]] == ["conflicts.pause"]
    assert detail["suggestions"][0]["figures"]["negativity"] == "0.9"
    assert detail["suggestions"][0]["due"] is not None

    out_of_order = api("POST", f"{url}/steps", {"step": "propose", "note": "Скидка"})
    assert out_of_order.status_code == 422
    assert messages(out_of_order) == ["The steps go in order: the next one is “listen and "
                                      "share the emotion”."]
    early_close = api("POST", f"{url}/close", {"solution": "Скидка"})
    assert early_close.status_code == 422
    for note in ["Выслушали", "Не оговорили продажи", "A/B-тест"]:
        assert api("POST", f"{url}/steps", {"note": note}).status_code == 201
    assert api("POST", f"{url}/close", {"solution": "  "}).status_code == 422
    closed = api("POST", f"{url}/close", {"solution": "Тест запущен"})
    assert closed.status_code == 200
    assert closed.json()["closed_at"] is not None and closed.json()["steps_done"] == 4

    detail = api("GET", url).json()
    assert [s["step"] for s in detail["steps"]] == ["listen", "analyse", "propose", "solve"]
    assert detail["steps"][-1]["note"] == "Тест запущен"
    assert detail["suggestions"] == []


def test_bad_steps_are_refused(team, alfa, api):
    case = ConflictCaseFactory(client=alfa)
    url = f"/api/conflicts/{case.pk}/steps"
    assert api("POST", url, {"step": "ignore", "note": "x"}).status_code == 422
    assert api("POST", url, {"note": ""}).status_code == 422
    future = (timezone.now() + timedelta(hours=2)).isoformat()
    assert api("POST", url, {"note": "Выслушали", "at": future}).status_code == 422
    assert not ConflictStep.objects.exists()


def test_a_case_is_handed_over_to_members_only(team, rival, alfa, api):
    case = ConflictCaseFactory(client=alfa)
    url = f"/api/conflicts/{case.pk}/handover"
    for member in [rival.olena.user.pk, 10**9]:
        response = api("POST", url, {"to_manager": member, "reason": "Нейтральный коллега"})
        assert response.status_code == 422
    assert not ConflictHandover.objects.exists()
    handed = api("POST", url, {"to_manager": team.ivan.user.pk, "reason": "Нейтральный"})
    assert handed.status_code == 201
    assert handed.json()["from_manager_id"] == team.masha.user.pk
    assert api("GET", f"/api/conflicts/{case.pk}").json()["manager_id"] == team.ivan.user.pk


def test_a_case_of_another_agencys_client_or_message_is_refused(team, rival, alfa, api):
    foreign = ClientFactory(agency=rival.agency)
    body = {"title": "Тон", "summary": "Суть"}
    assert api("POST", "/api/conflicts", body | {"client": foreign.pk}).status_code == 404
    foreign_message = InteractionFactory(client=foreign)
    assert api("POST", "/api/conflicts", body | {"client": alfa.pk,
                                                 "source": foreign_message.pk}
               ).status_code == 404
    other_client = InteractionFactory(client=ClientFactory(agency=team.agency))
    refused = api("POST", "/api/conflicts", body | {"client": alfa.pk,
                                                    "source": other_client.pk})
    assert refused.status_code == 422
    assert messages(refused) == ["The message belongs to another client."]
    assert not ConflictCase.objects.exists()


def test_the_list_filters_and_orders(team, alfa, api):
    now = timezone.now()
    young = ConflictCaseFactory(client=alfa, opened_at=now - timedelta(days=1))
    old = ConflictCaseFactory(client=alfa, opened_at=now - timedelta(days=8),
                              manager=team.ivan.user)
    closed = ConflictCaseFactory(client=alfa, opened_at=now - timedelta(days=30), steps_done=4,
                                 closed_at=now - timedelta(days=2), solution="Решено")
    other = ConflictCaseFactory(client=ClientFactory(agency=team.agency),
                                opened_at=now - timedelta(days=3))

    def ids(**query):
        return [item["id"] for item in api("GET", "/api/conflicts", query).json()["items"]]

    assert ids() == [old.pk, other.pk, young.pk, closed.pk]
    assert ids(state="open") == [old.pk, other.pk, young.pk]
    assert ids(state="closed") == [closed.pk]
    assert ids(manager=team.ivan.user.pk) == [old.pk]
    assert ids(client=alfa.pk, state="open") == [old.pk, young.pk]

"""The caller's notifications and preferences through the JSON API: only one's own, texts in
the caller's language, an unknown kind refused with nothing changed."""

from __future__ import annotations

import json

import pytest

from retainer.accounts.services import token_issue
from retainer.notifications.models import Notification, NotificationKind, NotificationPreference
from retainer.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, team):
    def call(method, url, body=None, member=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=member or team.masha)}",
                   "HTTP_ACCEPT_LANGUAGE": "en"}
        if method == "GET":
            return client.get(url, body or {}, **headers)
        return client.generic(method, url, data=json.dumps(body or {}),
                              content_type="application/json", **headers)

    return call


def told(team, user, subject: str, kind=NotificationKind.HEALTH_RED):
    return notify(agency=team.agency, user=user, kind=kind, subject_key=subject,
                  params={"client": "Альфа", "score": 30, "was": "", "weakest": "honesty"},
                  url="/clients/1/")


def test_the_list_is_mine_newest_first_with_the_text(team, api):
    first = told(team, team.masha.user, "client:1")
    second = told(team, team.masha.user, "client:2")
    told(team, team.olena.user, "client:1")
    items = api("GET", "/api/notifications").json()["items"]
    assert [item["id"] for item in items] == [second.pk, first.pk]
    assert items[0]["title"] == "Health is red: Альфа"
    assert items[0]["body"].endswith("The weakest part: honesty.")
    assert items[0]["read_at"] is None and items[0]["email_after"] is not None


def test_marking_read_some_or_all_of_mine(team, api):
    mine = [told(team, team.masha.user, f"client:{n}") for n in range(3)]
    others = told(team, team.olena.user, "client:0")
    response = api("POST", "/api/notifications/read", {"ids": [mine[0].pk, others.pk]})
    assert response.json() == {"read": 1}
    unread = api("GET", "/api/notifications", {"unread": "true"}).json()["items"]
    assert [item["id"] for item in unread] == [mine[2].pk, mine[1].pk]
    assert api("POST", "/api/notifications/read").json() == {"read": 2}
    assert api("GET", "/api/notifications", {"unread": "true"}).json()["count"] == 0
    assert Notification.objects.get(pk=others.pk).read_at is None


def test_preferences_read_and_change(team, api):
    before = api("GET", "/api/notifications/preferences").json()["items"]
    assert {item["kind"] for item in before} == set(NotificationKind.values)
    assert all(item["in_app"] and item["email"] for item in before)
    response = api("PATCH", "/api/notifications/preferences", {"items": [
        {"kind": "health_red", "email": False}, {"kind": "keep_in_touch", "in_app": False}]})
    assert response.status_code == 200
    after = {item["kind"]: (item["in_app"], item["email"]) for item in response.json()["items"]}
    assert after["health_red"] == (True, False)
    assert after["keep_in_touch"] == (False, True)
    assert after["burn_alert"] == (True, True)
    assert told(team, team.masha.user, "client:9").email_after is None
    other = api("GET", "/api/notifications/preferences", member=team.olena).json()["items"]
    assert all(item["in_app"] and item["email"] for item in other)


def test_an_unknown_kind_is_refused_and_nothing_changes(team, api):
    response = api("PATCH", "/api/notifications/preferences", {"items": [
        {"kind": "health_red", "email": False}, {"kind": "gossip", "email": False}]})
    assert response.status_code == 422
    assert "gossip" in response.json()["detail"][0]["msg"]
    assert not NotificationPreference.objects.exists()

"""Isolation: a member of another agency — even its owner, who may do everything at home —
gets 404 for this agency's objects on every page and API operation, sees none of them in
lists, and cannot create anything inside this agency."""

from __future__ import annotations

import pytest

from retainer.accounts.services import token_issue
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Interaction
from tests.endpoints import POST_ONLY, minimal_body, operations, pages, send

SECRET = "Тайный клиент Альфа"
# Writes to the caller's own notifications and preferences: they reference nothing of any
# agency's, so they succeed (200) for whoever calls them and only ever change the caller's.
ABOUT_ONESELF = {"read_notifications", "update_notification_preferences"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team, world):
    Client.objects.filter(pk=world.client.pk).update(name=SECRET, name_folded=SECRET.casefold())
    return world


def counts(agency):
    return (
        Client.objects.for_agency(agency).count(),
        Contact.objects.for_agency(agency).count(),
        Interaction.objects.for_agency(agency).count(),
    )


@pytest.mark.parametrize("page", [p for p in pages() if p.kwargs], ids=lambda p: p.name)
def test_pages_of_another_agency_are_not_found(page, team, rival, world, as_user):
    http = as_user(rival.olena)
    before = counts(team.agency)
    url = page.url(world.ids())
    assert http.get(url).status_code == (405 if page.name in POST_ONLY else 404)
    assert http.post(url, {"name": "x", "text": "x"}).status_code == 404
    assert counts(team.agency) == before


@pytest.mark.parametrize("page", [p for p in pages() if not p.kwargs], ids=lambda p: p.name)
def test_agency_wide_pages_show_only_own_data(page, team, rival, world, as_user):
    http = as_user(rival.olena)
    response = http.get(page.url({}))
    assert response.status_code == (405 if page.name in POST_ONLY else 200)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body.decode()


@pytest.fixture
def rival_token(rival):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=rival.olena)}"}


@pytest.mark.parametrize("op", operations(), ids=lambda o: o.operation_id)
def test_api_operations_never_reach_another_agency(op, team, rival, world, client, rival_token):
    ids = world.ids()
    before = counts(team.agency)
    url = op.url(ids)
    if op.method == "GET":
        response = client.get(url, **rival_token)
        if "{" in op.path:
            assert response.status_code == 404
        else:
            assert response.status_code == 200
            assert SECRET not in response.content.decode()
            # A list's rows; a summary (the dashboard) has none and was checked above.
            items = response.json().get("items", [])
            assert all(item.get("agency_id") is None for item in items)
    else:
        body = minimal_body(op, ids)
        response = send(client, op, url, body, **rival_token)
        references_world = "{" in op.path or any(
            key in body for key in ("client", "agreement", "contact", "deliverable")
        )
        if references_world:
            assert response.status_code == 404, response.content
        elif op.operation_id in ABOUT_ONESELF:
            assert response.status_code == 200, response.content
        else:
            assert response.status_code in (201, 422), response.content
    assert counts(team.agency) == before


def test_list_filters_by_a_foreign_client_leak_nothing(team, rival, world, client, rival_token):
    response = client.get(f"/api/interactions?client={world.client.pk}", **rival_token)
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_switching_to_an_agency_you_are_not_in_is_not_found(team, rival, as_user):
    http = as_user(rival.masha)
    response = http.post("/agency/switch/", {"agency": team.agency.pk})
    assert response.status_code == 404

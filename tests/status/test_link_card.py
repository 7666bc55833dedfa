"""The staff side: the agreement page's card that makes, shows once and revokes the client's
status link."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from retainer.status.models import StatusLink
from tests.status.conftest import make_chain

pytestmark = pytest.mark.django_db


def agreement_page(http, agreement) -> str:
    """The agreement page in English, so that the words looked for are the source strings."""
    response = http.get(f"/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def issue(http, agreement) -> str:
    response = http.post(f"/agreements/{agreement.pk}/status-link/issue/")
    assert response.status_code == 302
    assert response["Location"] == f"/agreements/{agreement.pk}/#status-link"
    page = agreement_page(http, agreement)
    base = re.escape(settings.RETAINER_BASE_URL.rstrip("/"))
    return re.search(rf'value="{base}(/s/[^"/]+/)"', page).group(1)


def test_a_manager_makes_a_link_that_is_shown_once(world, team, as_user, client):
    http = as_user(team.masha)
    assert "Client status page" in agreement_page(http, world.agreement)
    path = issue(http, world.agreement)
    link = StatusLink.objects.get(agreement=world.agreement)
    assert link.created_by == team.masha.user
    page = agreement_page(http, world.agreement)
    assert path not in page  # the token is not stored: it cannot be shown again
    assert "Revoke" in page
    client.logout()
    assert client.get(path).status_code == 200
    link.refresh_from_db()
    assert link.last_opened_at is not None
    assert "Not opened yet" not in agreement_page(as_user(team.masha), world.agreement)


def test_a_new_link_stops_the_old_one(world, team, as_user, client):
    http = as_user(team.masha)
    old = issue(http, world.agreement)
    new = issue(http, world.agreement)
    assert old != new
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_revoking_stops_the_link(world, team, as_user, client):
    http = as_user(team.masha)
    path = issue(http, world.agreement)
    response = http.post(f"/agreements/{world.agreement.pk}/status-link/revoke/")
    assert response.status_code == 302
    page = agreement_page(http, world.agreement)
    assert "Revoke" not in page
    client.logout()
    assert client.get(path).status_code == 404
    assert StatusLink.objects.get().revoked_at is not None


def test_a_link_shown_for_one_agreement_is_not_shown_on_another(world, team, as_user):
    other = make_chain(team)
    http = as_user(team.masha)
    http.post(f"/agreements/{world.agreement.pk}/status-link/issue/")
    assert "/s/" not in agreement_page(http, other.agreement)
    assert "/s/" in agreement_page(http, world.agreement)


def test_a_specialist_sees_the_card_without_the_buttons(world, team, as_user):
    http = as_user(team.petro)
    page = agreement_page(http, world.agreement)
    assert "Client status page" in page
    assert "status-link/issue/" not in page
    assert http.post(f"/agreements/{world.agreement.pk}/status-link/issue/").status_code == 403
    assert not StatusLink.objects.exists()


def test_the_card_shows_the_clients_ratings(team, as_user, client):
    chain = make_chain(team)
    client.post(f"/s/{chain.token}/rate/{chain.approved.pk}/", {"score": "4"})
    page = agreement_page(as_user(team.masha), chain.agreement)
    assert "The client rated 1 deliverable, 4.0 of 5 on average." in page

from __future__ import annotations

import pytest

from retainer.clients.models import Client
from tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db


def test_empty_state_invites_the_first_client(team, as_user):
    page = as_user(team.masha).get("/clients/").content.decode()
    assert "No clients yet." in page or "Клиентов пока нет" in page or "/clients/new/" in page


def test_search_is_case_insensitive_for_cyrillic(team, as_user):
    ClientFactory(agency=team.agency, name="Северный Берег")
    ClientFactory(agency=team.agency, name="Южный порт")
    page = as_user(team.masha).get("/clients/", {"q": "СЕВЕР"}).content.decode()
    assert "Северный Берег" in page
    assert "Южный порт" not in page


def test_filters_by_stage_and_manager(team, as_user):
    ClientFactory(agency=team.agency, name="Шторм", stage="storm", account_manager=team.masha.user)
    ClientFactory(agency=team.agency, name="Штиль", stage="storm", account_manager=team.ivan.user)
    ClientFactory(agency=team.agency, name="Медовый", stage="honeymoon",
                  account_manager=team.masha.user)
    http = as_user(team.masha)
    page = http.get("/clients/", {"stage": "storm", "manager": team.masha.user.pk}).content.decode()
    assert "Шторм" in page and "Штиль" not in page and "Медовый" not in page
    empty = http.get("/clients/", {"stage": "ended"}).content.decode()
    assert 'href="/clients/"' in empty  # the "clear the filters" way out


def test_pagination_and_the_htmx_fragment(team, as_user, settings):
    for i in range(30):
        ClientFactory(agency=team.agency, name=f"Клиент {i:02d}")
    http = as_user(team.masha)
    first = http.get("/clients/").content.decode()
    assert "Клиент 00" in first and "Клиент 29" not in first
    fragment = http.get("/clients/", {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert "Клиент 29" in fragment and "<html" not in fragment
    assert "Клиент 00" not in fragment
    beyond = http.get("/clients/", {"page": 99}).content.decode()
    assert "Клиент 29" in beyond  # the last page, not an error


def test_create_and_edit_a_client(team, as_user):
    http = as_user(team.masha)
    response = http.post("/clients/new/", {
        "name": "ТОВ «Світанок»", "language": "uk", "expertise": "novice",
        "segment": "startup", "acquisition_channel": "referral", "acquisition_cost": "0",
        "expected_annual_value": "1200000", "stage": "sale", "account_manager": team.masha.user.pk,
    })
    client = Client.objects.get(name="ТОВ «Світанок»")
    assert response.status_code == 302 and response["Location"] == f"/clients/{client.pk}/"
    assert client.agency == team.agency
    response = http.post(f"/clients/{client.pk}/edit/", {
        "name": "ТОВ «Світанок»", "language": "uk", "expertise": "knowledgeable",
        "segment": "startup", "acquisition_channel": "referral", "acquisition_cost": "0",
        "expected_annual_value": "1200000", "stage": "honeymoon",
    })
    client.refresh_from_db()
    # The stage moves only through the lifecycle, with a reason; the edit keeps it.
    assert (client.stage, client.expertise) == ("sale", "knowledgeable")


def test_account_manager_must_be_a_member_of_the_agency(team, rival, as_user):
    response = as_user(team.masha).post("/clients/new/", {
        "name": "X", "language": "ru", "expertise": "novice", "segment": "startup",
        "acquisition_channel": "referral", "acquisition_cost": "0",
        "expected_annual_value": "0", "stage": "sale", "account_manager": rival.olena.user.pk,
    })
    assert response.status_code == 200
    assert not Client.objects.filter(name="X").exists()


def test_client_page_shows_contacts_with_motivation(team, world, as_user):
    ContactFactory(client=world.client, name="Ирина Соколова", position="CMO",
                   motivation="Отчитывается перед собственником по лидам")
    page = as_user(team.petro).get(f"/clients/{world.client.pk}/").content.decode()
    assert "Ирина Соколова" in page and "Отчитывается перед собственником" in page

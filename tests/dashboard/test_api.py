"""The dashboard over the API: the same figures as the page, mine or all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from retainer.accounts.services import token_issue
from tests.factories import ConflictCaseFactory

pytestmark = pytest.mark.django_db


def get(client, membership, query=""):
    token = token_issue(membership=membership)
    return client.get(f"/api/dashboard{query}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_owner_gets_the_whole_agency_with_its_managers(team, live_portfolio, client):
    body = get(client, team.olena).json()
    assert body["who"] == "all" and body["manager_id"] is None and body["clients"] == 7
    assert (body["health"]["red"], body["health"]["amber"], body["health"]["green"]) == (2, 1, 2)
    assert body["breaches"]["this_month"] == 3
    assert Decimal(body["concessions"]["this_month"]) == 12000
    assert Decimal(body["concessions"]["acquisition_cost"]) == 1050000
    assert [row["stage"] for row in body["stages"]][:3] == ["courtship", "sale", "honeymoon"]
    assert (body["burn"]["past_first"], body["burn"]["past_second"]) == (2, 1)
    assert {row["name"]: row["red"] for row in body["managers"]} == {"Masha": 2, "Ivan": 0}
    assert len(body["health"]["trend"]) == 12 and len(body["breaches"]["months"]) == 12


def test_a_manager_gets_their_own_clients_unless_asking_for_all(team, live_portfolio, client):
    mine = get(client, team.masha).json()
    assert mine["who"] == "mine" and mine["manager_id"] == team.masha.user.pk
    assert mine["clients"] == 6 and mine["breaches"]["this_month"] == 2
    assert mine["managers"] == []
    everything = get(client, team.masha, "?who=all").json()
    assert everything["clients"] == 7 and everything["managers"] == []  # the owner's numbers


def test_the_attention_sections_name_the_client(team, live_portfolio, client):
    alfa = live_portfolio.clients["alfa"]
    case = ConflictCaseFactory(client=alfa, title="Баннер не продаёт")
    sections = {s["name"]: s for s in get(client, team.olena).json()["attention"]}
    assert sections["conflicts"]["count"] == 1
    assert sections["conflicts"]["first"] == [{"id": case.pk, "client_id": alfa.pk,
                                               "client": "Альфа",
                                               "summary": "Баннер не продаёт"}]


def test_an_unknown_who_is_refused(team, client):
    response = get(client, team.olena, "?who=everyone")
    assert response.status_code == 422

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from retainer.accounts.models import Membership
from tests.conftest import make_team

pytestmark = pytest.mark.django_db


def test_create_api_token_prints_a_token_that_acts_in_the_agency(team, world, client):
    out = io.StringIO()
    call_command("create_api_token", team.masha.user.email, stdout=out, stderr=io.StringIO())
    token = out.getvalue().strip()
    response = client.get("/api/clients", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["items"]] == [world.client.pk]
    assert client.get("/api/clients", HTTP_AUTHORIZATION="Bearer rt_nope").status_code == 401


def test_a_user_of_two_agencies_names_one(team):
    other = make_team("Третье агентство", "third.example")
    Membership.objects.create(user=team.masha.user, agency=other.agency, role="specialist")
    with pytest.raises(CommandError, match="several agencies"):
        call_command("create_api_token", team.masha.user.email, stdout=io.StringIO())
    out = io.StringIO()
    call_command("create_api_token", team.masha.user.email, "--agency", "Третье агентство",
                 stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("rt_")


def test_switching_agencies_changes_what_you_see(team, rival, world, as_user):
    Membership.objects.create(user=team.masha.user, agency=rival.agency, role="owner")
    http = as_user(team.masha)
    assert world.client.name in http.get("/clients/").content.decode()
    http.post("/agency/switch/", {"agency": rival.agency.pk, "next": "/clients/"})
    assert world.client.name not in http.get("/clients/").content.decode()


def test_the_owner_adds_a_member_and_keeps_one_owner(team, as_user):
    http = as_user(team.olena)
    http.post("/agency/members/", {"email": "new@veter.example", "full_name": "Новенький",
                                   "role": "specialist", "password": "a-long-password-1"})
    assert Membership.objects.filter(user__email="new@veter.example", role="specialist").exists()
    response = http.post("/agency/members/", {"email": team.olena.user.email, "role": "sales"})
    assert response.status_code == 200
    team.olena.refresh_from_db()
    assert team.olena.role == "owner"


def test_api_patch_changes_only_what_is_sent(team, world, client):
    out = io.StringIO()
    call_command("create_api_token", team.masha.user.email, stdout=out, stderr=io.StringIO())
    headers = {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}
    response = client.patch(f"/api/clients/{world.client.pk}",
                            data=json.dumps({"industry": "Ритейл"}),
                            content_type="application/json", **headers)
    assert response.status_code == 200, response.content
    world.client.refresh_from_db()
    assert world.client.industry == "Ритейл" and world.client.language == "ru"


def test_api_patch_refuses_a_stage_without_the_lifecycle(team, world, client):
    out = io.StringIO()
    call_command("create_api_token", team.masha.user.email, stdout=out, stderr=io.StringIO())
    headers = {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}
    before = world.client.stage
    response = client.patch(f"/api/clients/{world.client.pk}", data=json.dumps({"stage": "storm"}),
                            content_type="application/json", **headers)
    assert response.status_code == 422 and "lifecycle" in str(response.json()["detail"])
    world.client.refresh_from_db()
    assert world.client.stage == before

"""Unhappy clients over the API: assess, read, plan, work the steps, print the letter; bad
input answers 422 and writes nothing, another agency's objects are not found."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from retainer.accounts.services import token_issue
from retainer.recovery.models import RecoveryPlan, RecoveryStep
from tests.recovery.conftest import ANGRY, DISAPPOINTED, unhappy_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, team):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.masha)}",
               "HTTP_ACCEPT_LANGUAGE": "en"}

    def call(method: str, url: str, body: dict | None = None):
        return client.generic(method, f"/api/unhappy{url}", data=json.dumps(body or {}),
                              content_type="application/json", **headers)

    return call


@pytest.fixture
def angry(team):
    return unhappy_client(team, ANGRY, "ООО «Гнев»", when=timezone.now() - timedelta(hours=1))


def test_assess_read_and_list(api, team, angry):
    assert api("GET", f"/{angry.pk}").status_code == 404  # not assessed yet
    assessed = api("POST", f"/{angry.pk}/assess").json()
    assert assessed["group"] == "A" and assessed["client_id"] == angry.pk
    signals = {part["signal"]: part for part in assessed["contributions"]}
    assert signals["threat"]["observed"] == "yes" and Decimal(signals["threat"]["points"]) == 30
    assert api("GET", f"/{angry.pk}").json()["score"] == assessed["score"]
    calm = unhappy_client(team, DISAPPOINTED, "ООО «Скидка»",
                          when=timezone.now() - timedelta(hours=1))
    api("POST", f"/{calm.pk}/assess")
    listed = api("GET", "?group=A").json()
    assert [row["client_name"] for row in listed["items"]] == ["ООО «Гнев»"]
    assert listed["items"][0]["planned"] is False


def test_a_plan_and_its_steps(api, team, angry):
    created = api("POST", f"/{angry.pk}/plan", {"faulty_work_min": 480, "our_fault": True})
    assert created.status_code == 201
    plan = created.json()
    assert plan["strategies"] == ["soften_the_blow"] and plan["group"] == "A"
    assert [s["action"] for s in plan["steps"]] == ["apology_letter", "redo_at_our_cost",
                                                    "admit_fault_in_writing",
                                                    "neutral_colleague"]
    step_id = plan["steps"][3]["id"]
    patched = api("PATCH", f"/steps/{step_id}", {"owner": team.olena.user.pk, "done": True,
                                                  "due_on": "2026-12-24"})
    assert patched.status_code == 200, patched.content
    step = RecoveryStep.objects.get(pk=step_id)
    assert (step.owner, step.done_by, str(step.due_on)) == (team.olena.user, team.masha.user,
                                                            "2026-12-24")
    assert api("GET", f"/{angry.pk}/plan").json()["id"] == plan["id"]


def test_bad_step_changes_are_refused_and_nothing_is_written(api, team, rival, angry):
    plan = api("POST", f"/{angry.pk}/plan").json()
    step_id = plan["steps"][0]["id"]
    refused = api("PATCH", f"/steps/{step_id}", {"cost": "-1", "done": True})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "cost"
    foreign = api("PATCH", f"/steps/{step_id}", {"owner": rival.olena.user.pk})
    assert foreign.status_code == 422
    step = RecoveryStep.objects.get(pk=step_id)
    assert step.cost == Decimal("3000.00") and step.done_at is None
    assert step.owner == team.masha.user


def test_no_plan_for_a_content_client_and_none_for_another_agency(api, team, rival, client):
    from tests.factories import ClientFactory

    content = ClientFactory(agency=team.agency)
    refused = api("POST", f"/{content.pk}/plan")
    assert refused.status_code == 422 and "nothing to recover" in refused.json()["detail"][0]["msg"]
    assert api("GET", f"/{content.pk}/plan").status_code == 404
    other = ClientFactory(agency=rival.agency)
    assert api("POST", f"/{other.pk}/plan").status_code == 404
    assert api("POST", f"/{other.pk}/assess").status_code == 404
    assert not RecoveryPlan.objects.exists()


def test_the_letter_is_a_pdf(api, angry):
    api("POST", f"/{angry.pk}/plan")
    response = api("GET", f"/{angry.pk}/letter")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

"""Only sales and owners decide whether a prospect is interesting (BRIEF C10, article 001):
Masha (account manager) and Petro (designer) get a clear refusal in their language, on the
page and in the API, and nothing is written; Ivan (sales) and Olena (owner) decide, turning
a prospect down takes a reason, and a changed decision keeps the earlier one in the
history."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from retainer.accounts.services import token_issue
from retainer.prospects.models import Prospect
from retainer.prospects.selectors import prospect_decisions
from retainer.prospects.services import prospect_create, prospect_decide
from tests.factories import ProspectFactory

pytestmark = pytest.mark.django_db

REFUSALS = {
    "uk": "Ваша роль не дає такого права: фіксація рішень щодо потенційних клієнтів.",
    "ru": "Ваша роль не даёт такого права: фиксация решений по потенциальным клиентам.",
}


@pytest.fixture
def prospect(team):
    return prospect_create(agency=team.agency, user=team.ivan.user, data={
        "company": "ТОВ «Смачна Полиця»", "language": "uk", "segment": "small_business",
        "budget": 900_000, "industry": "retail"})


def written(prospect):
    row = Prospect.objects.get(pk=prospect.pk)
    return row.decision, row.decided_by_id, row.history.count()


@pytest.mark.parametrize("persona", ["masha", "petro"])
@pytest.mark.parametrize("language", ["uk", "ru"])
def test_the_page_refuses_account_managers_and_specialists_in_their_language(
        team, prospect, as_user, persona, language):
    http = as_user(getattr(team, persona))
    before = written(prospect)
    response = http.post(reverse("prospect_decide", kwargs={"prospect_id": prospect.pk}),
                         {"decision": "interesting"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert REFUSALS[language] in response.content.decode()
    assert written(prospect) == before


@pytest.mark.parametrize("persona", ["masha", "petro"])
def test_the_api_refuses_them_with_a_403_and_writes_nothing(team, prospect, client, persona):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=getattr(team, persona))}",
               "HTTP_ACCEPT_LANGUAGE": "uk"}
    before = written(prospect)
    response = client.post(f"/api/prospects/{prospect.pk}/decision", content_type="application/json",
                           data=json.dumps({"decision": "not_interesting", "reason": "ні"}),
                           **headers)
    assert response.status_code == 403
    assert response.json() == {"detail": REFUSALS["uk"]}
    assert written(prospect) == before


def test_the_service_itself_refuses_anyone_but_sales_and_owners(team, prospect, rival):
    for membership in (team.masha, team.petro, rival.ivan, None):
        with pytest.raises(PermissionDenied):
            prospect_decide(prospect=prospect, decision="interesting", membership=membership)
    assert written(prospect)[0] == ""


def test_the_detail_page_offers_the_decision_only_to_sales_and_owners(team, prospect, as_user):
    url = reverse("prospect_detail", kwargs={"prospect_id": prospect.pk})
    action = reverse("prospect_decide", kwargs={"prospect_id": prospect.pk})
    assert action not in as_user(team.masha).get(url).content.decode()
    assert action in as_user(team.ivan).get(url).content.decode()


@pytest.mark.parametrize("persona", ["ivan", "olena"])
def test_sales_and_owners_decide_on_the_page(team, prospect, as_user, persona):
    http = as_user(getattr(team, persona))
    response = http.post(reverse("prospect_decide", kwargs={"prospect_id": prospect.pk}),
                         {"decision": "interesting"})
    assert response.status_code == 302
    row = Prospect.objects.get(pk=prospect.pk)
    assert (row.decision, row.decided_by_id) == ("interesting", getattr(team, persona).user_id)
    assert row.decided_score == row.score and row.decided_at is not None


def test_turning_a_prospect_down_takes_a_reason(team, prospect):
    with pytest.raises(ValidationError) as refused:
        prospect_decide(prospect=prospect, decision="not_interesting", reason="  ",
                        membership=team.ivan)
    assert "reason" in refused.value.message_dict
    assert written(prospect)[0] == ""
    decided = prospect_decide(prospect=prospect, decision="not_interesting",
                              reason="Бюджет на разову задачу", membership=team.ivan)
    assert decided.decision_reason == "Бюджет на разову задачу"


def test_a_changed_decision_needs_a_reason_and_the_history_keeps_both(team, prospect):
    prospect_decide(prospect=prospect, decision="not_interesting", reason="Немає бюджету",
                    membership=team.ivan)
    with pytest.raises(ValidationError):
        prospect_decide(prospect=prospect, decision="interesting", membership=team.olena)
    prospect_decide(prospect=prospect, decision="interesting",
                    reason="Знайшли бюджет на рік", membership=team.olena)
    history = prospect_decisions(prospect)
    assert [(d.decision, d.reason, d.decided_by) for d in history] == [
        ("not_interesting", "Немає бюджету", team.ivan.user),
        ("interesting", "Знайшли бюджет на рік", team.olena.user),
    ]


def test_the_same_decision_again_writes_nothing(team, prospect):
    first = prospect_decide(prospect=prospect, decision="interesting", membership=team.ivan)
    before = written(prospect)
    again = prospect_decide(prospect=prospect, decision="interesting", membership=team.olena)
    assert written(prospect) == before
    assert again.decided_by_id == first.decided_by_id == team.ivan.user_id


def test_an_unknown_decision_is_refused_in_the_api(team, prospect, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.ivan)}"}
    response = client.post(f"/api/prospects/{prospect.pk}/decision",
                           content_type="application/json",
                           data=json.dumps({"decision": "maybe"}), **headers)
    assert response.status_code == 422
    assert written(prospect)[0] == ""


def test_a_decision_on_the_page_without_a_reason_says_why_and_writes_nothing(
        team, as_user):
    prospect = ProspectFactory(agency=team.agency)
    http = as_user(team.ivan)
    response = http.post(reverse("prospect_decide", kwargs={"prospect_id": prospect.pk}),
                         {"decision": "not_interesting"}, follow=True,
                         HTTP_ACCEPT_LANGUAGE="en")
    assert "Say why the prospect is not interesting" in response.content.decode()
    assert written(prospect)[0] == ""

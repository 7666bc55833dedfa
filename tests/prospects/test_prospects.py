"""The prospects list (score first, filters, search, pagination, empty state), the
new/edit pages, the detail page that explains the score criterion by criterion, and the
same over the API."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from retainer.accounts.services import token_issue
from retainer.prospects.models import Prospect
from retainer.prospects.services import prospect_create, prospect_decide

pytestmark = pytest.mark.django_db


def add(team, company, **data):
    return prospect_create(agency=team.agency, user=team.ivan.user,
                           data={"company": company, "language": "ru"} | data)


@pytest.fixture
def three(team):
    best = add(team, "Клиника «Дента Плюс»", segment="small_business",
               budget=Decimal("1200000"), industry="medtech", decision_days=10,
               decision_maker=True, source="referral", contact_name="Олег Дмитренко")
    middle = add(team, "Мебельная фабрика «Берёза»", segment="mid_market")
    worst = add(team, "ООО «Быстрые займы»", segment="enterprise")
    prospect_decide(prospect=worst, decision="not_interesting", membership=team.ivan,
                    reason="Не работаем с микрозаймами")
    prospect_decide(prospect=best, decision="interesting", membership=team.ivan)
    return best, middle, worst


def listed(page: str, prospects) -> list[str]:
    found = [(page.find(p.company), p.company) for p in prospects if p.company in page]
    return [company for _index, company in sorted(found)]


def test_the_list_shows_the_best_fit_first_and_filters_by_decision(team, three, as_user):
    best, middle, worst = three
    http = as_user(team.petro)
    url = reverse("prospect_list")
    page = http.get(url).content.decode()
    assert (best.score, middle.score, worst.score) == (100, 25, 0)
    assert listed(page, three) == [best.company, middle.company, worst.company]
    assert listed(http.get(url, {"state": "undecided"}).content.decode(), three) \
        == [middle.company]
    assert listed(http.get(url, {"state": "interesting"}).content.decode(), three) \
        == [best.company]
    assert listed(http.get(url, {"state": "not_interesting"}).content.decode(), three) \
        == [worst.company]


def test_search_finds_company_request_and_contact_in_any_case(team, three, as_user):
    http = as_user(team.masha)
    url = reverse("prospect_list")
    assert listed(http.get(url, {"q": "БЕРЁЗА"}).content.decode(), three) \
        == ["Мебельная фабрика «Берёза»"]
    assert listed(http.get(url, {"q": "дмитренко"}).content.decode(), three) \
        == ["Клиника «Дента Плюс»"]
    empty = http.get(url, {"q": "nothing like it"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No prospects match." in empty.content.decode()


def test_an_empty_list_says_how_to_start(team, as_user):
    page = as_user(team.ivan).get(reverse("prospect_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "No prospects yet." in page.content.decode()


def test_the_list_pages(team, as_user, settings):
    settings.RETAINER_PAGE_SIZE = 2
    for index in range(5):
        add(team, f"Компания {index}")
    http = as_user(team.ivan)
    first = http.get(reverse("prospect_list")).content.decode()
    third = http.get(reverse("prospect_list"), {"page": 3}).content.decode()
    assert first.count("/prospects/") > third.count("/prospects/")
    assert "page=2" in first


def test_the_detail_explains_each_criterion(team, as_user):
    prospect = add(team, "Northwind Analytics Ltd", segment="startup",
                   budget=Decimal("400000.00"), source="outbound", decision_maker=False)
    page = as_user(team.petro).get(
        reverse("prospect_detail", kwargs={"prospect_id": prospect.pk}),
        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Score {prospect.score} of 100" in page
    assert "startup is ours" in page
    assert ("400000 is below 600000–12000000: counts 33 in a hundred (nothing from "
            "300000 below).") in page
    assert "outbound sales is not among ours: referral, inbound request, repeat work" in page
    assert "Not known yet: adds nothing until it is filled in." in page  # the industry
    assert "“no”, not as in the portrait." in page
    assert "Only sales and owners decide whether a prospect is interesting." in page


def test_new_and_edit_pages_score_the_prospect(team, as_user):
    http = as_user(team.masha)
    response = http.post(reverse("prospect_new"), {
        "company": "Harbor Coffee Roasters", "language": "en", "segment": "small_business",
        "budget": "950000", "industry": "horeca", "decision_maker": "true"})
    prospect = Prospect.objects.get()
    assert response.status_code == 302
    assert prospect.created_by == team.masha.user and prospect.score == 25 + 30 + 10 + 10
    http.post(reverse("prospect_edit", kwargs={"prospect_id": prospect.pk}), {
        "company": "Harbor Coffee Roasters", "language": "en", "segment": "small_business",
        "budget": "950000", "industry": "horeca", "decision_maker": "true",
        "decision_days": "20", "source": "referral"})
    assert Prospect.objects.get().score == 100
    assert Prospect.objects.get().history.count() == 2


def test_bad_input_is_shown_again_and_nothing_is_written(team, as_user):
    response = as_user(team.ivan).post(reverse("prospect_new"), {
        "company": "", "language": "de", "budget": "-5", "contact_email": "not-an-email"})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"company", "language", "budget", "contact_email"} <= set(form.errors)
    assert not Prospect.objects.exists()


def test_the_api_creates_lists_reads_and_updates_prospects(team, client):
    def headers(member):
        return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=member)}"}

    body = {"company": "Quill & Co Publishing", "language": "en", "segment": "small_business",
            "budget": "650000"}
    assert client.post("/api/prospects", data=json.dumps(body),
                       content_type="application/json",
                       **headers(team.petro)).status_code == 403
    created = client.post("/api/prospects", data=json.dumps(body),
                          content_type="application/json", **headers(team.masha))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["score"] == 55 and data["portrait_version"] == 1
    assert [c["attribute"] for c in data["contributions"]] == [
        "segment", "budget", "industry", "decision_days", "decision_maker", "source"]
    assert data["contributions"][2]["reason"] == {"rule": "qualification.missing",
                                                  "figures": {"attribute": "industry"}}
    patched = client.patch(f"/api/prospects/{data['id']}", data=json.dumps(
        {"industry": "media", "budget": None}), content_type="application/json",
        **headers(team.masha))
    assert patched.status_code == 200 and patched.json()["score"] == 25
    invalid = client.patch(f"/api/prospects/{data['id']}", data=json.dumps(
        {"language": "de"}), content_type="application/json", **headers(team.masha))
    assert invalid.status_code == 422
    listed = client.get("/api/prospects?state=undecided&q=quill", **headers(team.petro))
    assert listed.json()["count"] == 1
    got = client.get(f"/api/prospects/{data['id']}", **headers(team.petro)).json()
    assert (got["industry"], got["budget"], got["language"]) == ("media", None, "en")

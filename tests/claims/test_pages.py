"""The claims pages: recording a claim from the client's message, the assessment panel with
its figures, the list's search, filters, pages and empty state, and the client page's panel
with what concessions cost."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from retainer.claims.models import Claim, Concession
from retainer.claims.services import claim_assess
from retainer.conversations.services import interaction_create
from tests.claims.conftest import at
from tests.factories import ClaimFactory, ClientFactory

pytestmark = pytest.mark.django_db


def test_a_claim_from_a_message_flagged_by_triage(team, deal, english):
    message = interaction_create(client=deal.client, data={
        "channel": "telegram", "direction": "in", "occurred_at": at(25, 10),
        "text": "Опять сорвали сроки, логотип до сих пор не сдан! Это ваша ошибка."})
    assert "claim" in message.flag_list
    http = english(team.petro)  # a specialist records claims, but does not assess them
    log = http.get(reverse("client_detail", kwargs={"client_id": deal.client.pk}))
    new = reverse("claim_new", kwargs={"client_id": deal.client.pk})
    assert f"{new}?from={message.pk}" in log.content.decode()

    form = http.get(f"{new}?from={message.pk}").content.decode()
    assert "логотип до сих пор не сдан" in form
    assert 'value="2026-11-25T10:00"' in form  # the message's time, in the agency's zone
    response = http.post(f"{new}?from={message.pk}", {
        "agreement": deal.agreement.pk, "target": "deliverable", "deliverable": deal.logo.pk,
        "words": message.text, "ask": "Сдать логотип", "asked_min": 0, "asked_amount": "0",
        "made_at": "2026-11-25T10:00"})
    claim = Claim.objects.get(client=deal.client)
    assert response.status_code == 302 and response["Location"] == reverse(
        "claim_detail", kwargs={"claim_id": claim.pk})
    assert (claim.source, claim.made_at, claim.created_by) == (message, at(25, 10),
                                                               team.petro.user)
    detail = http.get(response["Location"]).content.decode()
    assert reverse("claim_assess", kwargs={"claim_id": claim.pk}) not in detail  # not his


def test_a_message_of_another_client_does_not_fill_the_form(team, deal, english):
    other = interaction_create(client=ClientFactory(agency=team.agency), data={
        "channel": "email", "direction": "in", "occurred_at": at(20), "text": "Чужой текст"})
    form = english(team.masha).get(
        reverse("claim_new", kwargs={"client_id": deal.client.pk}) + f"?from={other.pk}")
    assert form.status_code == 200 and "Чужой текст" not in form.content.decode()


def test_the_assessment_panel_shows_the_reasons_and_the_figures(team, deal, english):
    claim = deal.claim(ask="Переделать баннеры в другом цвете", asked_min=600)
    http = english(team.masha)
    url = reverse("claim_detail", kwargs={"claim_id": claim.pk})
    assert "Assess by the rules" in http.get(url).content.decode()
    http.post(reverse("claim_assess", kwargs={"claim_id": claim.pk}))
    concession = Concession.objects.get(claim=claim)
    page = http.get(url).content.decode()
    assert "The claim points at nothing the agreement covers." in page
    # 600 min at 3,000 = 30,000, against a retention value of 300,000 × 15 % = 45,000.
    assert "Keeping the client is worth 45,000 RUB" in page
    assert "more than the 30,000 RUB it costs" in page
    assert "1,050,000" in page  # a new client by tender: 350,000 ÷ ⅓
    assert "120,000" in page  # what this client cost to win
    assert "30,000 RUB" in page  # conceded this month and in the last 12 months
    assert concession.reply.splitlines()[0] in page

    again = http.post(reverse("claim_assess", kwargs={"claim_id": claim.pk}), follow=True)
    assert "already assessed by Masha" in again.content.decode()
    assert Concession.objects.filter(claim=claim).count() == 1


def test_the_list_searches_filters_and_pages(team, deal, english, settings):
    settings.RETAINER_PAGE_SIZE = 2
    http = english(team.masha)
    assert "No claims recorded" in http.get(reverse("claim_list")).content.decode()
    banner = deal.claim(ask="Перекрасить баннер", words="Цвет баннера не продаёт")
    deal.claim(ask="Новый шрифт", words="Шрифт ужасный")
    deal.claim(ask="Скидка", words="Хотим скидку")
    claim_assess(claim=banner, user=team.masha.user)
    other = ClaimFactory(agreement__client__agency=team.agency, ask="Другой клиент",
                         words="Не то", agreement__client__name="Ромашка")

    def titles(query):
        page = http.get(reverse("claim_list") + query).content.decode()
        return {c.ask for c in Claim.objects.all() if f">{c.ask}</a>" in page}

    assert titles("?q=БАННЕР") == {"Перекрасить баннер"}  # case-folded, in Cyrillic
    assert titles("?q=ромашка") == {"Другой клиент"}
    assert titles("?state=concede") == {"Перекрасить баннер"}
    assert titles("?founded=no") == {"Перекрасить баннер"}
    assert titles("?founded=yes") == set()
    assert titles(f"?client={other.client_id}") == {"Другой клиент"}
    assert len(titles("?state=unassessed")) == 2  # the first page of three
    assert len(titles("?state=unassessed&page=2")) == 1
    assert "No claims match" in http.get(reverse("claim_list") + "?q=ничего").content.decode()
    assert http.get(reverse("claim_list") + "?founded=maybe&state=x").status_code == 200


def test_the_client_panel_shows_the_claims_and_what_concessions_cost(team, deal, english):
    http = english(team.masha)
    url = reverse("client_claims", kwargs={"client_id": deal.client.pk})
    assert "No claims from this client." in http.get(url).content.decode()
    now = timezone.now()
    granted = claim_assess(claim=deal.claim(ask="Мелочь", asked_min=20,
                                            made_at=now - timedelta(hours=2)),
                           user=team.masha.user, now=now)
    old = claim_assess(claim=deal.claim(ask="Давно", asked_min=10,
                                        made_at=now - timedelta(days=200)),
                       user=team.masha.user, now=now - timedelta(days=200))
    assert granted.cost == Decimal(1000) and old.cost == Decimal(500)
    panel = http.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in panel  # a fragment for the client page
    assert "Мелочь" in panel and "Давно" in panel
    assert "1,000 RUB" in panel  # this month
    assert "1,500 RUB" in panel  # the last 12 months
    assert "1 / 3" in panel  # unfounded claims in the policy's 90 days: the older is out


def test_the_lists_and_the_panel_cost_the_same_queries_for_many_claims(team, deal, as_user):
    http = as_user(team.masha)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert http.get(url).status_code == 200
        return len(captured)

    urls = [reverse("claim_list"), reverse("claim_list") + "?q=x&founded=no",
            reverse("client_claims", kwargs={"client_id": deal.client.pk}),
            reverse("claim_overrides"), "/api/claims", f"/api/claims?client={deal.client.pk}"]
    for index in range(3):
        claim_assess(claim=deal.claim(ask=f"x{index}", asked_min=5), user=team.masha.user)
    few = [queries(url) for url in urls]
    for index in range(30):
        claim_assess(claim=deal.claim(ask=f"y{index}", asked_min=5), user=team.ivan.user)
    assert [queries(url) for url in urls] == few

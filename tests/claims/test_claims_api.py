"""Claims over the JSON API: record, list with filters, assess once, override with a reason,
edit and send the reply."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from retainer.agreements.models import Deliverable
from retainer.conversations.models import Interaction

pytestmark = pytest.mark.django_db


def post(http, url, body):
    return http.post(url, body, content_type="application/json")


def test_claim_assessment_override_and_reply(team, deal, as_user):
    Deliverable.objects.filter(pk=deal.logo.pk).update(actual_done=date(2026, 11, 24))
    http = as_user(team.masha)
    created = post(http, "/api/claims", {
        "client": deal.client.pk, "target": "deliverable", "deliverable": deal.logo.pk,
        "words": "Логотип сдали с опозданием", "ask": "Скидка 20 %",
        "asked_amount": "60000", "made_at": "2026-11-25T11:00:00+03:00"})
    assert created.status_code == 201, created.content
    claim = created.json()
    assert claim["agreement_id"] == deal.agreement.pk  # the current agreement by default
    assert claim["concession"] is None

    assessed = post(http, f"/api/claims/{claim['id']}/assess", {})
    assert assessed.status_code == 201, assessed.content
    concession = assessed.json()
    assert (concession["founded"], concession["outcome"]) == (True, "fix_and_admit")
    # 60,000 on top of the fix: more than the 45,000 keeping the client is worth.
    assert (concession["granted"], concession["cost"]) == (False, "60000.00")
    assert [r["rule"] for r in concession["reasons"]] == [
        "claims.deliverable_late", "claims.fix_and_admit", "claims.not_worth"]
    assert concession["inputs"]["claim"]["asked_amount"] == "60000.00"

    again = post(http, f"/api/claims/{claim['id']}/assess", {})
    assert again.status_code == 409 and "Masha" in again.json()["detail"]

    short = post(http, f"/api/claims/{claim['id']}/override",
                 {"decision": "grant", "reason": "ok"})
    assert short.status_code == 422
    overridden = post(http, f"/api/claims/{claim['id']}/override",
                      {"decision": "grant", "reason": "Срыв был серьёзный, компенсируем"})
    assert overridden.status_code == 200
    assert (overridden.json()["granted"], overridden.json()["computed_granted"]) == (True,
                                                                                    False)
    assert overridden.json()["overridden_by_id"] == team.masha.user.pk

    no_address = post(http, f"/api/claims/{claim['id']}/reply",
                      {"reply": "Новый текст", "send": True, "channel": "email"})
    assert no_address.status_code == 422
    sent = post(http, f"/api/claims/{claim['id']}/reply",
                {"reply": "Новый текст", "send": True, "channel": "email",
                 "contact": deal.anna.pk})
    assert sent.status_code == 200, sent.content
    assert sent.json()["reply"] == "Новый текст" and sent.json()["reply_sent_at"]
    assert mail.outbox[-1].to == ["anna@client.example"]
    assert Interaction.objects.get(client=deal.client, direction="out").text == "Новый текст"

    fetched = http.get(f"/api/claims/{claim['id']}").json()
    assert fetched["concession"]["reply"] == "Новый текст"


def test_the_list_filters_by_client_state_founded_and_words(team, deal, as_user):
    http = as_user(team.masha)
    ids = {}
    for ask in ("Перекрасить баннер", "Новый шрифт"):
        ids[ask] = post(http, "/api/claims", {"client": deal.client.pk, "words": "…",
                                              "ask": ask, "asked_min": 10}).json()["id"]
    post(http, f"/api/claims/{ids['Новый шрифт']}/assess", {})

    def listed(**params):
        return [item["id"] for item in http.get("/api/claims", params).json()["items"]]

    assert listed(client=deal.client.pk) == [ids["Новый шрифт"], ids["Перекрасить баннер"]]
    assert listed(state="unassessed") == [ids["Перекрасить баннер"]]
    assert listed(state="concede", founded="false") == [ids["Новый шрифт"]]
    assert listed(founded="true") == []
    assert listed(q="БАННЕР") == [ids["Перекрасить баннер"]]


def test_override_and_reply_wait_for_the_assessment(team, deal, as_user):
    http = as_user(team.masha)
    claim_id = post(http, "/api/claims", {"client": deal.client.pk, "words": "…"}).json()["id"]
    assert post(http, f"/api/claims/{claim_id}/override",
                {"decision": "grant", "reason": "Очень важный клиент"}).status_code == 409
    assert post(http, f"/api/claims/{claim_id}/reply", {"reply": "x"}).status_code == 409

"""An interesting prospect becomes a client at the "sale" stage with its contact and a draft
agreement on the agency policy's terms, in one transaction; a prospect converts once, and
only when it was decided interesting."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from retainer.accounts.services import token_issue
from retainer.agreements.models import Agreement
from retainer.clients.models import Client, Contact
from retainer.policy.services import policy_update
from retainer.prospects.models import Prospect
from retainer.prospects.services import (
    AlreadyConverted,
    prospect_convert,
    prospect_create,
    prospect_decide,
)
from tests.factories import AgreementFactory, ClientFactory

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def prospect(team):
    prospect = prospect_create(agency=team.agency, user=team.ivan.user, data={
        "company": "Northwind Analytics Ltd", "name": "Lead generation for a B2B product",
        "language": "en", "segment": "mid_market", "budget": Decimal("2400000"),
        "industry": "saas", "source": "inbound", "contact_name": "James Holloway",
        "contact_email": "j.holloway@northwind.example", "contact_phone": "+44 20 7946 0321",
        "decision_maker": True, "notes": "Met at a conference."})
    return prospect_decide(prospect=prospect, decision="interesting", membership=team.ivan)


def counts(agency):
    return (Client.objects.for_agency(agency).count(), Contact.objects.for_agency(agency).count(),
            Agreement.objects.for_agency(agency).count())


def test_the_client_contact_and_draft_agreement_follow_the_prospect_and_policy(team, prospect):
    policy_update(agency=team.agency, actor=team.olena.user,
                  changes={"revision_rounds": 3, "response_target_hours": "6"})
    existing = AgreementFactory(client=ClientFactory(agency=team.agency),
                                hourly_rate=Decimal("3500"))
    moment = datetime(2026, 3, 2, 0, 30, tzinfo=MSK)  # still 1 March in UTC
    conversion = prospect_convert(prospect=prospect, user=team.ivan.user,
                                  account_manager=team.masha.user, now=moment)

    client = Client.objects.get(pk=conversion.client.pk)
    assert (client.name, client.language, client.segment, client.industry, client.stage) == (
        "Northwind Analytics Ltd", "en", "mid_market", "saas", "sale")
    assert client.expected_annual_value == Decimal("2400000")
    assert client.acquisition_channel == "inbound"
    assert client.account_manager == team.masha.user
    assert client.agency_id == team.agency.pk
    contact = client.contacts.get()
    assert (contact.name, contact.email, contact.phone, contact.is_decision_maker) == (
        "James Holloway", "j.holloway@northwind.example", "+44 20 7946 0321", True)

    agreement = client.agreements.get()
    assert agreement.status == "draft"
    assert agreement.title == "Lead generation for a B2B product"
    assert agreement.starts_on.isoformat() == "2026-03-02"  # the agency's day
    assert agreement.revision_rounds == 3
    assert agreement.response_target_hours == Decimal("6")
    assert agreement.free_change_threshold_min == 60
    assert agreement.monthly_free_budget_min == 180
    assert agreement.daily_capacity_hours == Decimal("6")
    assert agreement.hourly_rate == existing.hourly_rate

    stored = Prospect.objects.get(pk=prospect.pk)
    assert stored.client_id == client.pk and stored.converted_at == moment


def test_a_draft_without_a_request_is_titled_after_the_company(team, prospect):
    Prospect.objects.filter(pk=prospect.pk).update(name="", language="uk")
    conversion = prospect_convert(prospect=prospect, user=team.ivan.user)
    title = conversion.agreement.title
    assert title.endswith("Northwind Analytics Ltd") and title != "Northwind Analytics Ltd"
    assert conversion.client.language == "uk"


def test_converting_twice_is_refused(team, prospect):
    prospect_convert(prospect=prospect, user=team.ivan.user)
    before = counts(team.agency)
    with pytest.raises(AlreadyConverted):
        prospect_convert(prospect=prospect, user=team.olena.user)
    assert counts(team.agency) == before


@pytest.mark.parametrize("decision", ["", "not_interesting"])
def test_only_an_interesting_prospect_converts(team, decision):
    prospect = prospect_create(agency=team.agency, user=team.ivan.user,
                               data={"company": "Фонд «Тёплый дом»", "language": "ru"})
    if decision:
        prospect_decide(prospect=prospect, decision=decision, reason="pro bono",
                        membership=team.ivan)
    before = counts(team.agency)
    with pytest.raises(ValidationError):
        prospect_convert(prospect=prospect, user=team.ivan.user)
    assert counts(team.agency) == before


def test_a_converted_prospect_keeps_its_decision(team, prospect):
    prospect_convert(prospect=prospect, user=team.ivan.user)
    with pytest.raises(ValidationError):
        prospect_decide(prospect=prospect, decision="not_interesting", reason="передумали",
                        membership=team.olena)
    assert Prospect.objects.get(pk=prospect.pk).decision == "interesting"


def test_a_failure_halfway_leaves_nothing_written(team, prospect):
    before = counts(team.agency)
    with mock.patch("retainer.prospects.services.agreement_create",
                    side_effect=ValidationError("boom")), pytest.raises(ValidationError):
        prospect_convert(prospect=prospect, user=team.ivan.user)
    assert counts(team.agency) == before
    assert Prospect.objects.get(pk=prospect.pk).converted_at is None


def test_a_manager_from_another_agency_is_refused(team, rival, prospect):
    before = counts(team.agency)
    with pytest.raises(ValidationError):
        prospect_convert(prospect=prospect, user=team.ivan.user,
                         account_manager=rival.masha.user)
    assert counts(team.agency) == before


def test_the_page_converts_and_opens_the_draft_agreement(team, prospect, as_user):
    http = as_user(team.ivan)
    response = http.post(reverse("prospect_convert", kwargs={"prospect_id": prospect.pk}), {})
    agreement = Agreement.objects.for_agency(team.agency).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreement_detail",
                                           kwargs={"agreement_id": agreement.pk})
    again = http.post(reverse("prospect_convert", kwargs={"prospect_id": prospect.pk}), {},
                      follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "already became a client" in again.content.decode()
    assert Agreement.objects.for_agency(team.agency).count() == 1


def test_masha_cannot_convert(team, prospect, as_user):
    response = as_user(team.masha).post(
        reverse("prospect_convert", kwargs={"prospect_id": prospect.pk}), {})
    assert response.status_code == 403
    assert counts(team.agency) == (0, 0, 0)


def test_the_api_converts_once_then_answers_409(team, prospect, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.olena)}"}
    url = f"/api/prospects/{prospect.pk}/convert"
    body = json.dumps({"account_manager": team.masha.user_id})
    response = client.post(url, data=body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    data = response.json()
    agreement = Agreement.objects.get(pk=data["agreement_id"])
    assert agreement.client_id == data["client_id"] and agreement.status == "draft"
    again = client.post(url, data=body, content_type="application/json", **headers)
    assert again.status_code == 409
    assert counts(team.agency) == (1, 1, 1)

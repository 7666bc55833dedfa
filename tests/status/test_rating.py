"""The client's one-click rating of an approved deliverable on the status page."""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient

from retainer.agreements.models import DeliverableStatus
from retainer.status.models import Rating
from tests.factories import AgreementFactory, ClientFactory, DeliverableFactory
from tests.status.conftest import make_chain

pytestmark = pytest.mark.django_db


def rate(http, chain, deliverable, **data):
    return http.post(f"/s/{chain.token}/rate/{deliverable.pk}/", data)


def test_rating_an_approved_deliverable(chain, client):
    response = rate(client, chain, chain.approved, score="4", comment="  Быстро и аккуратно ")
    assert response.status_code == 302
    assert response["Location"] == (f"/s/{chain.token}/?rated={chain.approved.pk}"
                                    f"#d-{chain.approved.pk}")
    rating = Rating.objects.get()
    assert (rating.deliverable, rating.score, rating.comment) == (
        chain.approved, 4, "Быстро и аккуратно")
    assert rating.agency_id == chain.agreement.agency_id
    page = client.get(response["Location"]).content.decode()
    assert "Быстро и аккуратно" in page
    assert 'value="4" class="button small" aria-pressed="true"' in page


def test_rating_again_replaces_the_rating(chain, client):
    rate(client, chain, chain.approved, score="2", comment="Долго")
    rate(client, chain, chain.approved, score="5")
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (5, "")


@pytest.mark.parametrize("score", ["0", "6", "-1", "five", ""])
def test_a_score_outside_1_to_5_is_refused_in_the_clients_language(chain, client, score):
    rate(client, chain, chain.approved, score="3", comment="Хорошо")
    response = rate(client, chain, chain.approved, score=score, comment="Новый комментарий")
    assert response.status_code == 200
    page = response.content.decode()
    errors = re.search(r'<div class="errors">(.*?)</div>', page, re.S).group(1)
    assert any(word in errors for word in ["Убедитесь", "Введите целое число",
                                           "Обязательное поле"]), errors
    assert "Новый комментарий" in page  # what the client typed is kept
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (3, "Хорошо")


def test_errors_follow_the_clients_language_not_the_browsers(team, client):
    chain = make_chain(team, language="en")
    response = client.post(f"/s/{chain.token}/rate/{chain.approved.pk}/", {"score": "9"},
                           HTTP_ACCEPT_LANGUAGE="ru")
    assert "Ensure this value is less than or equal to 5." in response.content.decode()


@pytest.mark.parametrize("which", ["overdue", "planned", "in_review"])
def test_a_deliverable_not_approved_cannot_be_rated(chain, client, which):
    response = rate(client, chain, getattr(chain, which), score="5")
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_a_deliverable_of_another_agreement_or_agency_cannot_be_rated(chain, rival, client):
    same_client = DeliverableFactory(agreement=AgreementFactory(client=chain.client),
                                     status=DeliverableStatus.APPROVED)
    foreign = DeliverableFactory(
        agreement=AgreementFactory(client=ClientFactory(agency=rival.agency)),
        status=DeliverableStatus.APPROVED)
    for deliverable in (same_client, foreign):
        assert rate(client, chain, deliverable, score="5").status_code == 404
    assert client.post(f"/s/{chain.token}/rate/{2**63}/", {"score": "5"}).status_code == 404
    assert not Rating.objects.exists()


def test_rating_needs_the_form_csrf_token(chain):
    http = HttpClient(enforce_csrf_checks=True)
    assert rate(http, chain, chain.approved, score="5").status_code == 403
    page = http.get(f"/s/{chain.token}/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = rate(http, chain, chain.approved, score="5", csrfmiddlewaretoken=csrf)
    assert response.status_code == 302
    assert Rating.objects.get().score == 5


def test_only_approved_deliverables_offer_the_rating(chain, client):
    page = client.get(f"/s/{chain.token}/").content.decode()
    assert f"/rate/{chain.approved.pk}/" in page
    for other in (chain.overdue, chain.planned, chain.in_review):
        assert f"/rate/{other.pk}/" not in page


def test_rating_takes_post_only(chain, client):
    assert client.get(f"/s/{chain.token}/rate/{chain.approved.pk}/").status_code == 405

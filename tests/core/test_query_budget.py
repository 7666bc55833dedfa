"""Pages and API lists issue the same number of queries for 10 and for 500 rows: an N+1
shows up here as a failure, not in production as a slow page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retainer.accounts.services import token_issue
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Interaction
from tests.factories import AgreementFactory, DeliverableFactory, KpiFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def grow(team, n: int):
    """n clients, each with a manager and a contact; the first client gets n interactions and
    an agreement with deliverables and KPIs."""
    clients = Client.objects.bulk_create(
        Client(agency=team.agency, name=f"Клиент {i}", name_folded=f"клиент {i}", language="ru",
               account_manager=team.masha.user)
        for i in range(n)
    )
    first = clients[0]
    contacts = Contact.objects.bulk_create(
        Contact(agency=team.agency, client=c, name=f"Контакт {c.pk}") for c in clients
    )
    now = timezone.now()
    Interaction.objects.bulk_create(
        Interaction(agency=team.agency, client=first, channel="email",
                    direction="in" if i % 2 else "out", contact=contacts[0] if i % 2 else None,
                    author=None if i % 2 else team.masha.user,
                    occurred_at=now - timedelta(minutes=i), text=f"Сообщение {i}")
        for i in range(n)
    )
    agreement = AgreementFactory(client=first)
    for _ in range(min(n, 30)):
        DeliverableFactory(agreement=agreement)
        MeasurementFactory(kpi=KpiFactory(agreement=agreement))
    return first


def count_queries(http, url, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url, **extra)
    assert response.status_code == 200, url
    return len(captured)


URLS = {
    "client list": lambda c: "/clients/",
    "client list, searched": lambda c: "/clients/?q=клиент&stage=courtship",
    "client page": lambda c: f"/clients/{c.pk}/",
    "agreement page": lambda c: f"/agreements/{c.agreements.first().pk}/",
}
API = ["/api/clients", "/api/contacts", "/api/agreements", "/api/deliverables",
       "/api/interactions", "/api/interactions?client={pk}"]


def measure(team, rival, as_user, client_fixture, n):
    first = grow(team, n)
    http = as_user(team.masha)
    pages = {name: count_queries(http, make(first)) for name, make in URLS.items()}
    token = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.masha)}"}
    api = {url: count_queries(client_fixture, url.format(pk=first.pk), **token) for url in API}
    return pages | api


def test_query_counts_do_not_grow_with_data(team, as_user, client, django_db_blocker):
    small = measure(team, None, as_user, client, 10)
    Client.objects.all().delete()
    large = measure(team, None, as_user, client, 500)
    assert small == large

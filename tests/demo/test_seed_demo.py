from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from retainer.accounts.models import Agency, Membership
from retainer.clients.models import Client
from retainer.conversations.models import Interaction
from retainer.demo.builder import seed_demo
from retainer.prospects.models import Prospect

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def fingerprint(agency):
    clients = list(Client.objects.for_agency(agency).order_by("id")
                   .values_list("name", "language", "stage", "segment"))
    talk = list(Interaction.objects.for_agency(agency).order_by("occurred_at", "id")
                .values_list("direction", "channel", "text", "occurred_at"))
    return clients, talk


def test_the_same_seed_builds_the_same_agency():
    first = seed_demo(agency_name="A", owner_email="a@demo.example", seed=7, clients=12,
                      interactions=300, today=TODAY)
    before = fingerprint(first.agency)
    first.agency.delete()
    again = seed_demo(agency_name="A", owner_email="a@demo.example", seed=7, clients=12,
                      interactions=300, today=TODAY)
    assert fingerprint(again.agency) == before
    other = seed_demo(agency_name="B", owner_email="b@demo.example", seed=8, clients=12,
                      interactions=300, today=TODAY)
    assert fingerprint(other.agency) != before


def test_the_default_demo_is_a_realistic_agency():
    result = seed_demo(agency_name="Северный ветер", owner_email="olena@demo.example",
                       today=TODAY)
    agency = result.agency
    languages = set(Client.objects.for_agency(agency).values_list("language", flat=True))
    assert languages == {"ru", "uk", "en"}
    # Forty clients seeded, two won from prospects during the year, two past clients whom
    # the lifecycle's story keeps in touch with.
    won = Prospect.objects.for_agency(agency).filter(client__isnull=False).count()
    assert won == 2
    assert Client.objects.for_agency(agency).count() == 40 + won + 2
    # The claims', unhappy clients' and conflicts' stories add their messages on top.
    assert 6000 < Interaction.objects.for_agency(agency).count() == result.interactions < 6200
    roles = set(Membership.objects.filter(agency=agency).values_list("role", flat=True))
    assert roles == {"owner", "sales", "account_manager", "specialist"}
    oldest = Interaction.objects.for_agency(agency).order_by("occurred_at").first().occurred_at
    assert (TODAY - oldest.date()).days > 300  # a year of history
    assert Interaction.objects.for_agency(agency).filter(direction="in").exists()
    assert Interaction.objects.for_agency(agency).filter(direction="out").exists()
    for client in Client.objects.for_agency(agency):
        assert client.agreements.exists() and client.contacts.exists()


def test_a_second_agency_beside_the_first_and_its_owner_logs_in(client):
    out = io.StringIO()
    call_command("seed_demo", "--clients", "5", "--interactions", "50", stdout=out,
                 verbosity=0)
    call_command("seed_demo", "--agency", "Second", "--owner", "boss@second.example",
                 "--clients", "5", "--interactions", "50", "--seed", "2", stdout=out,
                 verbosity=0)
    assert Agency.objects.count() == 2
    assert "boss@second.example" in out.getvalue() and "retainer-demo-2" in out.getvalue()
    response = client.post("/accounts/login/", {"username": "boss@second.example",
                                                 "password": "retainer-demo-2"})
    assert response.status_code == 302


def test_running_it_again_with_the_same_name_is_refused_clearly():
    call_command("seed_demo", "--clients", "2", "--interactions", "0", stdout=io.StringIO(),
                 verbosity=0)
    with pytest.raises(CommandError, match="already exists"):
        call_command("seed_demo", "--clients", "2", stdout=io.StringIO(), verbosity=0)
    out = io.StringIO()
    call_command("seed_demo", "--if-missing", stdout=out, verbosity=0)
    assert "already there" in out.getvalue()

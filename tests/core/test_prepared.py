"""A prepared query gives the rows the ORM gives, for every later set of values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from retainer.conversations.models import Interaction
from retainer.core.prepared import PreparedValues
from tests.factories import ClientFactory, InteractionFactory

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "occurred_at", "text", "triage", "contact__name", "reply_due_at")


def log(client_id: int, window: slice):
    rows = Interaction.objects.filter(client_id=client_id).order_by("-occurred_at", "-id")
    return rows.values(*COLUMNS)[window]


def test_rows_match_the_orm_for_each_client_after_the_first(team):
    prepared = PreparedValues("test log", Interaction)
    now = timezone.now()
    clients = [ClientFactory(agency=team.agency) for _ in range(2)]
    for number, client in enumerate(clients):
        for minutes in range(4):
            InteractionFactory(client=client, text=f"{number}-{minutes}",
                               occurred_at=now - timedelta(minutes=minutes),
                               triage={"flags": ["request"], "n": minutes},
                               reply_due_at=now + timedelta(hours=minutes) if minutes else None)
    for client in clients:  # the second client is read with the first one's SQL
        rows = prepared.rows((0, 3), (client.pk,), lambda c=client: log(c.pk, slice(0, 3)))
        assert rows == list(log(client.pk, slice(0, 3)))
        assert [row["text"] for row in rows] == [f"{clients.index(client)}-{m}" for m in range(3)]
        assert rows[1]["triage"] == {"flags": ["request"], "n": 1}
        assert rows[1]["reply_due_at"].tzinfo is not None


def test_parameters_that_do_not_match_the_query_are_refused(team):
    client = ClientFactory(agency=team.agency)
    prepared = PreparedValues("test log", Interaction)
    with pytest.raises(ValueError, match="binds"):
        prepared.rows((0, 3), (client.pk, 7), lambda: log(client.pk, slice(0, 3)))

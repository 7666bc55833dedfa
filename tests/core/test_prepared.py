"""A prepared query gives the rows the ORM gives, for every later set of values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retainer.clients.models import Client
from retainer.conversations.models import Interaction
from retainer.core.pagination import head_and_count
from retainer.core.prepared import PreparedHeads, PreparedObjects, PreparedValues
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


@pytest.mark.parametrize("by_key", [False, True])
def test_prepared_heads_are_the_orm_s_first_rows_and_count_every_time(team, by_key):
    for index in range(7):
        ClientFactory(agency=team.agency, name=f"{index}", account_manager=team.masha.user)
    lists = {"named": Client.objects.for_agency(team.agency).filter(name__gte="2")
             .select_related("account_manager").annotate(label=Concat(Value("#"), F("name")))
             .order_by("-name")}
    prepared = PreparedHeads()
    built = []
    for _view in range(3):  # built and compiled once, then run from the compiled SQL
        heads = prepared.heads("key", lambda: built.append(1) or lists, {"named": 3},
                               frozenset({"named"}) if by_key else frozenset())
        rows, count = heads["named"]
        assert [(row.name, row.label) for row in rows] == [("6", "#6"), ("5", "#5"), ("4", "#4")]
        assert rows[0].account_manager == team.masha.user and count == 5
        assert (rows, count) == head_and_count(lists["named"], 3)
    assert len(built) == 1
    ClientFactory(agency=team.agency, name="7")
    assert [row.name for row in prepared.heads("key", dict, {"named": 3})["named"][0]] == [
        "7", "6", "5"]  # fresh rows from the kept SQL


def test_by_key_the_window_runs_over_the_keys_alone(team):
    ClientFactory(agency=team.agency, account_manager=team.masha.user)
    lists = {"all": Client.objects.for_agency(team.agency).select_related("account_manager")}
    with CaptureQueriesContext(connection) as queries:
        PreparedHeads().heads("key", lambda: lists, {"all": 3}, frozenset({"all"}))
    counting, reading = (query["sql"] for query in queries.captured_queries)
    assert "OVER" in counting and "JOIN" not in counting
    assert "OVER" not in reading and "JOIN" in reading


def test_prepared_objects_are_the_orm_s_instances_for_each_value(team):
    prepared = PreparedObjects("test clients", Client)
    first, second = (ClientFactory(agency=team.agency, account_manager=member.user)
                     for member in (team.masha, team.ivan))
    since = timezone.now() - timedelta(days=1)

    def query(client):
        return (Client.objects.select_related("account_manager", "agency")
                .filter(pk=client.pk, created_at__gte=since))

    for client in (first, second):  # the second is read with the first one's SQL
        with CaptureQueriesContext(connection) as queries:
            found = prepared.objects((), (since, client.pk), lambda c=client: query(c))
        assert found == list(query(client)) == [client]
        assert found[0].account_manager == client.account_manager  # read in the same query
        assert found[0].agency.name == team.agency.name and len(queries) == 1
    assert prepared.objects((), (timezone.now() + timedelta(days=1), first.pk),
                            lambda: query(first)) == []
    assert prepared.get((), (since, second.pk), lambda: query(second)) == second
    with pytest.raises(Client.DoesNotExist):
        prepared.get((), (timezone.now() + timedelta(days=1), first.pk), lambda: query(first))


def test_prepared_objects_refuse_what_was_not_declared(team):
    client = ClientFactory(agency=team.agency)
    query = Client.objects.filter(pk=client.pk)
    with pytest.raises(ValueError, match="binds"):
        PreparedObjects("test", Client).objects((), (client.pk, 1), lambda: query)
    with pytest.raises(ValueError, match="locking"):
        PreparedObjects("test", Client, for_update=True).objects((), (client.pk,), lambda: query)


@pytest.mark.django_db(transaction=True)
def test_locked_rows_are_read_only_inside_a_transaction(team):
    client = ClientFactory(agency=team.agency)
    locked = PreparedObjects("test", Client, for_update=True)

    def query():
        return Client.objects.select_for_update().filter(pk=client.pk)

    with transaction.atomic():
        assert locked.objects((), (client.pk,), query) == [client]
    with pytest.raises(TransactionManagementError):
        locked.objects((), (client.pk,), query)

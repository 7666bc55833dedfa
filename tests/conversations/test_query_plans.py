"""One client's log is read through an index that starts with the client, never by walking
all of the agency's interactions (which at a million rows is the difference between a
millisecond and a second)."""

from __future__ import annotations

import pytest
from django.db import connection

from retainer.conversations.selectors import interaction_list, interaction_log

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner has no statistics")
@pytest.mark.parametrize("make", [
    lambda agency, client: interaction_list(agency=agency, client_id=client)[:50],
    lambda agency, client: interaction_list(agency=agency, client_id=client).order_by(),
    lambda agency, client: interaction_log(agency=agency, client_id=client).queryset(
        slice(0, 26)),
], ids=["api page", "api count", "client page log"])
def test_a_clients_log_is_read_by_the_client(team, world, make):
    used = plan(make(team.agency, world.client.pk))
    assert "client_id=?" in used, used

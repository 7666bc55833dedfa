"""A database that is down, full or read-only: a clean 503 page or JSON that says so,
nothing written, and the next request after it is back succeeds without a restart."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as Browser

from retainer.clients.models import Client
from tests.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

NEW_CLIENT = {"name": "Ромашка", "language": "ru", "expertise": "knowledgeable",
              "segment": "small_business", "acquisition_channel": "referral",
              "acquisition_cost": "0", "expected_annual_value": "0", "stage": "courtship"}


@pytest.fixture
def browser(team):
    return log_in(Browser(raise_request_exception=False), team.masha)


def _pragma(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_read_only_sqlite_database_gives_a_503_and_writes_nothing(browser):
    _pragma("PRAGMA query_only = ON")
    try:
        page = browser.post("/clients/new/", NEW_CLIENT)
        api = browser.post("/api/clients", {"name": "Ромашка", "language": "ru"},
                           content_type="application/json")
    finally:
        _pragma("PRAGMA query_only = OFF")
    assert page.status_code == 503 and page["Retry-After"]
    assert "cannot be written" in page.content.decode()
    assert api.status_code == 503 and "nothing was saved" in api.json()["detail"]
    assert not Client.objects.filter(name="Ромашка").exists()
    assert browser.post("/clients/new/", NEW_CLIENT).status_code == 302
    assert Client.objects.filter(name="Ромашка").count() == 1


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_full_sqlite_database_gives_a_503_and_stays_intact(browser):
    with connection.cursor() as cursor:
        # Earlier tests leave free pages inside the file; without them the file is full at
        # its present size.
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    try:
        notes = "x" * 4900
        response = browser.post("/clients/new/", {**NEW_CLIENT, "notes": notes})
        for _ in range(40):  # until the last free page is used
            if response.status_code == 503:
                break
            response = browser.post("/clients/new/", {**NEW_CLIENT, "notes": notes})
    finally:
        _pragma("PRAGMA max_page_count = 1073741823")
    assert response.status_code == 503
    assert "disk is full" in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        assert cursor.fetchone()[0] == "ok"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_lost_postgresql_connection_gives_a_503_then_recovers(browser):
    import psycopg

    assert browser.get("/clients/").status_code == 200
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                         password=settings["PASSWORD"], dbname=settings["NAME"],
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend])
    down = browser.get("/clients/")
    assert down.status_code == 503 and "unavailable" in down.content.decode()
    assert browser.get("/clients/").status_code == 200

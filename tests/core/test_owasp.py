"""The OWASP-minded pass: secret links are long random tokens; every page and API write is
CSRF- or token-protected, walked over every endpoint there is; uploads are size-limited and
type-checked with a clear message and nothing written."""

from __future__ import annotations

import io
import string
import zipfile
from collections import Counter

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse

from retainer.accounts.services import token_issue
from retainer.clients.models import Client
from retainer.conversations.models import Interaction
from retainer.feeds.services import calendar_feed_issue
from retainer.imports.models import ImportRun
from retainer.status.services import status_link_issue
from tests.conftest import log_in
from tests.endpoints import PUBLIC_PAGES, minimal_body, operations, pages, send
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

# --- secret links ---------------------------------------------------------------------------

URL_SAFE = set(string.ascii_letters + string.digits + "-_")
ISSUED = 300


def assert_long_and_random(tokens: list[str]):
    """At least 128 bits each, URL-safe, never repeated, every position varying and every
    symbol about equally common: what a counter, a clock or a hex digest would fail."""
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert set(token) <= URL_SAFE, token
        assert len(token) * 6 >= 128 and len(token) >= 43, token  # 32 bytes in base64
    # The last character carries only the 256th bit's remainder; the others are uniform.
    body = [token[:42] for token in tokens]
    for position in range(42):
        assert len({token[position] for token in body}) >= 32, position
    counts = Counter("".join(body))
    expected = len(body) * 42 / len(URL_SAFE)
    assert set(counts) == URL_SAFE
    assert all(expected / 2 < n < expected * 3 / 2 for n in counts.values()), counts


def test_status_links_are_long_random_tokens(team, world):
    assert_long_and_random([status_link_issue(agreement=world.agreement)
                            for _ in range(ISSUED)])


def test_calendar_feeds_are_long_random_tokens(team):
    users = UserFactory.create_batch(ISSUED)
    assert_long_and_random([calendar_feed_issue(agency=team.agency, user=user)
                            for user in users])


# --- CSRF -----------------------------------------------------------------------------------


def everything() -> dict[str, list[dict]]:
    """Every row of every table of the application's own models: nothing written means
    this is unchanged, whatever a request might have created, changed or deleted."""
    return {model._meta.label: list(model._base_manager.order_by("pk").values())
            for model in apps.get_models() if model.__module__.startswith("retainer.")}


@pytest.fixture
def browser(team, world):
    """Olena, who may do everything, in a browser that enforces CSRF as a real one does."""
    return log_in(HttpClient(enforce_csrf_checks=True), team.olena)


# The pages outside pages() that take a POST (logging in and out, the language, the agency
# switch, a client's rating) with their URL arguments, and those that only read.
PUBLIC_POSTS = {"login": [], "logout": [], "set_language": [], "agency_switch": [],
                "status_rate": ["any-token", 1]}
PUBLIC_READS = {"healthz", "calendar_feed_ics", "status_page"}


def test_every_public_page_is_either_a_post_or_a_read():
    assert set(PUBLIC_POSTS) | PUBLIC_READS == PUBLIC_PAGES


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_every_page_refuses_a_post_without_the_csrf_token(page, world, browser):
    before = everything()
    response = browser.post(page.url(world.ids()), {"name": "x", "text": "x", "title": "x"})
    assert response.status_code == 403
    assert everything() == before


@pytest.mark.parametrize("name", PUBLIC_POSTS)
def test_public_posts_refuse_a_post_without_the_csrf_token(name, world, browser):
    before = everything()
    assert browser.post(reverse(name, args=PUBLIC_POSTS[name]), {"username": "x", "password": "x", "language": "en",
                              "agency": 1, "score": 5}).status_code == 403
    assert everything() == before


NEW_CLIENT = {"name": "Ромашка", "language": "ru", "expertise": "novice", "segment": "startup",
              "acquisition_channel": "referral", "acquisition_cost": "0",
              "expected_annual_value": "0", "stage": "sale"}


def test_the_same_post_with_the_csrf_token_goes_through(browser):
    assert browser.post("/clients/new/", NEW_CLIENT).status_code == 403
    assert not Client.objects.filter(name="Ромашка").exists()
    browser.get("/clients/new/")
    token = browser.cookies["csrftoken"].value
    response = browser.post("/clients/new/", NEW_CLIENT | {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Client.objects.filter(name="Ромашка").exists()


WRITES = [op for op in operations() if op.method != "GET"]


@pytest.mark.parametrize("op", WRITES, ids=lambda o: o.operation_id)
def test_every_api_write_refuses_a_session_without_the_csrf_token(op, world, browser):
    ids = world.ids()
    before = everything()
    response = send(browser, op, op.url(ids), minimal_body(op, ids))
    assert response.status_code in (401, 403), response.content
    assert everything() == before


def test_an_api_write_with_the_session_and_its_csrf_token_goes_through(browser):
    browser.get("/clients/new/")
    response = browser.post("/api/clients", {"name": "Ромашка", "language": "ru"},
                            content_type="application/json",
                            HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert response.status_code == 201, response.content


def test_a_bearer_token_needs_no_csrf_token(team):
    http = HttpClient(enforce_csrf_checks=True)
    response = http.post("/api/clients", {"name": "Ромашка", "language": "ru"},
                         content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token_issue(membership=team.masha)}")
    assert response.status_code == 201, response.content
    assert Client.objects.filter(name="Ромашка", agency=team.agency).exists()


def test_an_api_write_with_neither_is_refused(team):
    http = HttpClient(enforce_csrf_checks=True)
    response = http.post("/api/clients", {"name": "Ромашка", "language": "ru"},
                         content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Client.objects.exists()


# --- uploads --------------------------------------------------------------------------------

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def zipped_export() -> bytes:
    """A Telegram export zipped: right content, wrong container."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("result.json", '{"name": "Ромашка", "messages": []}')
    return buffer.getvalue()


FILES = {"picture.png": PNG, "export.zip": zipped_export()}
# What each format's reader says of a file that is not of its kind.
NOT_OF_THE_KIND = {
    "telegram": "at the start of the file: This is not a JSON file",
    "csv": "line 1: The file is not in UTF-8",
    "email": "This is not an e-mail",
}


@pytest.fixture
def customer(team):
    return ClientFactory(agency=team.agency, account_manager=team.masha.user)


@pytest.fixture
def nothing_imported(settings, customer):
    """Checks that no message was added and no upload kept."""
    messages = Interaction.objects.count()

    def check() -> bool:
        directory = settings.IMPORT_DIR
        stored = [p for p in directory.glob("**/*") if p.is_file()] if directory.exists() else []
        return Interaction.objects.count() == messages and not stored

    return check


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("source", NOT_OF_THE_KIND)
def test_a_file_of_the_wrong_type_is_refused_on_the_page(name, source, team, customer, english,
                                                         nothing_imported):
    response = english(team.masha).post(
        f"/clients/{customer.pk}/imports/",
        {"source": source, "file": SimpleUploadedFile(name, FILES[name])})
    assert response.status_code == 200
    assert f"{name}, " in response.content.decode()
    assert NOT_OF_THE_KIND[source] in response.content.decode()
    assert nothing_imported()
    assert list(ImportRun.objects.values_list("status", "stored_name")) == [("failed", "")]


@pytest.fixture
def api_upload(client, team):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.masha)}",
               "HTTP_ACCEPT_LANGUAGE": "en"}
    return lambda body: client.post("/api/imports", body, **headers)


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("source", NOT_OF_THE_KIND)
def test_a_file_of_the_wrong_type_is_refused_by_the_api(name, source, customer, api_upload,
                                                        nothing_imported):
    response = api_upload({"source": source, "client": customer.pk,
                           "file": SimpleUploadedFile(name, FILES[name])})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "file"
    assert error["msg"].startswith(f"{name}, ")
    assert NOT_OF_THE_KIND[source] in error["msg"]
    assert nothing_imported()


def test_a_file_over_the_limit_is_refused_by_the_api(customer, api_upload, settings,
                                                     nothing_imported):
    settings.RETAINER_MAX_IMPORT_BYTES = 100
    csv = (b"occurred_at,direction,channel,sender,text\n"
           + b"2026-03-02T10:00:00+03:00,in,email,client@example.com,hello\n" * 3)
    response = api_upload({"source": "csv", "client": customer.pk,
                           "file": SimpleUploadedFile("log.csv", csv)})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "file"
    assert "takes up to 100\xa0bytes" in error["msg"]
    assert nothing_imported()
    assert not ImportRun.objects.exists()

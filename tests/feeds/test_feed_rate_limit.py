"""The calendar feed is rate-limited per address, like the status page: polling is far
below the limit, guessing tokens is slowed."""

import pytest
from django.test import Client as HttpClient

from retainer.feeds.services import calendar_feed_issue
from retainer.feeds.views import RATE

pytestmark = pytest.mark.django_db

LIMIT = int(RATE.split("/")[0])


def feed(token: str) -> str:
    return f"/feeds/{token}.ics"


@pytest.fixture
def token(team):
    return calendar_feed_issue(agency=team.agency, user=team.masha.user)


def test_too_many_requests_from_one_address_are_refused(token):
    http = HttpClient(REMOTE_ADDR="198.51.100.7")
    for _ in range(LIMIT):
        assert http.get(feed(token)).status_code == 200
    response = http.get(feed(token))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert not response.content.startswith(b"BEGIN:VCALENDAR")
    # another address is counted on its own
    assert HttpClient(REMOTE_ADDR="198.51.100.8").get(feed(token)).status_code == 200


def test_guesses_count_towards_the_limit(token):
    http = HttpClient(REMOTE_ADDR="198.51.100.9")
    for attempt in range(LIMIT):
        assert http.get(feed(f"guess-{attempt}")).status_code == 404
    assert http.get(feed(token)).status_code == 429


def test_the_feed_and_the_status_page_are_counted_apart(token):
    http = HttpClient(REMOTE_ADDR="198.51.100.10")
    for attempt in range(LIMIT):
        http.get(feed(f"guess-{attempt}"))
    assert http.get(feed(token)).status_code == 429
    assert http.get("/s/unknown-token/").status_code == 404

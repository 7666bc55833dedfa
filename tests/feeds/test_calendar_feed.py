"""The per-member secret calendar feed, parsed back with the icalendar library."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from retainer.conversations.services import interaction_create
from retainer.feeds.models import CalendarFeed
from tests.factories import AgreementFactory, ClientFactory, DeliverableFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadlines(team):
    mine = ClientFactory(agency=team.agency, name="Альфа; Бета, и Ко", account_manager=team.masha.user)
    other = ClientFactory(agency=team.agency, name="Гамма", account_manager=team.olena.user)
    for client in (mine, other):
        interaction_create(client=client, data={
            "channel": "email", "direction": "in", "occurred_at": timezone.now(),
            "text": "Пришлите отчёт\nпожалуйста"})
        agreement = AgreementFactory(client=client)
        DeliverableFactory(agreement=agreement, title=f"Лендинг {client.name}",
                           planned_due=timezone.localdate() + timedelta(days=10))
    return mine, other


def feed_url(http) -> str:
    http.post("/calendar/change/", {"action": "issue"})
    page = http.get("/calendar/").content.decode()
    return re.search(r'value="https?://[^/"]+(/feeds/[^"]+\.ics)"', page).group(1)


def parse(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_a_manager_gets_their_clients_deadlines(team, deadlines, as_user, client):
    url = feed_url(as_user(team.masha))
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = parse(response.content)
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == ["Ответ клиенту до: Альфа; Бета, и Ко",
                         "Срок: Лендинг Альфа; Бета, и Ко (Альфа; Бета, и Ко)"]
    reply = next(e for e in events if str(e["UID"]).startswith("reply-"))
    assert reply["DTEND"].dt > reply["DTSTART"].dt
    assert any(c.name == "VALARM" for c in reply.walk())
    assert "пожалуйста" in str(reply["DESCRIPTION"])


def test_an_owner_sees_every_client(team, deadlines, as_user, client):
    url = feed_url(as_user(team.olena))
    client.logout()
    assert len(parse(client.get(url).content)) == 4


def test_a_new_link_revokes_the_old_and_turning_off_revokes_it(team, deadlines, as_user):
    http = as_user(team.masha)
    old = feed_url(http)
    new = feed_url(http)
    assert old != new
    assert http.get(old).status_code == 404
    assert http.get(new).status_code == 200
    http.post("/calendar/change/", {"action": "revoke"})
    assert http.get(new).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_only_the_hash_of_the_token_is_stored(team, as_user):
    url = feed_url(as_user(team.masha))
    token = url.removeprefix("/feeds/").removesuffix(".ics")
    assert len(token) >= 40
    assert not CalendarFeed.objects.filter(token_hash=token).exists()


def test_a_wrong_token_is_a_plain_404(client, db):
    assert client.get("/feeds/nonsense.ics").status_code == 404
    assert client.get("/feeds/" + "x" * 300 + ".ics").status_code == 404

"""Keep-in-touch reminders in the member's calendar feed (BRIEF C6, C8): each past client's
next reminder as an all-day event on its due day, an overdue one on today, a manager's own
clients only."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from retainer.clients.models import Stage
from tests.factories import ClientFactory, InteractionFactory
from tests.feeds.test_calendar_feed import feed_url

pytestmark = pytest.mark.django_db


def events(body: bytes) -> dict[str, object]:
    return {str(c["UID"]).split("@")[0]: c for c in Calendar.from_ical(body).walk()
            if c.name == "VEVENT" and str(c["UID"]).startswith("keep-in-touch-")}


def test_reminders_of_my_past_clients_are_in_my_feed(team, as_user, client):
    today = timezone.localdate(timezone.now(), ZoneInfo("Europe/Moscow"))
    overdue = ClientFactory(agency=team.agency, name="Тихий", stage=Stage.SUPPORT,
                            account_manager=team.masha.user)
    InteractionFactory(client=overdue, occurred_at=timezone.now() - timedelta(days=45))
    ahead = ClientFactory(agency=team.agency, name="Недавний", stage=Stage.ENDED,
                          account_manager=team.masha.user, keep_in_touch_days=60)
    InteractionFactory(client=ahead, occurred_at=timezone.now() - timedelta(days=10))
    others = ClientFactory(agency=team.agency, name="Чужой", stage=Stage.SUPPORT,
                           account_manager=team.olena.user)
    InteractionFactory(client=others, occurred_at=timezone.now() - timedelta(days=45))
    url = feed_url(as_user(team.masha))
    client.logout()
    found = events(client.get(url).content)
    last = timezone.localdate(timezone.now() - timedelta(days=45), ZoneInfo("Europe/Moscow"))
    recent = timezone.localdate(timezone.now() - timedelta(days=10), ZoneInfo("Europe/Moscow"))
    assert set(found) == {f"keep-in-touch-{overdue.pk}-{(last + timedelta(days=30)).isoformat()}",
                          f"keep-in-touch-{ahead.pk}-{(recent + timedelta(days=60)).isoformat()}"}
    late = found[f"keep-in-touch-{overdue.pk}-{(last + timedelta(days=30)).isoformat()}"]
    assert late["DTSTART"].dt == today  # overdue: on today, not lost in the past
    assert "Тихий" in str(late["SUMMARY"])
    assert str(late["URL"]).endswith(f"/clients/{overdue.pk}/")
    coming = next(e for uid, e in found.items() if uid.startswith(f"keep-in-touch-{ahead.pk}-"))
    assert coming["DTSTART"].dt == recent + timedelta(days=60)
    assert coming["DTEND"].dt - coming["DTSTART"].dt == timedelta(days=1)


def test_an_owner_sees_every_past_clients_reminder(team, as_user, client):
    for manager in (team.masha, team.olena):
        past = ClientFactory(agency=team.agency, stage=Stage.SUPPORT,
                             account_manager=manager.user)
        InteractionFactory(client=past, occurred_at=timezone.now() - timedelta(days=5))
    url = feed_url(as_user(team.olena))
    client.logout()
    assert len(events(client.get(url).content)) == 2

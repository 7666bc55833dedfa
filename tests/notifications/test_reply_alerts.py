"""Near-breach and breach alerts: to the account manager, in the app and by e-mail, once,
and only inside the agency's working hours."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from retainer.conversations.alerts import reply_clocks_check
from retainer.conversations.services import interaction_create
from retainer.notifications.models import Notification
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MSK)  # the 23rd is a Monday


@pytest.fixture
def waiting(team):
    client = ClientFactory(agency=team.agency, name="Альфа", account_manager=team.masha.user)
    interaction_create(client=client, data={
        "channel": "email", "direction": "in", "occurred_at": at(23, 10),
        "text": "Где макеты?",
    })  # due 15:00, near from 14:00 (a quarter of 4 h left)
    return client


def test_nothing_before_the_reply_is_near(team, waiting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reply_clocks_check(now=at(23, 13)) == 0
    assert not mail.outbox


def test_the_account_manager_is_told_once_when_near_and_once_when_breached(
        team, waiting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reply_clocks_check(now=at(23, 14, 30)) == 1
        assert reply_clocks_check(now=at(23, 14, 45)) == 0  # already told
        assert reply_clocks_check(now=at(23, 15, 30)) == 1
    kinds = list(Notification.objects.values_list("user__email", "kind").order_by("id"))
    assert kinds == [("masha@veter.example", "reply_near"),
                     ("masha@veter.example", "reply_breached")]
    assert [m.to for m in mail.outbox] == [["masha@veter.example"], ["masha@veter.example"]]
    assert "Альфа" in mail.outbox[1].subject
    assert "/clients/" in mail.outbox[1].body


def test_never_at_night_or_at_the_weekend(team, waiting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reply_clocks_check(now=at(23, 23)) == 0  # breached, but it is night
        assert reply_clocks_check(now=at(28, 12)) == 0  # Saturday
        assert reply_clocks_check(now=at(23, 13, 30)) == 0  # lunch break
        assert reply_clocks_check(now=at(24, 9, 5)) == 1  # the next working morning
    assert len(mail.outbox) == 1


def test_owners_are_told_when_the_client_has_no_manager(team, django_capture_on_commit_callbacks):
    client = ClientFactory(agency=team.agency, account_manager=None)
    interaction_create(client=client, data={
        "channel": "email", "direction": "in", "occurred_at": at(23, 10), "text": "Алло?"})
    with django_capture_on_commit_callbacks(execute=True):
        reply_clocks_check(now=at(23, 16))
    assert list(Notification.objects.values_list("user__email", flat=True)) == [
        "olena@veter.example"]


def test_the_e_mail_is_in_the_recipients_language(team, waiting,
                                                 django_capture_on_commit_callbacks):
    team.masha.user.language = "en"
    team.masha.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        reply_clocks_check(now=at(23, 16))
    assert mail.outbox[0].subject.startswith("Reply overdue")


def test_the_notifications_page_and_badge(team, waiting, as_user,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply_clocks_check(now=at(23, 16))
    http = as_user(team.masha)
    assert ">1<" in http.get("/notifications/badge/").content.decode()
    page = http.get("/notifications/").content.decode()
    assert "Ответ просрочен: Альфа" in page
    http.post("/notifications/read/")
    assert "badge" not in http.get("/notifications/badge/").content.decode()
    assert "Альфа" not in as_user(team.petro).get("/notifications/").content.decode()


def test_the_command_runs_a_check(team, waiting, capsys):
    call_command("check_reply_clocks")
    assert "notification(s) created" in capsys.readouterr().out

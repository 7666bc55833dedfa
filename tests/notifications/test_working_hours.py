"""Working-hours delivery: a notice's e-mail goes at once inside the agency's working hours;
outside them it is queued to run when the next working window opens. The database task
backend (production's) holds it until then; the immediate one of the demo and tests cannot
wait and sends at once. Either way an e-mail goes exactly once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from retainer.notifications.models import Notification, NotificationKind
from retainer.notifications.services import notify
from retainer.notifications.tasks import notification_email

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def closed_until_the_day_after_tomorrow(team):
    """The agency works on one weekday only, two days from now: it is not working time now,
    whatever the real clock says, and its next window opens then at 10:00."""
    opens_on = timezone.localdate(timezone=MSK) + timedelta(days=2)
    team.agency.working_windows = {str(opens_on.weekday()): [["10:00", "18:00"]]}
    team.agency.holiday_country = ""
    team.agency.save()
    return opens_on


def health_red(team, subject: str = "client:1"):
    return notify(agency=team.agency, user=team.masha.user, kind=NotificationKind.HEALTH_RED,
                  subject_key=subject, params={"client": "Альфа", "score": 31, "was": 55,
                                               "weakest": "honesty"},
                  url="/clients/1/")


def work() -> None:
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")


# The worker closes the connection of a test's enclosing transaction: these tests commit.
@pytest.mark.django_db(transaction=True)
def test_outside_working_hours_the_e_mail_waits_in_the_queue_for_the_window(
        team, database_tasks, closed_until_the_day_after_tomorrow,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = health_red(team)
    opens = notification.email_after.astimezone(MSK)
    assert (opens.date(), opens.time()) == (closed_until_the_day_after_tomorrow, time(10))
    queued = DBTaskResult.objects.get()
    assert queued.run_after == notification.email_after
    assert not DBTaskResult.objects.ready().exists()
    work()
    assert mail.outbox == []  # a worker running now leaves it for the window
    notification.refresh_from_db()
    assert notification.emailed_at is None

    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))  # it opens
    work()
    assert [m.to for m in mail.outbox] == [["masha@veter.example"]]
    assert "Альфа" in mail.outbox[0].subject
    notification_email.enqueue(notification.pk)  # a second run, say a retried job
    work()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_inside_working_hours_the_e_mail_is_queued_to_go_at_once(
        team, database_tasks, django_capture_on_commit_callbacks):
    team.agency.working_windows = {str(day): [["00:00", "24:00"]] for day in range(7)}
    team.agency.holiday_country = ""
    team.agency.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = health_red(team)
    assert notification.email_after <= timezone.now()
    assert DBTaskResult.objects.ready().count() == 1
    work()
    assert len(mail.outbox) == 1


def test_a_backend_that_cannot_wait_sends_at_once(team, closed_until_the_day_after_tomorrow,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = health_red(team)
    assert notification.email_after > timezone.now()
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


def test_the_moment_of_the_news_decides_the_window(team):
    """Checks replaying a moment (the demo, a catch-up) pass it in."""
    night = datetime(2026, 11, 23, 23, 0, tzinfo=MSK)  # a Monday
    notification = notify(agency=team.agency, user=team.masha.user,
                          kind=NotificationKind.KEEP_IN_TOUCH, subject_key="client:2",
                          params={"client": "Бета", "last_contact": "", "due": "2026-11-24"},
                          now=night)
    assert notification.email_after == night.replace(day=24, hour=9)

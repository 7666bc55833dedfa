"""Per-member preferences, per kind of notice: in the app, by e-mail, both by default.
`notify` honours them and still tells a member once per subject, whichever way."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from retainer.notifications.models import Notification, NotificationKind, NotificationPreference
from retainer.notifications.selectors import notification_preferences, unread_count
from retainer.notifications.services import notification_preferences_set, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def around_the_clock(team):
    # Working time whenever the tests run: e-mails go at once.
    team.agency.working_windows = {str(day): [["00:00", "24:00"]] for day in range(7)}
    team.agency.holiday_country = ""
    team.agency.save()


def burn(team, subject: str = "period:1:80", user=None):
    return notify(agency=team.agency, user=user or team.masha.user,
                  kind=NotificationKind.BURN_ALERT, subject_key=subject,
                  params={"client": "Альфа", "agreement": "Сопровождение", "threshold": 80,
                          "burn": 85, "used": "17", "available": "20"},
                  url="/agreements/1/")


def choose(team, user=None, **ways):
    notification_preferences_set(agency=team.agency, user=user or team.masha.user,
                                 choices={NotificationKind.BURN_ALERT: ways})


def test_by_default_every_kind_comes_both_ways(team):
    preferences = notification_preferences(agency=team.agency, user=team.masha.user)
    assert [p.kind for p in preferences] == list(NotificationKind.values)
    assert all(p.in_app and p.email for p in preferences)


def test_with_e_mail_off_the_notice_is_only_in_the_app(team, around_the_clock,
                                                      django_capture_on_commit_callbacks):
    choose(team, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notification = burn(team)
    assert notification is not None and notification.email_after is None
    assert mail.outbox == []
    assert unread_count(agency=team.agency, user=team.masha.user) == 1


def test_with_the_app_off_the_notice_comes_by_e_mail_and_is_not_listed(
        team, around_the_clock, as_user, django_capture_on_commit_callbacks):
    choose(team, in_app=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert burn(team) is not None
        assert burn(team) is None  # still once per subject
    assert len(mail.outbox) == 1
    assert unread_count(agency=team.agency, user=team.masha.user) == 0
    page = english(as_user(team.masha)).get(reverse("notification_list")).content.decode()
    assert "No notifications yet" in page


def test_with_both_off_nothing_reaches_the_member_and_nothing_comes_later(
        team, around_the_clock, django_capture_on_commit_callbacks):
    choose(team, in_app=False, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        burn(team)
    choose(team, in_app=True, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert burn(team) is None  # turned on again: the old subject is not told again
        assert burn(team, subject="period:1:100") is not None
    assert len(mail.outbox) == 1
    assert unread_count(agency=team.agency, user=team.masha.user) == 1


def test_preferences_are_each_members_own(team, around_the_clock,
                                          django_capture_on_commit_callbacks):
    choose(team, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        burn(team, user=team.olena.user)
    assert [m.to for m in mail.outbox] == [["olena@veter.example"]]


def test_e_mail_turned_off_before_a_queued_e_mail_goes_stops_it(team, around_the_clock,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        burn(team)  # queued, not sent yet
    choose(team, email=False)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_a_way_left_out_keeps_its_choice_and_an_unknown_kind_changes_nothing(team):
    choose(team, email=False)
    choose(team, in_app=False)
    (burn_alert,) = [p for p in notification_preferences(agency=team.agency,
                                                         user=team.masha.user)
                     if p.kind == NotificationKind.BURN_ALERT]
    assert (burn_alert.in_app, burn_alert.email) == (False, False)
    with pytest.raises(ValidationError):
        notification_preferences_set(agency=team.agency, user=team.masha.user, choices={
            NotificationKind.HEALTH_RED: {"email": False}, "gossip": {"email": False}})
    assert not NotificationPreference.objects.filter(kind=NotificationKind.HEALTH_RED).exists()


def english(http):
    http.cookies["django_language"] = "en"
    return http


def test_the_settings_page_shows_and_saves_the_choices(team, as_user):
    http = english(as_user(team.petro))
    page = http.get(reverse("notification_settings")).content.decode()
    assert "A client&#x27;s health turned red" in page
    assert page.count('type="checkbox"') == 2 * len(NotificationKind.values)
    assert page.count("checked") == 2 * len(NotificationKind.values)
    data = {f"{kind}_in_app": "on" for kind in NotificationKind.values}
    data |= {f"{kind}_email": "on" for kind in NotificationKind.values
             if kind != NotificationKind.KEEP_IN_TOUCH}
    response = http.post(reverse("notification_settings"), data)
    assert response.status_code == 302
    stored = {p.kind: (p.in_app, p.email) for p in
              notification_preferences(agency=team.agency, user=team.petro.user)}
    assert stored[NotificationKind.KEEP_IN_TOUCH] == (True, False)
    assert stored[NotificationKind.HEALTH_RED] == (True, True)
    assert page.count("checked") - 1 == english(as_user(team.petro)).get(
        reverse("notification_settings")).content.decode().count("checked")
    # Everything cleared: the browser posts no box at all.
    http.post(reverse("notification_settings"), {})
    assert not any(p.in_app or p.email for p in
                   notification_preferences(agency=team.agency, user=team.petro.user))
    assert all(p.in_app and p.email for p in
               notification_preferences(agency=team.agency, user=team.masha.user))


def test_the_list_links_to_the_settings(team, as_user):
    page = as_user(team.masha).get(reverse("notification_list")).content.decode()
    assert reverse("notification_settings") in page

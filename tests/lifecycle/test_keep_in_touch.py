"""Keep in touch after a project (BRIEF C6): which past clients are due a reminder of us,
from their last contact either way and their cadence, and the account manager's reminder —
once per client and due date, only in the agency's working hours."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from retainer.clients.models import Stage
from retainer.lifecycle.selectors import keep_in_touch_due, keep_in_touch_schedule
from retainer.lifecycle.services import keep_in_touch_check
from retainer.notifications.models import Notification, NotificationKind
from retainer.policy.services import policy_update
from tests.factories import AgreementFactory, ClientFactory, InteractionFactory

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=MSK)
TODAY = MONDAY.date()


def days_ago(n: int):
    return TODAY - timedelta(days=n)


def at(n: int, hour: int = 12) -> datetime:
    return datetime.combine(days_ago(n), time(hour), tzinfo=MSK)


@pytest.fixture
def past(team):
    """Masha's past clients: one quiet for 40 days (due), one written to 10 days ago (not
    due), one agreed to hear from us every 7 days (due), one whose agreement ran out 35
    days ago and who never wrote (due from the end); Olena's ended client quiet for 31
    days (due); and a current client quiet for a year (not a past client)."""
    masha, olena = team.masha.user, team.olena.user
    quiet = ClientFactory(agency=team.agency, name="Тихий", stage=Stage.SUPPORT,
                          account_manager=masha)
    InteractionFactory(client=quiet, direction="in", occurred_at=at(40))
    recent = ClientFactory(agency=team.agency, name="Недавний", stage=Stage.SUPPORT,
                           account_manager=masha)
    InteractionFactory(client=recent, direction="out", occurred_at=at(10))
    weekly = ClientFactory(agency=team.agency, name="Еженедельный", stage=Stage.SUPPORT,
                           account_manager=masha, keep_in_touch_days=7)
    InteractionFactory(client=weekly, direction="out", occurred_at=at(8))
    lapsed = ClientFactory(agency=team.agency, name="Истёкший", account_manager=masha)
    AgreementFactory(client=lapsed, starts_on=days_ago(200), ends_on=days_ago(35))
    ended = ClientFactory(agency=team.agency, name="Ушедший", stage=Stage.ENDED,
                          account_manager=olena)
    # At one in the night in Moscow: still the evening before in UTC.
    InteractionFactory(client=ended, direction="in", occurred_at=at(31, 1))
    current = ClientFactory(agency=team.agency, name="Текущий", stage=Stage.NORMALIZATION,
                            account_manager=masha)
    AgreementFactory(client=current, starts_on=days_ago(400))
    InteractionFactory(client=current, direction="in", occurred_at=at(365))
    return {c.name: c for c in (quiet, recent, weekly, lapsed, ended, current)}


def test_past_clients_due_a_reminder_the_longest_waiting_first(team, past):
    due = keep_in_touch_due(agency=team.agency, manager_id=None, today=TODAY)
    rows = [(c.name, c.last_contact_on, c.contact_due_on) for c in due]
    assert rows == [
        ("Тихий", days_ago(40), days_ago(10)),
        ("Истёкший", None, days_ago(5)),
        ("Еженедельный", days_ago(8), days_ago(1)),
        ("Ушедший", days_ago(31), days_ago(1)),
    ]


def test_the_day_the_reminder_falls_due_counts(team, past):
    names = {c.name for c in keep_in_touch_due(agency=team.agency, manager_id=None,
                                               today=days_ago(1))}
    assert names == {"Тихий", "Истёкший", "Ушедший", "Еженедельный"}
    names = {c.name for c in keep_in_touch_due(agency=team.agency, manager_id=None,
                                               today=days_ago(2))}
    assert names == {"Тихий", "Истёкший"}


def test_the_schedule_shows_the_reminders_ahead(team, past):
    ahead = {c.name: c.contact_due_on for c in keep_in_touch_schedule(agency=team.agency,
                                                                      today=TODAY)}
    assert ahead["Недавний"] == days_ago(10) + timedelta(days=30)
    assert "Текущий" not in ahead


def test_mine_are_the_clients_i_manage(team, past):
    mine = keep_in_touch_due(agency=team.agency, manager_id=team.olena.user.pk, today=TODAY)
    assert [c.name for c in mine] == ["Ушедший"]


def test_the_policys_cadence_applies_without_the_clients_own(team, past):
    policy_update(agency=team.agency, actor=team.olena.user,
                  changes={"keep_in_touch_days": 45}, note="реже")
    names = {c.name for c in keep_in_touch_due(agency=team.agency, manager_id=None,
                                               today=TODAY)}
    assert names == {"Еженедельный"}


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_is_one_query_whatever_the_number_of_clients(team, count,
                                                               django_assert_num_queries):
    for index in range(count):
        client = ClientFactory(agency=team.agency, stage=Stage.SUPPORT,
                               account_manager=team.masha.user)
        AgreementFactory(client=client, status="ended", starts_on=days_ago(300),
                         ends_on=days_ago(100))
        for n in range(3):
            InteractionFactory(client=client, occurred_at=at(40 + index + n))
    with django_assert_num_queries(2):  # the policy, then the page
        due = list(keep_in_touch_due(agency=team.agency, manager_id=None, today=TODAY))
    assert len(due) == count
    assert [c.last_contact_on for c in due] == sorted(c.last_contact_on for c in due)


def test_the_manager_is_reminded_once_per_due_date_in_working_hours(team, past):
    saturday = MONDAY - timedelta(days=2)
    assert keep_in_touch_check(now=saturday) == 0
    assert keep_in_touch_check(now=MONDAY.replace(hour=7)) == 0
    assert keep_in_touch_check(now=MONDAY) == 4
    assert keep_in_touch_check(now=MONDAY + timedelta(hours=2)) == 0
    reminders = Notification.objects.filter(kind=NotificationKind.KEEP_IN_TOUCH)
    quiet = past["Тихий"]
    notice = reminders.get(subject_key=f"keep_in_touch:{quiet.pk}:{days_ago(10).isoformat()}")
    assert notice.user == team.masha.user
    assert notice.params == {"client": "Тихий", "last_contact": days_ago(40).isoformat(),
                             "due": days_ago(10).isoformat()}
    assert notice.url == reverse("client_detail", kwargs={"client_id": quiet.pk})
    lapsed = reminders.get(subject_key__startswith=f"keep_in_touch:{past['Истёкший'].pk}:")
    assert lapsed.params["last_contact"] == ""
    assert reminders.get(subject_key__startswith=f"keep_in_touch:{past['Ушедший'].pk}:"
                         ).user == team.olena.user


def test_a_new_contact_moves_the_next_reminder(team, past):
    keep_in_touch_check(now=MONDAY)
    InteractionFactory(client=past["Тихий"], direction="out", occurred_at=MONDAY)
    # A month on: the quiet client's next reminder, and the recent one's first.
    assert keep_in_touch_check(now=MONDAY + timedelta(days=31)) == 2
    keys = set(Notification.objects.filter(user=team.masha.user,
                                           subject_key__startswith=f"keep_in_touch:"
                                           f"{past['Тихий'].pk}:")
               .values_list("subject_key", flat=True))
    assert keys == {f"keep_in_touch:{past['Тихий'].pk}:{days_ago(10).isoformat()}",
                    f"keep_in_touch:{past['Тихий'].pk}:{(TODAY + timedelta(days=30)).isoformat()}"}


def test_a_client_whose_manager_left_is_the_owners(team, past):
    team.masha.delete()
    keep_in_touch_check(now=MONDAY)
    quiet = Notification.objects.get(kind=NotificationKind.KEEP_IN_TOUCH,
                                     subject_key__startswith=f"keep_in_touch:"
                                     f"{past['Тихий'].pk}:")
    assert quiet.user == team.olena.user

"""A message from a client in group A or B that waits past its response target escalates at
once: every owner is told (once), and an escalation task opens for an owner — besides the
account manager's usual overdue alert. Calm clients and clients in group C do not escalate."""

from __future__ import annotations

import pytest

from retainer.accounts.roles import Role
from retainer.conversations.alerts import reply_clocks_check
from retainer.notifications.models import Notification, NotificationKind
from retainer.notifications.texts import describe
from retainer.worklist.models import Task, TaskKind
from tests.factories import ClientFactory, MembershipFactory, UserFactory
from tests.recovery.conftest import ANGRY, CONCILIATORY, DISAPPOINTED, at, unhappy_client, write

pytestmark = pytest.mark.django_db
BREACHED = at(23, 15, 30)  # written at 10:00, 4 business hours and lunch: due at 15:00


def notified(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


@pytest.fixture
def second_owner(team):
    user = UserFactory(email="taras@veter.example", full_name="Taras")
    return MembershipFactory(user=user, agency=team.agency, role=Role.OWNER)


@pytest.mark.parametrize("text", [ANGRY, DISAPPOINTED])
def test_an_unhappy_client_waiting_past_the_target_escalates_to_every_owner_once(
        team, second_owner, text):
    client = unhappy_client(team, text, "ООО «Гнев»")
    reply_clocks_check(now=BREACHED)
    reply_clocks_check(now=at(23, 16))
    assert notified(NotificationKind.ESCALATION) == ["olena@veter.example",
                                                     "taras@veter.example"]
    assert notified(NotificationKind.REPLY_BREACHED) == ["masha@veter.example"]
    task = Task.objects.get(client=client, kind=TaskKind.ESCALATION)
    assert task.assignee == team.olena.user and task.is_open
    notification = Notification.objects.filter(kind=NotificationKind.ESCALATION).first()
    title, body = describe(notification)
    assert "ООО «Гнев»" in title and notification.params["group"] in ("A", "B")


def test_a_second_waiting_message_adds_to_the_open_task(team):
    client = unhappy_client(team, ANGRY, "ООО «Гнев»")
    reply_clocks_check(now=BREACHED)
    write(client, "Вы вообще читаете, что мы пишем? Мы подадим в суд!", at(23, 11))
    reply_clocks_check(now=at(23, 16, 30))
    assert Task.objects.filter(client=client, kind=TaskKind.ESCALATION).count() == 1
    assert Notification.objects.filter(kind=NotificationKind.ESCALATION).count() == 2


@pytest.mark.parametrize("text", [CONCILIATORY, "Пришлите, пожалуйста, счёт за ноябрь."])
def test_a_client_in_group_c_or_a_content_one_does_not_escalate(team, text):
    client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
    write(client, text, at(23, 10))
    reply_clocks_check(now=BREACHED)
    assert notified(NotificationKind.REPLY_BREACHED) == ["masha@veter.example"]
    assert not Notification.objects.filter(kind=NotificationKind.ESCALATION).exists()
    assert not Task.objects.filter(kind=TaskKind.ESCALATION).exists()


def test_no_escalation_at_night(team):
    unhappy_client(team, ANGRY, "ООО «Гнев»")
    assert reply_clocks_check(now=at(23, 22)) == 0
    assert not Task.objects.filter(kind=TaskKind.ESCALATION).exists()

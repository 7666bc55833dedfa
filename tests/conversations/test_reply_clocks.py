"""Reply clocks kept on inbound messages: due times in business hours, answered by our next
message, paused while a thread waits for the client, recomputed when the calendar or the
target changes."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from retainer.accounts.services import agency_update
from retainer.agreements.services import agreement_update
from retainer.conversations.clocks import reply_clocks_rebuild
from retainer.conversations.models import Interaction
from retainer.conversations.services import (
    interaction_create,
    interaction_update,
    thread_resume,
    thread_wait,
)
from retainer.policy.services import policy_update
from tests.factories import AgreementFactory, ClientFactory

MSK = ZoneInfo("Europe/Moscow")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """November 2026; the 23rd is a Monday. The agency works 09–13 and 14–18, Mon–Fri."""
    return datetime(2026, 11, day, hour, minute, tzinfo=MSK)


@pytest.fixture
def client(team):
    client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
    AgreementFactory(client=client, response_target_hours=Decimal("4"),
                     starts_on=date(2026, 1, 1))
    return client


def message(client, when, direction="in", thread="", text="Когда будет готов макет?"):
    return interaction_create(client=client, data={
        "channel": "email", "direction": direction, "occurred_at": when, "text": text,
        "thread": thread,
    })


def test_an_inbound_message_is_due_four_business_hours_later(client):
    received = message(client, at(27, 16))  # Friday 16:00
    assert received.reply_due_at == at(30, 11)  # Monday 11:00: 2 h Friday + 9–11
    assert received.reply_target_seconds == 4 * 3600
    assert received.replied_at is None


def test_our_next_message_answers_every_open_message_before_it(client):
    first = message(client, at(23, 10))
    second = message(client, at(23, 11))
    reply = message(client, at(23, 12), direction="out", text="Завтра пришлём.")
    later = message(client, at(23, 15))
    for item in (first, second):
        item.refresh_from_db()
        assert item.replied_at == reply.occurred_at == at(23, 12)
    later.refresh_from_db()
    assert later.replied_at is None and later.reply_due_at == at(24, 10)


def test_a_backdated_reply_answers_exactly_the_messages_before_it(client):
    early = message(client, at(23, 10))
    late = message(client, at(23, 15))
    message(client, at(23, 12), direction="out")  # logged afterwards, happened in between
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.replied_at == at(23, 12)
    assert late.replied_at is None


def test_changing_the_direction_of_a_message_moves_the_clocks(client):
    question = message(client, at(23, 10))
    answer = message(client, at(23, 11), direction="out")
    interaction_update(interaction=answer, data={"direction": "in"})
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.replied_at is None
    assert answer.reply_due_at is not None and answer.replied_at is None


def test_waiting_for_the_client_stops_the_clock_and_resuming_adds_the_pause(client):
    asked = message(client, at(23, 10), thread="brief")
    thread_wait(client=client, key="brief", now=at(23, 11))
    asked.refresh_from_db()
    assert asked.paused_since == at(23, 11) and asked.reply_due_at is None

    thread_resume(client=client, key="brief", now=at(23, 16))  # 4 business hours stood still
    asked.refresh_from_db()
    assert asked.paused_since is None
    assert asked.paused_seconds == 4 * 3600
    # 8 business hours from Monday 10:00 (the 4 h target and the 4 h paused): Tuesday 10:00.
    assert asked.reply_due_at == at(24, 10)


def test_the_clients_answer_ends_the_wait(client):
    message(client, at(23, 10), thread="brief")
    thread_wait(client=client, key="brief", now=at(23, 11))
    answer = message(client, at(23, 12), thread="brief", text="Вот ответ на ваш вопрос")
    assert answer.reply_due_at is not None
    earlier = Interaction.objects.filter(client=client).order_by("occurred_at").first()
    assert earlier.paused_since is None and earlier.paused_seconds == 3600


def test_waiting_on_one_thread_leaves_the_others_running(client):
    other = message(client, at(23, 10), thread="invoice")
    thread_wait(client=client, key="brief", now=at(23, 11))
    other.refresh_from_db()
    assert other.paused_since is None and other.reply_due_at == at(23, 15)


def test_a_new_calendar_recomputes_every_open_due_time(client, team, django_capture_on_commit_callbacks):
    open_message = message(client, at(23, 16))
    message(client, at(23, 10))
    message(client, at(23, 11), direction="out")
    with django_capture_on_commit_callbacks(execute=True):
        agency_update(agency=team.agency, data={
            "working_windows": {str(d): [["10:00", "19:00"]] for d in range(5)},
        })
    open_message.refresh_from_db()
    assert open_message.reply_due_at == at(24, 11)  # 16–19 today, 10–11 tomorrow


def test_an_agency_day_off_moves_a_due_time(client, team, django_capture_on_commit_callbacks):
    open_message = message(client, at(27, 16))  # Friday; due Monday 11:00
    with django_capture_on_commit_callbacks(execute=True):
        agency_update(agency=team.agency, data={"days_off": ["2026-11-30"]})
    open_message.refresh_from_db()
    assert open_message.reply_due_at == datetime(2026, 12, 1, 11, tzinfo=MSK)


def test_a_new_target_in_the_agreement_recomputes_the_clients_clocks(
        client, django_capture_on_commit_callbacks):
    message(client, at(23, 9), thread="t")
    message(client, at(23, 9, 30), direction="out", thread="t")
    next_message = message(client, at(23, 10), thread="t")
    assert next_message.reply_due_at == at(23, 15)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_update(agreement=client.agreements.get(), data={
            "response_target_hours": Decimal("2")})
    next_message.refresh_from_db()
    assert next_message.reply_due_at == at(23, 12)


def test_a_new_first_reply_target_in_the_policy_recomputes(client, team,
                                                          django_capture_on_commit_callbacks):
    first = message(client, at(23, 10), thread="new")
    with django_capture_on_commit_callbacks(execute=True):
        policy_update(agency=team.agency, actor=team.olena.user,
                      changes={"first_response_target_hours": "1"})
    first.refresh_from_db()
    assert first.reply_due_at == at(23, 11)


def test_rebuilding_twice_changes_nothing(client):
    message(client, at(23, 10))
    message(client, at(23, 11), direction="out")
    message(client, at(23, 12))
    assert reply_clocks_rebuild(client=client) == 0


def test_a_long_log_is_rebuilt_in_chunks(client):
    start = at(2, 10)
    Interaction.objects.bulk_create([
        Interaction(agency=client.agency, client=client, channel="telegram",
                    direction="in" if i % 3 else "out", occurred_at=start + timedelta(minutes=i),
                    text=f"m{i}")
        for i in range(2500)
    ])
    changed = reply_clocks_rebuild(client=client)
    inbound = Interaction.objects.filter(client=client, direction="in")
    assert changed == inbound.count()
    # The log ends with our message (2499 is a multiple of 3), so every message is answered.
    assert not inbound.filter(replied_at__isnull=True).exists()

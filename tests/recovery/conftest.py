"""The brief's three unhappy clients (BRIEF C4 worked example), written as messages through
the log so that triage reads them, at fixed moments of a working Monday in Moscow."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from retainer.conversations.services import interaction_create
from tests.factories import AgreementFactory, ClientFactory

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=MSK)  # a Monday

ANGRY = ("Это уже третий раз. Мы напишем отзыв везде, где только можно, и не заплатим, "
         "пока вы всё не переделаете.")
DISAPPOINTED = "Мы разочарованы. Дайте скидку 40 %, и мы продолжим работу."
CONCILIATORY = "Что-то пошло не так. Давайте обсудим, как это исправить."


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MSK)


def write(client, text: str, when: datetime, direction: str = "in", author=None):
    return interaction_create(client=client, data={
        "channel": "email", "direction": direction, "occurred_at": when, "text": text,
        "author": author})


def unhappy_client(team, text: str, name: str, language: str = "ru", value: int = 900_000,
                   when: datetime | None = None):
    """A client with an agreement (3,000 an hour, a 300,000 budget) who wrote `text` on
    Monday morning (or `when`)."""
    client = ClientFactory(agency=team.agency, name=name, language=language,
                           account_manager=team.masha.user, expected_annual_value=value)
    AgreementFactory(client=client, budget=300_000)
    write(client, text, when or at(23, 10))
    return client


@pytest.fixture
def as_reader(as_user):
    """`as_user`, reading the interface in English (the words the tests look for)."""

    def login(membership):
        http = as_user(membership)
        http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return http

    return login


@pytest.fixture
def angry(team):
    return unhappy_client(team, ANGRY, "ООО «Гнев»")


@pytest.fixture
def disappointed(team):
    return unhappy_client(team, DISAPPOINTED, "ООО «Скидка»")


@pytest.fixture
def conciliatory(team):
    return unhappy_client(team, CONCILIATORY, "ООО «Мир»")

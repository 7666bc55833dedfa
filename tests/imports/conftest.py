"""The client the import tests bring messages into: «Ромашка», whose contact Анна Смирнова
writes from anna@romashka.example and is user222 in Telegram exports; Masha (user111 there)
is its account manager."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import ClientFactory, ContactFactory

DATA = Path(__file__).parent / "data"


def data(name: str) -> str:
    return str(DATA / name)


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "uploads"
    return settings.IMPORT_DIR


@pytest.fixture
def romashka(team):
    return ClientFactory(agency=team.agency, name="Ромашка", account_manager=team.masha.user)


@pytest.fixture
def anna(romashka):
    return ContactFactory(client=romashka, name="Анна Смирнова", email="anna@romashka.example")

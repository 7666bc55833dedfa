"""`manage.py backup` and `restore`: a round trip of a demo agency reproduces every row,
on SQLite by the online backup API and on PostgreSQL by pg_dump/pg_restore; a file that is
not a backup is refused and leaves the database as it was."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from retainer.clients.models import Client
from retainer.conversations.models import Interaction
from retainer.core.backup import fingerprint
from retainer.demo.builder import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    return seed_demo(agency_name="Backup", owner_email="b@demo.example", clients=6,
                     interactions=300, today=date(2026, 11, 23))


def test_a_round_trip_reproduces_every_row(demo, tmp_path):
    before = fingerprint()
    path = tmp_path / "retainer.backup"
    call_command("backup", str(path), stdout=io.StringIO())
    assert path.is_file() and not path.with_name(path.name + ".partial").exists()

    Interaction.objects.filter(agency=demo.agency).delete()
    Client.objects.filter(agency=demo.agency).first().delete()
    Client.objects.create(agency=demo.agency, name="Written after the backup", language="en")
    assert fingerprint().differences(before)

    call_command("restore", str(path), "--no-input", stdout=io.StringIO())
    after = fingerprint()
    assert after.differences(before) == []
    assert after.tables["clients_client"][0] == before.tables["clients_client"][0] > 0
    assert not Client.objects.filter(name="Written after the backup").exists()


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(demo, tmp_path):
    before = fingerprint()
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--no-input")
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "missing.backup"), "--no-input")
    assert fingerprint().differences(before) == []


def test_a_backup_into_a_missing_folder_is_a_clear_error(demo, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "nowhere" / "x.backup"))

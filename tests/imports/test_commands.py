"""The operator's commands: import_telegram, import_mail and import_csv."""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from retainer.conversations.models import Interaction
from tests.imports.conftest import data

pytestmark = pytest.mark.django_db


def run(command: str, *args) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command(command, *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_telegram_with_a_map(team, romashka, anna):
    output = run("import_telegram", data("telegram_new.json"), "--client", str(romashka.pk),
                 "--map", "user222=anna@romashka.example",
                 "--map", "user333=PETRO@veter.example")
    assert "telegram_new.json → Ромашка: 13 added (4 of them events), 0 skipped" in output
    assert "Taken as the client's side" not in output
    petro = Interaction.objects.get(client=romashka, external_id="1777000001:13")
    assert (petro.direction, petro.author) == ("out", team.petro.user)
    anna_says = Interaction.objects.get(client=romashka, external_id="1777000001:2")
    assert anna_says.contact == anna


def test_unmatched_senders_are_listed(romashka):
    output = run("import_telegram", data("telegram_new.json"), "--client", str(romashka.pk))
    assert "Taken as the client's side, without a contact:" in output
    assert "  Анна Смирнова (user222): 5" in output
    assert "  Пётр Дизайнер (user333): 1" in output
    output = run("import_telegram", data("telegram_new.json"), "--client", str(romashka.pk))
    assert "0 added (0 of them events), 13 skipped as already imported" in output


def test_an_unknown_email_in_the_map(romashka):
    with pytest.raises(CommandError, match="nobody@x.example is neither a member"):
        run("import_telegram", data("telegram_new.json"), "--client", str(romashka.pk),
            "--map", "user222=nobody@x.example")
    with pytest.raises(CommandError, match="--map takes SENDER=EMAIL"):
        run("import_telegram", data("telegram_new.json"), "--client", str(romashka.pk),
            "--map", "user222")
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(("command", "name", "message"), [
    ("import_telegram", "messages.html", "messages.html, at the start of the file: This is "
                                         "Telegram's HTML export"),
    ("import_telegram", "truncated.json", "truncated.json, message 9, near byte"),
    ("import_telegram", "not_json.json", "not_json.json, at the start of the file: This is "
                                         "not a JSON file"),
    ("import_telegram", "empty.json", "empty.json: The file is empty."),
    ("import_mail", "empty.mbox", "empty.mbox: The file is empty."),
    ("import_mail", "no_date.eml", "no_date.eml, message 1: The letter has no Date header."),
    ("import_csv", "bad_row.csv", "bad_row.csv, line 5: “вчера вечером” in occurred_at"),
    ("import_csv", "nowhere.csv", "nowhere.csv: The file does not exist."),
])
def test_bad_input_is_one_clear_error(romashka, command, name, message):
    with pytest.raises(CommandError) as caught:
        run(command, data(name), "--client", str(romashka.pk))
    assert str(caught.value).startswith(message), str(caught.value)
    assert not Interaction.objects.exists()


def test_import_mail_from_a_folder(team, romashka, anna, tmp_path):
    for name in ("koi8r.eml", "cp1251.eml", "html_only.eml"):
        shutil.copy(data(name), tmp_path / name)
    output = run("import_mail", str(tmp_path), "--client", str(romashka.pk))
    assert ": 3 added" in output and "Борис Главный (boss@romashka.example): 1" in output
    reply = Interaction.objects.get(external_id="cp1251-1@veter.example")
    assert (reply.direction, reply.author, reply.thread) == (
        "out", team.masha.user, "koi8-1@romashka.example")


def test_import_csv(romashka, anna):
    assert ": 3 added" in run("import_csv", data("log.csv"), "--client", str(romashka.pk))


def test_an_unknown_client(db):
    with pytest.raises(CommandError, match="There is no client with the id 999999"):
        run("import_csv", data("log.csv"), "--client", "999999")

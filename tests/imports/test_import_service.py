"""The service under the commands, the page and the API: who each message is from, what
lands in the log, and that a second run adds nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from retainer.conversations.models import TEXT_MAX_CHARS, Interaction
from retainer.imports import services
from retainer.imports.models import ImportRun, ImportStatus
from retainer.imports.parsers.base import ImportFileError
from retainer.imports.services import import_file
from tests.imports.conftest import data

pytestmark = pytest.mark.django_db


def log(client):
    return {i.external_id: i for i in Interaction.objects.filter(client=client)}


def test_a_telegram_chat_lands_in_the_log(team, romashka, anna):
    run = import_file(client=romashka, source="telegram", path=data("telegram_new.json"),
                      mapping={"user222": f"contact:{anna.pk}"})
    assert (run.status, run.added, run.events, run.duplicates) == ("done", 13, 4, 0)
    rows = log(romashka)
    question = rows["1777000001:2"]
    assert (question.direction, question.contact, question.author) == ("in", anna, None)
    assert question.text == "Добрый день! Когда будет макет?"
    assert question.thread == "telegram:1777000001" and question.source == "telegram"
    assert question.occurred_at == datetime(2024, 3, 1, 7, 5, tzinfo=UTC)
    answer = rows["1777000001:3"]
    # "Masha" is the display name of a member: suggested, and taken as her without a mapping
    assert (answer.direction, answer.author, answer.contact) == ("out", team.masha.user, None)
    assert answer.in_reply_to == "1777000001:2"
    assert answer.edited_at == datetime(2024, 3, 1, 7, 7, tzinfo=UTC)
    assert rows["1777000001:4"].text == "[photo]\nВот макет"
    assert rows["1777000001:4"].attachments == [
        {"name": "photo_1@01-03-2024_12-30-00.jpg", "size": 154321, "kind": "photo"}]
    assert rows["1777000001:9"].forwarded_from == "Иван Директор"
    call = rows["1777000001:11"]
    assert (call.kind, call.text, call.direction) == ("event", "[phone_call] 300 s; hangup", "in")
    assert rows["1777000001:12"].kind == "event" and rows["1777000001:12"].direction == "out"
    assert run.unmatched_senders == [{"key": "user333", "name": "Пётр Дизайнер", "count": 1}]


def test_a_second_run_adds_nothing(romashka, anna):
    first = import_file(client=romashka, source="telegram", path=data("telegram_new.json"))
    second = import_file(client=romashka, source="telegram", path=data("telegram_new.json"))
    assert (first.added, second.added, second.duplicates) == (13, 0, 13)
    assert Interaction.objects.filter(client=romashka).count() == 13
    assert ImportRun.objects.filter(client=romashka, status=ImportStatus.DONE).count() == 2


def test_duplicates_inside_one_file_are_written_once(romashka, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    rows = ["occurred_at;direction;channel;sender;text;external_id"] + [
        f"2024-03-0{day}T10:00:00+03:00;in;chat;anna@romashka.example;Сообщение {day};m{day}"
        for day in (1, 2, 3, 1, 2, 4)
    ]
    path = tmp_path / "twice.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    run = import_file(client=romashka, source="csv", path=str(path))
    assert (run.added, run.duplicates) == (4, 2)
    assert Interaction.objects.filter(client=romashka).count() == 4


def test_a_file_broken_in_the_middle_writes_nothing(romashka, anna, tmp_path, monkeypatch):
    """Cut a good export short: the batches already written before the break go too."""
    monkeypatch.setattr(services, "BATCH_SIZE", 3)
    good = Path(data("telegram_new.json")).read_bytes()
    broken = tmp_path / "result.json"
    broken.write_bytes(good[: len(good) * 3 // 4])
    with pytest.raises(ImportFileError) as caught:
        import_file(client=romashka, source="telegram", path=str(broken))
    assert caught.value.position.message > 3 * 2  # at least two batches had been written
    assert not Interaction.objects.filter(client=romashka).exists()
    run = ImportRun.objects.get(client=romashka)
    assert (run.status, run.added, run.error["file"]) == ("failed", 0, "result.json")
    with translation.override("en"):
        assert run.error_message.startswith(
            f"result.json, message {caught.value.position.message}, near byte ")
        assert "The JSON is broken or cut short" in run.error_message


def test_the_log_is_told_after_a_successful_import_only(
        romashka, django_capture_on_commit_callbacks, monkeypatch):
    told = []
    monkeypatch.setattr(services, "interactions_imported", lambda *, client: told.append(client))
    with django_capture_on_commit_callbacks(execute=True):
        import_file(client=romashka, source="telegram", path=data("telegram_old.json"))
    assert told == [romashka]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ImportFileError):
        import_file(client=romashka, source="telegram", path=data("truncated.json"))
    with django_capture_on_commit_callbacks(execute=True):
        import_file(client=romashka, source="telegram", path=data("telegram_old.json"))
    assert told == [romashka]  # nothing new the second time, nothing at all from the broken file


def test_mail_senders_by_address(team, romashka, anna):
    run = import_file(client=romashka, source="email", path=data("thread.mbox"))
    rows = log(romashka)
    root, reply, answer = (rows["root@romashka.example"], rows["reply1@veter.example"],
                           rows["reply2@romashka.example"])
    assert (root.direction, root.contact, root.author) == ("in", anna, None)
    assert (reply.direction, reply.author, reply.contact) == ("out", team.masha.user, None)
    assert (answer.direction, answer.contact, answer.author) == ("in", None, None)
    assert {root.thread, reply.thread, answer.thread} == {"root@romashka.example"}
    assert root.subject == "Отчёт за февраль" and root.channel == "email"
    assert run.unmatched_senders == [
        {"key": "boss@romashka.example", "name": "Борис Главный", "count": 1}]


def test_a_csv_log(team, romashka, anna):
    run = import_file(client=romashka, source="csv", path=data("log.csv"))
    assert run.added == 3
    by_channel = {i.channel: i for i in Interaction.objects.filter(client=romashka)}
    assert (by_channel["call"].direction, by_channel["call"].contact) == ("in", anna)
    assert (by_channel["meeting"].direction, by_channel["meeting"].author) == (
        "out", team.masha.user)
    assert by_channel["chat"].thread == "site-chat" and by_channel["chat"].source == "csv"
    assert [s["name"] for s in run.unmatched_senders] == ["Борис Главный"]


def test_a_csv_direction_wins_over_the_sender(team, romashka, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("occurred_at,direction,channel,sender,text\n"
                    "2024-03-05T10:00:00+03:00,in,call,masha@veter.example,Перезвонила\n")
    import_file(client=romashka, source="csv", path=str(path))
    row = Interaction.objects.get(client=romashka)
    assert (row.direction, row.author, row.contact) == ("in", None, None)


def test_an_explicit_mapping_beats_the_suggestion(team, romashka, anna):
    run = import_file(client=romashka, source="telegram", path=data("telegram_new.json"),
                      mapping={"user111": f"member:{team.petro.user.pk}",
                               "USER333": f"member:{team.petro.user.pk}", "user222": "client"})
    rows = log(romashka)
    assert rows["1777000001:3"].author == team.petro.user
    assert rows["1777000001:13"].author == team.petro.user
    assert rows["1777000001:2"].contact is None
    assert [s["key"] for s in run.unmatched_senders] == ["user222"]


def test_a_mapping_to_someone_else_is_refused(team, rival, romashka):
    outsider = rival.masha.user
    with pytest.raises(ValidationError):
        import_file(client=romashka, source="telegram", path=data("telegram_new.json"),
                    mapping={"user111": f"member:{outsider.pk}"})
    assert not ImportRun.objects.exists()


def test_an_account_export_keeps_ids_apart_across_chats(romashka):
    run = import_file(client=romashka, source="telegram", path=data("telegram_account.json"))
    assert run.added == 5
    assert set(log(romashka)) == {"222:1", "222:2", "555:1", "555:2", "777:1"}


def test_long_texts_are_shortened_and_counted(romashka, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("occurred_at,direction,channel,sender,text\n"
                    f"2024-03-05T10:00:00+03:00,in,email,a@b.example,{'я' * 25_000}\n"
                    "2024-03-05T11:00:00+03:00,in,email,a@b.example,коротко\n")
    run = import_file(client=romashka, source="csv", path=str(path))
    assert run.truncated == 1
    long = Interaction.objects.get(client=romashka, text__startswith="я")
    assert len(long.text) == TEXT_MAX_CHARS and long.text.endswith("\n[…]")


def test_ids_too_long_for_their_columns_are_hashed_alike(romashka, tmp_path):
    long_id = "x" * 300 + "@example.com"
    root = (f"From: a@b.example\nDate: Mon, 04 Mar 2024 09:00:00 +0300\n"
            f"Message-ID: <{long_id}>\n\nfirst\n")
    reply = (f"From: c@d.example\nDate: Mon, 04 Mar 2024 10:00:00 +0300\n"
             f"Message-ID: <short@d.example>\nIn-Reply-To: <{long_id}>\n"
             f"References: <{long_id}>\n\nsecond\n")
    (tmp_path / "1.eml").write_text(root)
    (tmp_path / "2.eml").write_text(reply)
    import_file(client=romashka, source="email", path=str(tmp_path))
    first, second = Interaction.objects.filter(client=romashka).order_by("occurred_at")
    assert len(first.external_id) == 64
    assert second.in_reply_to == first.external_id == first.thread == second.thread


def test_an_unexpected_failure_in_the_task_is_recorded(romashka, import_dir, monkeypatch):
    upload_to = import_dir / str(romashka.agency_id)
    upload_to.mkdir(parents=True)
    (upload_to / "stored").write_bytes(Path(data("log.csv")).read_bytes())
    run = ImportRun.objects.create(agency=romashka.agency, client=romashka, source="csv",
                                   file_name="log.csv", stored_name=f"{romashka.agency_id}/stored",
                                   status=ImportStatus.QUEUED)

    def broken(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "_write", broken)
    with pytest.raises(RuntimeError):
        services.import_run_stored(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.stored_name) == ("failed", "")
    with translation.override("en"):
        assert run.error_message == ("log.csv: The import stopped on an unexpected error and "
                                     "wrote nothing.")
    assert not (upload_to / "stored").exists() and not Interaction.objects.exists()


def test_an_overlapping_export_counts_only_what_is_new(romashka, tmp_path):
    export = json.loads(Path(data("telegram_new.json")).read_text(encoding="utf-8"))
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps(export | {"messages": export["messages"][:6]}))
    first = import_file(client=romashka, source="telegram", path=str(earlier))
    later = import_file(client=romashka, source="telegram", path=data("telegram_new.json"))
    assert (first.added, first.events) == (6, 1)
    assert (later.added, later.duplicates, later.events) == (7, 6, 3)

    long_row = f"2024-03-05T10:00:00+03:00,in,email,a@b.example,{'я' * 25_000}"
    header = "occurred_at,direction,channel,sender,text"
    (tmp_path / "a.csv").write_text(f"{header}\n{long_row}\n")
    (tmp_path / "b.csv").write_text(f"{header}\n{long_row}\n{long_row}ю\n")
    assert import_file(client=romashka, source="csv", path=str(tmp_path / "a.csv")).truncated == 1
    again = import_file(client=romashka, source="csv", path=str(tmp_path / "b.csv"))
    assert (again.added, again.duplicates, again.truncated) == (1, 1, 1)

"""Telegram Desktop's JSON export, old and new layouts, one chat or the whole account, read
as a stream; a broken file names itself and the place it broke."""

from __future__ import annotations

import json
import os
import tracemalloc
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from retainer.imports.parsers.base import ImportFileError
from retainer.imports.parsers.telegram import read_telegram
from tests.imports.conftest import data

MOSCOW = ZoneInfo("Europe/Moscow")


def read(name: str, **kwargs) -> list:
    return list(read_telegram(data(name), zone=MOSCOW, **kwargs))


def test_the_old_layout_has_local_times_numeric_ids_and_text_lists():
    first, second, third = read("telegram_old.json")
    assert first.external_id == "4242:101" and first.thread == "telegram:4242"
    # no date_unixtime: the local time is the agency's (Moscow, UTC+3)
    assert first.occurred_at == datetime(2019, 6, 3, 6, 15, tzinfo=UTC)
    assert (first.sender_key, first.sender_name) == ("user222", "Анна Смирнова")
    assert second.text == "Добрый день, Анна! Сделаем к пятнице"
    assert second.in_reply_to == "4242:101"
    assert second.edited_at == datetime(2019, 6, 3, 6, 41, 30, tzinfo=UTC)
    assert third.text == "[photo]\nВот пример"
    assert third.attachments == [{"name": "photo_1@03-06-2019_10-02-00.jpg", "size": None,
                                  "kind": "photo"}]


def test_the_new_layout_with_entities_media_events_replies_edits_and_forwards():
    messages = {m.external_id.split(":")[1]: m for m in read("telegram_new.json")}
    assert len(messages) == 13
    assert messages["2"].text == "Добрый день! Когда будет макет?"
    assert messages["2"].occurred_at == datetime(2024, 3, 1, 7, 5, tzinfo=UTC)
    assert messages["3"].in_reply_to == "1777000001:2"
    assert messages["3"].edited_at == datetime(2024, 3, 1, 7, 7, tzinfo=UTC)
    assert messages["5"].text == "[file: ТЗ на баннер.pdf]"
    assert messages["5"].attachments == [{"name": "ТЗ на баннер.pdf", "size": 20480,
                                          "kind": "file"}]
    # a file left out of the export has no name, but is still a voice message
    assert messages["6"].text == "[voice]"
    assert messages["6"].attachments == [{"name": "", "size": None, "kind": "voice"}]
    assert messages["7"].text == "[sticker: 👍]"
    assert messages["8"].text == "[video]\nВидео с презентации"
    assert messages["8"].attachments[0]["kind"] == "video"
    assert messages["9"].forwarded_from == "Иван Директор"
    assert messages["13"].text == "Правки внесу завтра, см. https://example.com/mockup"
    events = {key: m for key, m in messages.items() if m.kind == "event"}
    assert set(events) == {"1", "10", "11", "12"}
    assert events["1"].text == "[create_group] Ромашка × Северный ветер; Masha, Анна Смирнова"
    assert events["10"].text == "[pin_message]"
    assert events["11"].text == "[phone_call] 300 s; hangup"
    assert (events["11"].sender_key, events["11"].sender_name) == ("user222", "Анна Смирнова")
    assert events["12"].text == "[invite_members] Пётр Дизайнер"


def test_an_account_export_keeps_each_chat_apart():
    messages = read("telegram_account.json")
    assert [m.external_id for m in messages] == ["222:1", "222:2", "555:1", "555:2", "777:1"]
    assert [m.thread for m in messages] == ["telegram:222"] * 2 + ["telegram:555"] * 2 + [
        "telegram:777"]
    assert messages[2].kind == "event"
    assert messages[4].text == "Спасибо за работу!"  # a chat the user has left


@pytest.mark.parametrize(("name", "reason", "position"), [
    ("not_json.json", "not a JSON file", "byte=0"),
    ("messages.html", "HTML export", "byte=0"),
    ("empty.json", "The file is empty", "message=None, line=None, byte=None"),
    ("missing.json", "does not exist", "message=None, line=None, byte=None"),
])
def test_a_wrong_file_gets_one_clear_error(name, reason, position):
    with pytest.raises(ImportFileError) as caught:
        read(name)
    assert caught.value.path == name
    assert reason in str(caught.value)
    assert position in repr(caught.value.position)


def test_a_truncated_export_names_the_message_and_byte_where_it_stops():
    with pytest.raises(ImportFileError) as caught:
        read("truncated.json")
    error = caught.value
    assert "broken or cut short" in error.reason
    assert error.position.message == 9  # eight messages were whole
    assert 0 < error.position.byte <= os.path.getsize(data("truncated.json"))


def test_json_that_is_no_export(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(ImportFileError, match="No chat history"):
        list(read_telegram(str(path), zone=MOSCOW))


def test_a_message_without_a_date(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "x", "type": "personal_chat", "id": 1, "messages": [
        {"id": 1, "type": "message", "from": "A", "from_id": "user1", "text": "hi"}]}))
    with pytest.raises(ImportFileError) as caught:
        list(read_telegram(str(path), zone=MOSCOW))
    assert caught.value.params == {"detail": "no date"}
    assert caught.value.position.message == 1


def _export(path, messages: int, account: bool) -> None:
    """One chat of `messages` messages, or an account export of three chats sharing them."""
    chats = 3 if account else 1
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"about": "x", "chats": {"about": "y", "list": [' if account else "")
        for number in range(1, chats + 1):
            out.write(("," if number > 1 else "") + f'{{"name": "chat {number}", '
                      f'"type": "private_group", "id": {number}, "messages": [')
            for i in range(messages // chats):
                out.write(("," if i else "") + json.dumps({
                    "id": i, "type": "message", "date_unixtime": str(1_700_000_000 + i),
                    "from": "Анна", "from_id": "user222",
                    "text": ["Сообщение номер ", {"type": "bold", "text": str(i)}, " " * 200]},
                    ensure_ascii=False))
            out.write("]}")
        out.write("]}}" if account else "")


def _peak(path) -> int:
    tracemalloc.start()
    for _ in read_telegram(str(path), zone=MOSCOW):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("account", [False, True], ids=["one chat", "account"])
def test_memory_does_not_grow_with_the_export(tmp_path, account):
    """Reading three times the messages takes no more memory: nothing keeps a message once
    it is handed on, whichever way the file is walked."""
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    _export(small, 3_000, account)
    _export(large, 9_000, account)
    assert large.stat().st_size > 3 * 1024 * 1024
    assert _peak(large) < _peak(small) * 1.2 + 100_000

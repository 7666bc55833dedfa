"""A CSV log: UTF-8 with or without BOM, ";" or ",", quoted fields across lines; a bad row
names its line."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from retainer.imports.parsers.base import ImportFileError
from retainer.imports.parsers.csv import read_csv
from tests.imports.conftest import data

CHANNELS = ["email", "telegram", "call", "meeting", "chat"]
MOSCOW = ZoneInfo("Europe/Moscow")


def read(path: str) -> list:
    return list(read_csv(path, zone=MOSCOW, channels=CHANNELS))


def test_a_semicolon_csv_with_bom():
    call, meeting, chat = read(data("log.csv"))
    assert (call.external_id, call.direction, call.channel) == ("call-1", "in", "call")
    assert call.text == "Звонок: обсудили правки; договорились о сроках"
    assert call.occurred_at == datetime(2024, 3, 5, 7, 0, tzinfo=UTC)
    assert meeting.text == "Встреча в офисе\nПоказали макет" and meeting.subject == "Встреча"
    assert meeting.occurred_at == datetime(2024, 3, 5, 11, 30, tzinfo=UTC)  # Moscow local
    assert meeting.direction == "out" and len(meeting.external_id) == 64
    assert (chat.sender_key, chat.sender_name) == ("борис главный", "Борис Главный")
    assert chat.direction == "in" and chat.thread == "site-chat"
    assert chat.occurred_at == datetime(2024, 3, 6, 9, 0, tzinfo=UTC)


def test_the_same_row_is_the_same_message():
    assert [m.external_id for m in read(data("log.csv"))] == [
        m.external_id for m in read(data("log.csv"))]


def test_a_bad_row_names_its_line():
    with pytest.raises(ImportFileError) as caught:
        read(data("bad_row.csv"))
    assert caught.value.position.line == 5  # row 3 spans lines 3–4
    assert caught.value.params == {"value": "вчера вечером"}


@pytest.mark.parametrize(("content", "reason", "line"), [
    ("occurred_at,direction,text\n", "lacks the columns channel, sender", 1),
    ("occurred_at,direction,channel,sender,text\n2024-03-05T10:00:00+03:00,back,call,a,b\n",
     "must be “in” or “out”", 2),
    ("occurred_at,direction,channel,sender,text\n2024-03-05T10:00:00+03:00,in,fax,a,b\n",
     "is not one of email, telegram", 2),
    ("occurred_at,direction,channel,sender,text\n2024-03-05T10:00:00+03:00,in,call,a\n",
     "has 4 fields where the header has 5", 2),
    ("occurred_at,direction,channel,sender,text\n2024-03-05T10:00:00+03:00,in,call,a,\n",
     "The text is empty", 2),
])
def test_bad_rows(tmp_path, content, reason, line):
    path = tmp_path / "log.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read(str(path))
    assert reason in str(caught.value) and caught.value.position.line == line


def test_a_file_not_in_utf8(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes("occurred_at;direction;channel;sender;text\n"
                     "2024-03-05T10:00:00+03:00;in;call;Анна;Привет\n".encode("cp1251"))
    with pytest.raises(ImportFileError, match="not in UTF-8") as caught:
        read(str(path))
    assert caught.value.position.line == 2


def test_an_empty_file(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError, match="The file is empty"):
        read(str(path))

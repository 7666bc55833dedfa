"""E-mail in any charset — declared right, declared wrong, or in encoded words — as single
.eml files, folders of them and mboxes, with threads from their Message-IDs."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from retainer.imports.parsers.base import ImportFileError
from retainer.imports.parsers.mail import decode_bytes, header_text, read_mail
from tests.imports.conftest import data


def one(name: str):
    [letter] = read_mail(data(name))
    return letter


def test_koi8_r_with_encoded_word_headers():
    letter = one("koi8r.eml")
    assert letter.sender_name == "Анна Смирнова"
    assert letter.sender_key == "anna@romashka.example"
    assert letter.subject == "Правки к макету"
    assert letter.text.startswith("Добрый день!\nПришлите, пожалуйста, исправленный макет")
    assert letter.external_id == letter.thread == "koi8-1@romashka.example"
    assert letter.occurred_at == datetime(2024, 3, 4, 8, 20, tzinfo=UTC)
    assert letter.channel == "email" and letter.direction is None


def test_windows_1251_quoted_printable_continues_the_thread():
    letter = one("cp1251.eml")
    assert letter.sender_name == "Маша Ковалёва"
    assert letter.subject == "Re: Правки к макету"  # two encoded words, folded
    assert letter.text == "Здравствуйте, Анна!\nМакет исправлен, смотрите вложение.\nМаша"
    assert letter.in_reply_to == letter.thread == "koi8-1@romashka.example"


def test_an_html_only_letter_becomes_readable_text_and_lists_its_attachment():
    letter = one("html_only.eml")
    assert "Смета на второй этап:" in letter.text
    assert "* баннеры — 3 шт." in letter.text and "<" not in letter.text
    assert "Итого" in letter.text and "120 000 ₽" in letter.text
    assert letter.attachments == [{"name": "смета.pdf", "size": 1000, "kind": "file"}]


def test_a_wrongly_declared_charset_is_still_read():
    letter = one("wrong_charset.eml")  # says utf-8, is windows-1251, subject in raw bytes
    assert letter.text == "Где счёт за март? Бухгалтерия ждёт."
    assert letter.subject == "Срочно: счёт"


def test_an_mbox_of_three_letters_is_one_thread():
    root, reply, answer = read_mail(data("thread.mbox"))
    assert [m.external_id for m in (root, reply, answer)] == [
        "root@romashka.example", "reply1@veter.example", "reply2@romashka.example"]
    assert {m.thread for m in (root, reply, answer)} == {"root@romashka.example"}
    assert (reply.in_reply_to, answer.in_reply_to) == ("root@romashka.example",
                                                       "reply1@veter.example")
    assert root.sender_key == "anna@romashka.example"  # addresses compare in lower case
    assert answer.sender_name == "Борис Главный" and answer.subject == "Re: Отчёт за февраль"


def test_a_folder_of_eml_files(tmp_path):
    for name in ("koi8r.eml", "cp1251.eml"):
        shutil.copy(data(name), tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a letter")
    letters = list(read_mail(str(tmp_path)))
    assert [m.external_id for m in letters] == ["cp1251-1@veter.example",
                                                "koi8-1@romashka.example"]


def test_a_letter_without_message_id_is_known_by_its_content(tmp_path):
    raw = b"From: a@b.example\nDate: Mon, 04 Mar 2024 09:00:00 +0300\n\nhello\n"
    (tmp_path / "a.eml").write_bytes(raw)
    letter = next(read_mail(str(tmp_path / "a.eml")))
    assert len(letter.external_id) == 64 and letter.thread == letter.external_id


@pytest.mark.parametrize(("path", "reason", "message"), [
    ("no_date.eml", "no Date header", 1),
    ("empty.mbox", "The file is empty", None),
    ("missing.mbox", "does not exist", None),
])
def test_a_bad_mail_file_gets_one_clear_error(path, reason, message):
    with pytest.raises(ImportFileError) as caught:
        list(read_mail(data(path)))
    assert caught.value.path == path and reason in str(caught.value)
    assert caught.value.position.message == message


def test_the_error_names_the_letter_of_an_mbox(tmp_path):
    good = Path(data("thread.mbox")).read_bytes()
    broken = good + b"From x Mon Mar  4 12:00:00 2024\nFrom: x@y.example\nDate: never\n\nhi\n"
    (tmp_path / "box.mbox").write_bytes(broken)
    with pytest.raises(ImportFileError) as caught:
        list(read_mail(str(tmp_path / "box.mbox"), name="box.mbox"))
    assert caught.value.position.message == 4
    assert caught.value.params == {"value": "never"}


def test_a_folder_without_letters(tmp_path):
    with pytest.raises(ImportFileError, match="no .eml files"):
        list(read_mail(str(tmp_path)))


@pytest.mark.parametrize("charset", ["koi8-r", "cp1251", "utf-8"])
def test_cyrillic_decodes_whatever_the_declaration(charset):
    text = "Съешь же ещё этих мягких французских булок"
    for declared in (charset, "utf-8", "koi8-r", "windows-1251", "x-unknown", None):
        assert decode_bytes(text.encode(charset), declared) == text


def test_encoded_words_in_an_unknown_charset_fall_back():
    assert header_text("=?x-unknown?B?0J/RgNC40LLQtdGC?=") == "Привет"

"""Import errors in the reader's language.

A failed import keeps its error as data (the file, the English reason with its parameters,
and the position), so the history shows it in the language of whoever opens it later.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from retainer.imports.parsers.base import ImportFileError

UNEXPECTED = gettext_noop("The import stopped on an unexpected error and wrote nothing.")
INTERRUPTED = gettext_noop("The import was cut short (its server stopped) and wrote nothing: "
                           "import the file again.")


def error_record(error: ImportFileError) -> dict:
    position = {name: value for name in ("message", "line", "byte")
                if (value := getattr(error.position, name)) is not None}
    return {"file": error.path, "reason": error.reason, "params": error.params,
            "position": position}


def error_text(record: dict) -> str:
    reason = gettext(record["reason"]) % record.get("params", {})
    where = position_text(record.get("position") or {})
    if where:
        return gettext("%(file)s, %(position)s: %(reason)s") % {
            "file": record["file"], "position": where, "reason": reason}
    return gettext("%(file)s: %(reason)s") % {"file": record["file"], "reason": reason}


def position_text(position: dict) -> str:
    parts = []
    if position.get("message") is not None:
        parts.append(gettext("message %(number)s") % {"number": position["message"]})
    if position.get("line") is not None:
        parts.append(gettext("line %(number)s") % {"number": position["line"]})
    if position.get("byte") == 0:
        parts.append(gettext("at the start of the file"))
    elif position.get("byte") is not None:
        parts.append(gettext("near byte %(number)s") % {"number": position["byte"]})
    return ", ".join(parts)


def describe(error: ImportFileError) -> str:
    return error_text(error_record(error))

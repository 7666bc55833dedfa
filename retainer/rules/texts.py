"""Texts the rules core writes for the client: one TOML table per language, kept beside the
rule that writes them so they can be edited without touching code."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path

LANGUAGES = ("ru", "uk", "en")


def texts_from(path: Path) -> Callable[[str], dict]:
    """A reader of `path`'s table for a language, read once per language."""

    @cache
    def texts(language: str) -> dict:
        if language not in LANGUAGES:
            raise ValueError(f"No replies in {language!r}; expected one of {LANGUAGES}")
        with path.open("rb") as source:
            return tomllib.load(source)[language]

    return texts

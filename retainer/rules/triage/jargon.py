"""Professional jargon in a message to a client who is new to the field (BRIEF C9).

An account manager writes "CTR вырос, но лидов мало"; a client who has never bought
advertising reads noise. `jargon()` finds the terms — by lemma, so "лидов", "конверсии" and
"лідів" are found as "лид", "конверсия" and "лід" — and gives each a plain explanation in the
language of the message, to show next to the draft before it is sent.

The terms live in `lexicons/jargon/{ru,uk,en}.toml`, one block per term, editable without
programming. A term written in capitals (CTR, SEO) is found only in capitals, so the English
filler "er" is not taken for ER, engagement rate; look-alike phrases listed under `unless`
("reach out") are passed over.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from retainer.rules.triage.model import LANGUAGES, LEXICON_DIR, Term
from retainer.rules.triage.morph import dictionary_keys, english_stem, word_forms
from retainer.rules.triage.text import WORD, normalize

_JOINER = re.compile(r"[\s\-/]*")
_UK_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ыэъ")


@dataclass(frozen=True)
class _Entry:
    term: str
    explanation: str
    words: tuple[frozenset[str], ...]  # keys of each word of the term
    capitals: tuple[bool, ...]  # the word must be written in capitals
    unless: tuple[tuple[frozenset[str], ...], ...]  # look-alikes: "reach out" is not reach


def _keys(word: str, language: str) -> frozenset[str]:
    lowered = normalize(word)
    if lowered.isascii():
        return frozenset({lowered, english_stem(lowered)})
    return frozenset(dictionary_keys(lowered, language))


@cache
def _entries(language: str) -> dict[str, tuple[_Entry, ...]]:
    path = LEXICON_DIR / "jargon" / f"{language}.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    index: dict[str, list[_Entry]] = {}
    for number, block in enumerate(data.get("term", []), start=1):
        term, explanation = block.get("term"), block.get("explanation")
        if not isinstance(term, str) or not isinstance(explanation, str) or not term.strip():
            raise ValueError(f"{path.name}: term #{number} needs a term and an explanation")
        spellings = [term, *block.get("also", [])]
        unless = tuple(tuple(_keys(word, language) for word in WORD.findall(phrase))
                       for phrase in block.get("unless", []))
        for spelling in spellings:
            words = WORD.findall(spelling)
            if not words:
                raise ValueError(f"{path.name}: {spelling!r} has no letters")
            keys = tuple(_keys(word, language) for word in words)
            capitals = tuple(word.isupper() for word in words)
            entry = _Entry(term, explanation.strip(), keys, capitals, unless)
            for key in keys[0]:
                index.setdefault(key, []).append(entry)
    return {key: tuple(found) for key, found in index.items()}


@cache
def jargon_acronyms() -> frozenset[str]:
    """Every term written in capitals, in any language: not shouting when a client uses it."""
    found: set[str] = set()
    for language in LANGUAGES:
        for entries in _entries(language).values():
            for entry in entries:
                found.update(word for word in WORD.findall(entry.term) if word.isupper())
    return frozenset(found)


def _lemmas(word: str, language: str) -> tuple[str, ...]:
    if word.isascii():
        return word_forms(word, "en").lemmas
    letters = set(word)
    if language == "en":
        language = "uk" if letters & _UK_ONLY else "ru"
    elif letters & _UK_ONLY:
        language = "uk"
    elif letters & _RU_ONLY:
        language = "ru"
    return word_forms(word, language).lemmas


def jargon(text: str, language: str) -> list[Term]:
    """Professional terms in `text`, each with a plain explanation in `language`."""
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of {LANGUAGES}")
    index = _entries(language)
    lowered = normalize(text)
    tokens = [(m.start(), m.end(), _lemmas(m.group(), language))
              for m in WORD.finditer(lowered)]
    found: list[Term] = []
    position = 0
    while position < len(tokens):
        best: tuple[int, _Entry] | None = None
        for lemma in tokens[position][2]:
            for entry in index.get(lemma, ()):
                last = _match(entry, tokens, position, text, lowered)
                if last is not None and (best is None or last > best[0]):
                    best = (last, entry)
        if best is None:
            position += 1
            continue
        last, entry = best
        found.append(Term(entry.term, tokens[position][0], tokens[last][1], entry.explanation))
        position = last + 1
    return found


def _match(entry: _Entry, tokens: list, first: int, text: str, lowered: str) -> int | None:
    for look_alike in entry.unless:
        if _match(_Entry("", "", look_alike, (False,) * len(look_alike), ()), tokens, first,
                  text, lowered) is not None:
            return None
    for offset, (keys, capitals) in enumerate(zip(entry.words, entry.capitals, strict=True)):
        index = first + offset
        if index >= len(tokens):
            return None
        start, end, lemmas = tokens[index]
        if offset and _JOINER.fullmatch(lowered, tokens[index - 1][1], start) is None:
            return None
        if capitals and not text[start:end].isupper():
            return None
        if not any(lemma in keys for lemma in lemmas):
            return None
    return first + len(entry.words) - 1

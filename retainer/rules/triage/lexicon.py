"""Lexicons: the words and phrases behind every flag and every point of negativity.

Each language has one TOML file in `lexicons/` (ru.toml, uk.toml, en.toml) that a person who
does not program can edit: a section per signal, a line per word or phrase, a weight per
line. `common.toml` holds what does not depend on the language: emoji, runs of "!!!" and
"???", words in capitals, and the settings that turn cues into flags and negativity.

Entries are written in dictionary form and filed under the lemmas the morphology returns,
so one line finds every inflection. Phrases are matched lemma by lemma; "..." in a phrase
lets up to three other words stand between its neighbours (never across a sentence end).

Russian and Ukrainian are merged into one table per language, the message's own language
winning where both define a word: clients mix the two, and a Ukrainian "дякую" in a Russian
message is still thanks. English entries are merged in as well (they never collide with
Cyrillic ones), for the "sorry" and "asap" in a Russian message.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from retainer.rules.triage.jargon import jargon_acronyms
from retainer.rules.triage.model import FLAGS, LEXICON_DIR
from retainer.rules.triage.morph import dictionary_keys, english_stem

NEGATIVE = "negative"
POSITIVE = "positive"
CUE_KINDS = (NEGATIVE, POSITIVE, *FLAGS)
GAP = "..."
EXACT = "="
GAP_WORDS = 3
_LIST_SECTIONS = ("negators", "post_negators", "boundaries", "not_requests", "opening_verbs",
                  "opening_leads", "when_words")
_WEIGHT_SECTIONS = ("intensifiers", *CUE_KINDS)
_SETTINGS = ("imperative_request", "you_will_request", "opening_verb_request")


# Frequent words that make poor anchors for a phrase: a phrase is looked for where its
# rarest word occurs.
_COMMON_WORDS = (
    "не нет ни я мы вы ты он она они это то что как там тут где когда ли же бы ну так уже "
    "в на с за по к о у из до от для и а но или ні ви ми це що як чи вже ж б та і й "
    "not no i we you they it is are be do the a an to of in on at for if so and or but "
    "what how when where why can could would will that this"
)
_COMMON = frozenset(_COMMON_WORDS.split())


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Cue:
    """One lexicon line found in a text: what it signals and how strongly."""

    kind: str
    weight: float
    entry: str


@dataclass(frozen=True)
class Phrase:
    elements: tuple[frozenset[str], ...]  # lemma keys of each word
    gaps: tuple[int, ...]  # how many other words may stand before each word
    cue: Cue
    starts_negated: bool  # the phrase itself begins with a negator ("не ... платить")
    anchor: int  # the rarest word: the phrase is looked for only where it occurs
    marks: tuple[int, ...] = ()  # the bit of each word (Lexicon.word_bits; 0 for the anchor)
    # The word next to the anchor, which matching looks for first: on which side it stands
    # (-1 before, 1 after), and its bit when no other word may stand between them (else 0),
    # so that most places a phrase is not are passed over without matching.
    step: int = 0
    near: int = 0
    pair: bool = False  # just the two: with the neighbour found, only punctuation is left


@dataclass(frozen=True)
class Lexicon:
    single: dict[str, tuple[Cue, ...]]
    phrases: dict[str, tuple[Phrase, ...]]  # by the keys of their anchor word
    # One bit per non-anchor word of every phrase, by lemma key: a token is that word of the
    # phrase if its lemmas carry the bit (one integer test instead of a set intersection).
    word_bits: dict[str, int]
    negators: frozenset[str]
    post_negators: frozenset[str]
    intensifiers: dict[str, float]
    boundaries: frozenset[str]
    not_requests: frozenset[str]
    opening_verbs: frozenset[str]
    opening_leads: frozenset[str]
    when_words: frozenset[str]
    imperative_request: float
    you_will_request: float
    opening_verb_request: float


@dataclass(frozen=True)
class Common:
    emoji: dict[str, tuple[Cue, ...]]
    emoji_pattern: re.Pattern[str] | None
    acronyms: frozenset[str]
    exclamation_run: float
    question_run: float
    capitals: float
    capitals_boost: float
    flag_negativity: dict[str, float]
    question_boost: dict[str, float]
    exclamation_boost: dict[str, float]
    request_boost: dict[str, float]
    sarcasm_claim: float
    positive_share: float
    negation_window: int
    intensifier_window: int
    flag_threshold: float
    message_threshold: float
    negativity_scale: float


def _read(name: str) -> dict[str, Any]:
    path = LEXICON_DIR / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path.name}: {error}") from error


def _weight(source: str, section: str, entry: str, value: Any, signed: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value == 0 \
            or (value < 0 and not signed):
        rule = "a number other than 0" if signed else "a number > 0"
        raise LexiconError(f"{source} [{section}] {entry!r}: the weight must be {rule}")
    return float(value)


def _keys(word: str, language: str) -> frozenset[str]:
    word = word.lower().replace("ё", "е").replace("’", "'")
    if word.startswith(EXACT):
        return frozenset({word})  # "=просили": this form only, not every "просить"
    if word.isascii():
        return frozenset({word, english_stem(word)})
    return frozenset(dictionary_keys(word, language))


@dataclass
class _Builder:
    single: dict[str, list[Cue]]
    phrases: dict[str, list[Phrase]]
    negators: set[str]
    post_negators: set[str]
    intensifiers: dict[str, float]
    boundaries: set[str]
    not_requests: set[str]
    opening_verbs: set[str]
    opening_leads: set[str]
    when_words: set[str]
    settings: dict[str, float]


def _build(language: str) -> _Builder:
    source = f"{language}.toml"
    data = _read(source)
    unknown = set(data) - set(_LIST_SECTIONS) - set(_WEIGHT_SECTIONS) - {"settings"}
    if unknown:
        raise LexiconError(f"{source}: unknown sections {sorted(unknown)}")
    builder = _Builder({}, {}, set(), set(), {}, set(), set(), set(), set(), set(), {})
    for section in _LIST_SECTIONS:
        words = data.get(section, {}).get("words", [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise LexiconError(f"{source} [{section}]: words = [\"…\", \"…\"]")
        target = getattr(builder, section)
        for word in words:
            if section == "opening_verbs":
                target.add(word.lower())  # the very form: "send", not "sent"
            else:
                target.update(_keys(word, language))
    for word, factor in data.get("intensifiers", {}).items():
        for key in _keys(word, language):
            builder.intensifiers[key] = _weight(source, "intensifiers", word, factor)
    settings = data.get("settings", {})
    for name in set(settings) - set(_SETTINGS):
        raise LexiconError(f"{source} [settings]: unknown setting {name!r}")
    builder.settings = {name: float(settings.get(name, 0.0)) for name in _SETTINGS}
    for kind in CUE_KINDS:
        for entry, value in data.get(kind, {}).items():
            signed = kind in FLAGS  # a negative weight argues against the flag
            cue = Cue(kind, _weight(source, kind, entry, value, signed), entry)
            words = entry.split()
            if not words or words[0] == GAP or words[-1] == GAP:
                raise LexiconError(f"{source} [{kind}] {entry!r}: '...' goes between words")
            if len(words) == 1:
                for key in _keys(words[0], language):
                    builder.single.setdefault(key, []).append(cue)
                continue
            elements: list[frozenset[str]] = []
            gaps: list[int] = []
            gap = 0
            for word in words:
                if word == GAP:
                    gap = GAP_WORDS
                    continue
                elements.append(_keys(word, language))
                gaps.append(gap)
                gap = 0
            anchor = min(range(len(elements)), key=lambda i: (
                bool(elements[i] & _COMMON), -len(min(elements[i], key=len)), -i))
            phrase = Phrase(tuple(elements), tuple(gaps), cue,
                            starts_negated=bool(elements[0] & builder.negators), anchor=anchor)
            for key in elements[anchor]:
                builder.phrases.setdefault(key, []).append(phrase)
    return builder


@cache
def lexicon(language: str) -> Lexicon:
    """The merged table used for messages in `language` (see the module doc)."""
    order = {"ru": ("ru", "uk", "en"), "uk": ("uk", "ru", "en"), "en": ("en", "ru", "uk")}
    builders = [_build(name) for name in order[language]]
    single: dict[str, tuple[Cue, ...]] = {}
    phrases: dict[str, list[Phrase]] = {}
    seen_phrases: set[tuple[str, tuple[frozenset[str], ...]]] = set()
    for builder in builders:
        for key, cues in builder.single.items():
            single.setdefault(key, tuple(cues))
        for key, found in builder.phrases.items():
            for phrase in found:
                identity = (phrase.cue.kind, phrase.elements)
                if (key, identity) in seen_phrases:
                    continue
                seen_phrases.add((key, identity))
                phrases.setdefault(key, []).append(phrase)
    own = builders[0]
    intensifiers: dict[str, float] = {}
    for builder in reversed(builders):
        intensifiers.update(builder.intensifiers)
    word_bits: dict[str, int] = {}
    numbered: dict[int, Phrase] = {}
    bits_by_word: dict[frozenset[str], int] = {}  # one bit per distinct word
    for found in phrases.values():
        for phrase in found:
            if id(phrase) in numbered:
                continue
            marks = []
            for position, keys in enumerate(phrase.elements):
                if position == phrase.anchor:
                    marks.append(0)
                    continue
                bit = bits_by_word.setdefault(keys, 1 << len(bits_by_word))
                marks.append(bit)
                for key in keys:
                    word_bits[key] = word_bits.get(key, 0) | bit
            step = -1 if phrase.anchor else 1
            near = marks[phrase.anchor + step]
            if phrase.gaps[max(phrase.anchor, phrase.anchor + step)]:
                near = 0  # "..." between them: the word may stand further away
            numbered[id(phrase)] = replace(phrase, marks=tuple(marks), step=step, near=near,
                                           pair=bool(near) and len(marks) == 2)
    return Lexicon(
        single=single,
        phrases={key: tuple(numbered[id(phrase)] for phrase in found)
                 for key, found in phrases.items()},
        word_bits=word_bits,
        negators=frozenset().union(*(b.negators for b in builders)),
        post_negators=frozenset().union(*(b.post_negators for b in builders)),
        intensifiers=intensifiers,
        boundaries=frozenset().union(*(b.boundaries for b in builders)),
        not_requests=frozenset().union(*(b.not_requests for b in builders)),
        opening_verbs=frozenset(own.opening_verbs),
        opening_leads=frozenset(own.opening_leads),
        when_words=frozenset().union(*(b.when_words for b in builders)),
        imperative_request=own.settings["imperative_request"],
        you_will_request=own.settings["you_will_request"],
        opening_verb_request=own.settings["opening_verb_request"],
    )


_VARIATION = "\ufe0f"  # "❤️" is "❤" + this


def _emoji_pattern(symbols: list[str]) -> re.Pattern[str] | None:
    """An alternation for any emoji sequence, and for the emoji of one character the range of
    code points they lie in, then a look back at which character it was: a class of many
    characters beyond U+FFFF is tested one by one at every position of the text, a range at
    once, and most messages hold no emoji at all."""
    if not symbols:
        return None
    single = sorted({symbol[0] for symbol in symbols if len(symbol.rstrip(_VARIATION)) == 1})
    longer = sorted((s for s in symbols if len(s.rstrip(_VARIATION)) > 1), key=len,
                    reverse=True)
    parts = [*map(re.escape, longer)]
    if single:
        lowest, highest = re.escape(single[0]), re.escape(single[-1])
        parts.append(f"[{lowest}-{highest}](?<=[{''.join(map(re.escape, single))}])"
                     f"{_VARIATION}?")
    return re.compile("|".join(parts))


def _per_flag(data: dict[str, Any], section: str) -> dict[str, float]:
    table = data.get(section, {})
    unknown = set(table) - set(FLAGS) - {NEGATIVE, POSITIVE}
    if unknown:
        raise LexiconError(f"common.toml [{section}]: unknown signals {sorted(unknown)}")
    return {kind: float(value) for kind, value in table.items()}


@cache
def common() -> Common:
    source = "common.toml"
    data = _read(source)
    emoji: dict[str, list[Cue]] = {}
    for kind, entries in data.get("emoji", {}).items():
        if kind not in CUE_KINDS:
            raise LexiconError(f"{source} [emoji.{kind}]: unknown kind")
        for symbol, value in entries.items():
            emoji.setdefault(symbol, []).append(
                Cue(kind, _weight(source, f"emoji.{kind}", symbol, value), symbol))
    pattern = _emoji_pattern(list(emoji))
    settings = data.get("settings", {})
    signals = data.get("signals", {})

    def number(table: dict[str, Any], name: str) -> float:
        if name not in table:
            raise LexiconError(f"{source}: {name} is missing")
        return float(table[name])

    acronyms = frozenset(data.get("acronyms", {}).get("words", [])) | jargon_acronyms()
    return Common(
        emoji={symbol: tuple(cues) for symbol, cues in emoji.items()},
        emoji_pattern=pattern,
        acronyms=frozenset(word.upper() for word in acronyms),
        exclamation_run=number(signals, "exclamation_run"),
        question_run=number(signals, "question_run"),
        capitals=number(signals, "capitals"),
        capitals_boost=number(signals, "capitals_boost"),
        flag_negativity=_per_flag(data, "flag_negativity"),
        question_boost=_per_flag(data, "question_boost"),
        exclamation_boost=_per_flag(data, "exclamation_boost"),
        request_boost=_per_flag(data, "request_boost"),
        sarcasm_claim=number(signals, "sarcasm_claim"),
        positive_share=number(settings, "positive_share"),
        negation_window=int(number(settings, "negation_window")),
        intensifier_window=int(number(settings, "intensifier_window")),
        flag_threshold=number(settings, "flag_threshold"),
        message_threshold=number(settings, "message_threshold"),
        negativity_scale=number(settings, "negativity_scale"),
    )

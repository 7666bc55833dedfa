"""Words as triage sees them: lemmas plus everything the lexicon says about them, cached.

A client's message is mostly words the lexicon says nothing about; the few that matter
repeat from message to message. So each distinct word is looked up once per process and
reading mode, and a message costs one dictionary look-up per word before any rule runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from retainer.rules.triage.lexicon import EXACT, Cue, Lexicon, Phrase, lexicon
from retainer.rules.triage.morph import WordForms, word_forms
from retainer.rules.triage.text import transliterate

# Where a cue comes from: the lexicon, or one of the grammatical request cues.
LEXICON, IMPERATIVE, YOU_WILL, OPENING_VERB = range(4)

# How a message is read: its language, or Russian / Ukrainian written in Latin letters.
MODES = ("ru", "uk", "en", "ru-latn", "uk-latn")
_CACHE_LIMIT = 1 << 20

_UK_LETTERS = frozenset("іїєґ")
_RU_LETTERS = frozenset("ыэъё")


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What triage knows about one word; the rules read these fields in their hottest loops,
    and Python reads a slot much faster than a named tuple's field."""

    lemmas: tuple[str, ...]
    cues: tuple[Cue, ...]
    phrases: tuple[Phrase, ...]  # phrases anchored at this word
    negator: bool
    post_negator: bool  # negates the word before it ("спешки нет", "поспіху немає")
    boundary: bool  # ends the reach of a negator ("но", "але", "but")
    intensifier: float  # 0.0 when the word is not an intensifier
    imperative: float  # weight as a request cue: an imperative verb
    you_will: float  # weight as a request cue: "you will / you can", in a question
    opening_verb: float  # weight as a request cue: an English verb opening a sentence
    lead: bool  # may stand right before an opening verb ("please", "just")
    when: bool  # turns a request question into a status check ("когда", "коли", "when")
    verb: bool  # a negator before a verb negates the verb, not the words after it
    active: bool  # may start a cue: has cues, anchors phrases or is a request verb
    singles: tuple[tuple[str, float, int], ...]  # (kind, weight, source) of its own cues
    modifies: bool  # negator, intensifier, boundary or verb: may change a cue next to it
    bits: int  # the phrase words it can be (Lexicon.word_bits)


def table_for(mode: str) -> Lexicon:
    return lexicon("uk" if mode.startswith("uk") else "en" if mode == "en" else "ru")


def _cyrillic_forms(word: str, language: str) -> WordForms:
    """Ukrainian letters mean the Ukrainian dictionary, Russian letters the Russian one;
    otherwise the message's language, or the other one if only it knows the word."""
    letters = set(word)
    if letters & _UK_LETTERS:
        return word_forms(word, "uk")
    if letters & _RU_LETTERS:
        return word_forms(word, "ru")
    forms = word_forms(word, language)
    if not forms.known:
        other = word_forms(word, "uk" if language == "ru" else "ru")
        if other.known:
            return other
    return forms


def _forms(word: str, mode: str) -> WordForms:
    """Candidate lemmas of a word, ending with its very form marked "=" (for lexicon entries
    that name one form, "=просили")."""
    if word.isascii():
        forms = word_forms(word, "en")
        if mode in ("ru-latn", "uk-latn"):
            language = mode[:2]
            reading = transliterate(word, language)
            read = word_forms(reading, language)
            return read._replace(
                lemmas=forms.lemmas + read.lemmas + (EXACT + word, EXACT + reading))
        return forms._replace(lemmas=forms.lemmas + (EXACT + word,))
    forms = _cyrillic_forms(word, "uk" if mode.startswith("uk") else "ru")
    return forms._replace(lemmas=forms.lemmas + (EXACT + word.replace("ё", "е"),))


def token_info(word: str, mode: str) -> TokenInfo:
    """What the lexicon of `mode` says about one lower-case word."""
    table = table_for(mode)
    forms = _forms(word, mode)
    lemmas = forms.lemmas
    cues: list[Cue] = []
    phrases: list[Phrase] = []
    for lemma in lemmas:
        for cue in table.single.get(lemma, ()):
            if cue not in cues:
                cues.append(cue)
        for phrase in table.phrases.get(lemma, ()):
            if phrase not in phrases:
                phrases.append(phrase)

    def listed(words: frozenset[str]) -> bool:
        return any(lemma in words for lemma in lemmas)

    excluded = listed(table.not_requests)
    imperative = table.imperative_request if forms.imperative and not excluded else 0.0
    you_will = table.you_will_request if forms.you_will and not excluded else 0.0
    opening = table.opening_verb_request if word in table.opening_verbs and not excluded \
        else 0.0
    singles = [(cue.kind, cue.weight, LEXICON) for cue in cues]
    if imperative:
        singles.append(("request", imperative, IMPERATIVE))
    if you_will:
        singles.append(("request", you_will, YOU_WILL))
    singles = _heaviest_per_signal(singles)
    negator = listed(table.negators)
    boundary = listed(table.boundaries)
    intensifier = max((table.intensifiers.get(lemma, 0.0) for lemma in lemmas), default=0.0)
    return TokenInfo(
        lemmas=lemmas,
        cues=tuple(cues),
        phrases=tuple(phrases),
        negator=negator,
        post_negator=listed(table.post_negators),
        boundary=boundary,
        intensifier=intensifier,
        imperative=imperative,
        you_will=you_will,
        opening_verb=opening,
        lead=listed(table.opening_leads),
        when=listed(table.when_words),
        verb=forms.verb,
        active=bool(cues or phrases or imperative or you_will or opening),
        singles=tuple(singles),
        modifies=bool(negator or boundary or intensifier or forms.verb),
        bits=_bits(table, lemmas),
    )


def _bits(table: Lexicon, lemmas: tuple[str, ...]) -> int:
    bits = 0
    for lemma in lemmas:
        bits |= table.word_bits.get(lemma, 0)
    return bits


def _heaviest_per_signal(singles: list[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    """Of a word's own cues of one signal, the heaviest: one word, one vote per signal
    (negative and positive words compete as one signal, the tone)."""
    best: dict[str, tuple[str, float, int]] = {}
    for cue in singles:
        group = "tone" if cue[0] in ("negative", "positive") else cue[0]
        if group not in best or abs(cue[1]) > abs(best[group][1]):
            best[group] = cue
    return list(best.values())


_CACHES: dict[str, dict[str, TokenInfo]] = {mode: {} for mode in MODES}


def token_infos(words: list[str], mode: str) -> list[TokenInfo]:
    """`token_info` of every word, through a per-process cache."""
    cache = _CACHES[mode]
    infos = list(map(cache.get, words))
    if not all(infos):  # (`None in infos` would call TokenInfo.__eq__ for every word)
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        for index, info in enumerate(infos):
            if info is None:
                infos[index] = cache[words[index]] = token_info(words[index], mode)
    return infos


def clear_caches() -> None:
    """Forget every looked-up word (after the lexicons were reloaded)."""
    for cache in _CACHES.values():
        cache.clear()

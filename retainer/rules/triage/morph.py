"""Lemmas: pymorphy3 for Russian and Ukrainian, a small suffix stripper for English.

Why pymorphy3: Russian and Ukrainian inflect heavily ("лид", "лиды", "лидов", "лидами"), so
a lexicon of word forms would be endless and a lexicon of stems would match by accident.
pymorphy3 ships dictionaries for both languages (OpenCorpora for Russian, VESUM for
Ukrainian), works offline, needs no training data and gives every possible dictionary form
of a word, which lets a lexicon list only dictionary forms and still find every inflection.
The analyzers take a noticeable fraction of a second and tens of megabytes to load, so each is
created on first use, once per process, and every word's lemmas are cached: clients reuse a
small vocabulary, and after warm-up lemmatizing a message costs little more than splitting it.

Why no English stemmer library: none is among the project's dependencies, and the English
lexicon is small and written by people, not mined. A dozen suffix rules applied the same way
to the lexicon and to the text ("delayed", "delays", "delaying" → "delay") are enough, and
irregular verbs a client plausibly uses are listed.

For a word pymorphy3 does not know (new jargon, "лендингу", "лідів"), the word minus a common
case ending is added as one more candidate lemma, so a lexicon entry "лендинг" still matches.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import NamedTuple

import pymorphy3

_ANALYZERS: dict[str, pymorphy3.MorphAnalyzer] = {}
_LOCK = threading.Lock()


def analyzer(language: str) -> pymorphy3.MorphAnalyzer:
    """The process-wide pymorphy3 analyzer for "ru" or "uk", created on first use."""
    found = _ANALYZERS.get(language)
    if found is None:
        with _LOCK:
            found = _ANALYZERS.get(language)
            if found is None:
                found = pymorphy3.MorphAnalyzer(lang=language)
                _ANALYZERS[language] = found
    return found


class WordForms(NamedTuple):
    """What the dictionary says about one lower-case word."""

    lemmas: tuple[str, ...]  # candidate dictionary forms, most likely first
    imperative: bool  # can be a verb in the imperative ("пришлите", "зробіть")
    you_will: bool  # "you will / you can" ("пришлёте", "сможете", "можете", "надішлете")
    verb: bool  # most likely a verb (a negator before it negates the verb)
    known: bool  # the dictionary knows the word (not guessed)


_CASE_ENDINGS = (
    "ами", "ями", "ого", "ому", "ему", "ові", "еві", "ів", "їв", "ов", "ев", "ей", "ам",
    "ям", "ах", "ях", "ом", "ем", "ой", "ою", "ею", "у", "ю", "а", "я", "и", "і", "ы", "е",
    "є",
)
_MAX_PARSES = 4
_CAN = frozenset({"мочь", "могти"})


def _strip_case(word: str) -> str | None:
    for ending in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return None


_READABLE = re.compile(r"[а-яёіїєґa-z'\-]+")


def _slavic(word: str, language: str) -> WordForms:
    if _READABLE.fullmatch(word) is None:
        return WordForms((word,), False, False, False, False)  # another script: as it is
    parses = analyzer(language).parse(word)
    lemmas: list[str] = []
    imperative = you_will = False
    for position, parse in enumerate(parses[:_MAX_PARSES]):
        lemma = parse.normal_form.replace("ё", "е")
        if lemma not in lemmas:
            lemmas.append(lemma)
        grammemes = parse.tag.grammemes
        if "impr" in grammemes:
            # "пришлите" (plural, the polite form) whatever its rank; "скинь" only as the
            # first reading and when no reading is another part of speech, so that "день"
            # (also "деть"), "три" or "почти" are not orders.
            if "incl" not in grammemes and ("plur" in grammemes or (
                    position == 0 and all(p.tag.POS == "VERB" for p in parses))):
                imperative = True
        elif "2per" in grammemes and ("futr" in grammemes or lemma in _CAN):
            you_will = True
    if word not in lemmas:
        lemmas.append(word)
    stem = _strip_case(word)
    if stem is not None and stem not in lemmas:
        lemmas.append(stem)
    known = bool(parses) and parses[0].is_known
    verb = bool(parses) and parses[0].tag.POS in ("VERB", "INFN")
    return WordForms(tuple(lemmas), imperative, you_will, verb, known)


# ---- English ----------------------------------------------------------------------------------

_EN_IRREGULAR = {
    "paid": "pay", "sent": "send", "went": "go", "gone": "go", "done": "do", "did": "do",
    "does": "do", "made": "make", "got": "get", "gotten": "get", "told": "tell",
    "said": "say", "lost": "lose", "spent": "spend", "broke": "break", "broken": "break",
    "wrote": "write", "written": "write", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "left": "leave", "felt": "feel", "kept": "keep", "promised": "promise",
    "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "am": "be",
    "redone": "redo", "undone": "undo", "won't": "will", "can't": "can", "cannot": "can", "shan't": "shall", "ain't": "be",
    "worse": "bad", "worst": "bad",
}
_EN_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
_DOUBLED = frozenset("bdfgklmnprtz")


def english_stem(word: str) -> str:
    """A deterministic stem: the same for "delay", "delays", "delayed" and "delaying"."""
    word = _EN_IRREGULAR.get(word, word)
    if len(word) <= 3:
        return word
    for suffix, replacement in _EN_SUFFIXES:
        if word.endswith(suffix):
            if suffix == "s" and word[-2] in "su'":
                continue
            if suffix == "es" and word[-3] not in "sxzh":
                stem = word[:-1]
            else:
                stem = word[: -len(suffix)] + replacement
            if len(stem) >= 3:
                word = stem
                if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] \
                        and word[-1] in _DOUBLED:
                    word = word[:-1]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


_EN_CLITICS = ("'s", "'re", "'ll", "'d", "'ve", "'m")


def _english(word: str) -> WordForms:
    lemmas = [word]
    for clitic in _EN_CLITICS:
        if word.endswith(clitic) and len(word) > len(clitic):
            lemmas.append(word[: -len(clitic)])  # "where's" is also "where"
            break
    if word.endswith("n't"):
        base = _EN_IRREGULAR.get(word, word[:-3])
        lemmas += [base, "not"]
    elif word in ("cannot", "dont", "doesnt", "didnt", "wont", "cant", "isnt", "arent",
                  "wasnt", "werent", "havent", "hasnt", "shouldnt", "wouldnt", "couldnt"):
        lemmas.append("not")
    stem = english_stem(word)
    if stem not in lemmas:
        lemmas.append(stem)
    return WordForms(tuple(lemmas), False, False, False, True)


@lru_cache(maxsize=1 << 20)
def word_forms(word: str, language: str) -> WordForms:
    """Candidate lemmas of one lower-case word in "ru", "uk" or "en" (cached per process)."""
    if language == "en":
        return _english(word)
    return _slavic(word, language)


_NAMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})


def dictionary_keys(word: str, language: str) -> tuple[str, ...]:
    """The keys a lexicon entry written as `word` (lower case) is filed under: the word as
    written and, when it is not a dictionary form itself ("семантическое"), its most likely
    lemma, passing over readings as a person's name or a place."""
    if language == "en":
        return (english_stem(word),)
    parses = analyzer(language).parse(word)
    if any(parse.normal_form.replace("ё", "е") == word for parse in parses):
        return (word,)  # already a dictionary form ("хорошо" is not filed under "хороший")
    keys = [word]
    for parse in parses:
        if _NAMES.isdisjoint(parse.tag.grammemes):
            lemma = parse.normal_form.replace("ё", "е")
            if lemma not in keys:
                keys.append(lemma)
            break
    return tuple(keys)


@lru_cache(maxsize=1 << 16)
def is_known(word: str, language: str) -> bool:
    """Whether the "ru" or "uk" dictionary knows the word (used to read transliteration)."""
    return analyzer(language).word_is_known(word)

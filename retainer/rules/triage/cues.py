"""Where the cues of a message are: phrases, words and grammatical request cues.

A message is walked word by word only where a word can start a cue (`TokenInfo.active`).
The text is split around its words (`WORDS_AND_GAPS`), which costs no more than finding the
words and keeps the punctuation between them, so positions are sums of lengths and what the
punctuation says is looked up once per distinct piece of it, with no search of the text.
"""

from __future__ import annotations

import re
from itertools import accumulate

from retainer.rules.triage.lexicon import NEGATIVE, POSITIVE, Common, Phrase
from retainer.rules.triage.tokens import LEXICON, OPENING_VERB, TokenInfo

REQUEST = "request"
GROUPS = {NEGATIVE: "tone", POSITIVE: "tone"}  # negative and positive words compete

_CLAUSE_END = re.compile(r"[,.;:!?…—–()\"«»“”\n]")
_SENTENCE_END = re.compile(r"[.;!?…\n]+")
_OPENING = re.compile(r"[.;!?…\n:—–]")

# A cue: (kind, weight, first word, last word, begins with a negator, source).
Hit = tuple[str, float, int, int, bool, int]


# (ends a clause, opens a clause, the sentence ending it holds: "?", "!!!", "." or "")
_Gap = tuple[bool, bool, str]
_GAPS: dict[str, _Gap] = {}


def _gap(text: str) -> _Gap:
    """What the characters between two words say (cached: the same few recur)."""
    found = _GAPS.get(text)
    if found is None:
        ending = _SENTENCE_END.search(text)
        found = (_CLAUSE_END.search(text) is not None, _OPENING.search(text) is not None,
                 ending.group() if ending is not None else "")
        if len(_GAPS) < 1 << 16:
            _GAPS[text] = found
    return found


class Message:
    """Positions and punctuation of one message with cues, from the lower-cased text split
    around its words (`WORDS_AND_GAPS`: gap, word, gap, …, word, gap)."""

    __slots__ = ("offsets", "gaps", "sentences")

    def __init__(self, pieces: list[str]):
        # offsets[2 * token]: where word `token` starts; offsets[2 * token + 1]: where it ends
        self.offsets = list(accumulate(map(len, pieces)))
        texts = pieces[0::2]
        gaps = list(map(_GAPS.get, texts))
        if not all(gaps):
            gaps = list(map(_gap, texts))
        # gaps[token]: the punctuation before word `token`; gaps[-1]: after the last word
        self.gaps: list[_Gap] = gaps
        # The sentence of every word: the gap it ends in (the last one for the end of the
        # text), and how it ends ("?", "!!!", "." or ""), walking back from the end once.
        count = len(gaps) - 1
        sentence = (count, gaps[count][2])
        sentences = [sentence] * count
        for token in range(count - 1, 0, -1):
            ending = gaps[token][2]
            if ending:
                sentence = (token, ending)
            sentences[token - 1] = sentence
        self.sentences = sentences


def hits(message: Message, infos: list[TokenInfo], actives: list[int]) -> list[Hit]:
    """(kind, weight, first token, last token, starts negated, source) of every cue, found
    from the `actives` tokens. Where cues of one signal overlap, the longer, then the heavier
    one wins (a word's own cues were already narrowed to one per signal)."""
    found: list[Hit] = []
    count = len(infos)
    gaps = message.gaps
    for index in actives:
        for phrase in infos[index].phrases:
            near = phrase.near
            if near:  # its word next to the anchor must stand right there: a cheap test
                neighbor = index + phrase.step
                if neighbor < 0 or neighbor >= count or not infos[neighbor].bits & near:
                    continue
                if phrase.pair:  # and that was the whole phrase
                    first, last = (neighbor, index) if neighbor < index else (index, neighbor)
                    if not gaps[last][1]:
                        found.append((phrase.cue.kind, phrase.cue.weight, first, last,
                                      phrase.starts_negated, LEXICON))
                    continue
            matched = _match(gaps, infos, phrase, index)
            if matched is not None:
                found.append((phrase.cue.kind, phrase.cue.weight, matched[0], matched[1],
                              phrase.starts_negated, LEXICON))
    covered = None
    if found:
        if len(found) > 1:
            found = _resolve(found)
        covered = {(GROUPS.get(hit[0], hit[0]), token)
                   for hit in found for token in range(hit[2], hit[3] + 1)}
    append = found.append
    for index in actives:
        info = infos[index]
        for kind, weight, source in info.singles:
            if covered is None or (GROUPS.get(kind, kind), index) not in covered:
                append((kind, weight, index, index, False, source))
        if info.opening_verb and _opens(message, infos, index) and (
                covered is None or (REQUEST, index) not in covered):
            append((REQUEST, info.opening_verb, index, index, False, OPENING_VERB))
    return found


def _match(gaps: list[_Gap], infos: list[TokenInfo], phrase: Phrase, anchor: int
           ) -> tuple[int, int] | None:
    """First and last token of `phrase` around its anchor word at token `anchor`: a word of
    the phrase is the nearest token within reach that carries the word's bit
    (`Phrase.marks`), and no punctuation that opens a clause stands between two of its words.
    (Plain while loops: range(), min() and max() cost more than the search itself.)"""
    marks, allowed = phrase.marks, phrase.gaps
    position = anchor
    element = phrase.anchor - 1
    while element >= 0:  # the words before the anchor, nearest first
        mark = marks[element]
        index = position - 1
        farthest = index - allowed[element + 1]
        if farthest < 0:
            farthest = 0
        while index >= farthest and not infos[index].bits & mark:
            index -= 1
        if index < farthest:
            return None
        for gap in gaps[index + 1:position + 1]:
            if gap[1]:
                return None
        position = index
        element -= 1
    first, position = position, anchor
    last = len(infos) - 1
    element = phrase.anchor + 1
    while element < len(marks):  # the words after it
        mark = marks[element]
        index = position + 1
        farthest = index + allowed[element]
        if farthest > last:
            farthest = last
        while index <= farthest and not infos[index].bits & mark:
            index += 1
        if index > farthest:
            return None
        for gap in gaps[position + 1:index + 1]:
            if gap[1]:
                return None
        position = index
        element += 1
    return first, position


def _opens(message: Message, infos: list[TokenInfo], index: int) -> bool:
    """Whether the word opens a sentence or a clause after a colon or a dash, or
    directly follows a lead word ("please", "just", "don't")."""
    gaps = message.gaps
    token = index
    while token > 0:
        if gaps[token][1]:
            return True
        if not infos[token - 1].lead:
            return token != index
        token -= 1
    return True


def modifiers(message: Message, infos: list[TokenInfo], settings: Common, first: int,
              last: int, starts_negated: bool) -> tuple[int | None, int | None]:
    """The token indexes of the negator and the intensifier that reach a cue, if any."""
    negation_window = settings.negation_window
    intensifier_window = settings.intensifier_window
    gaps = message.gaps
    negator = intensifier = None
    before = first - 1
    farthest = first - max(negation_window, intensifier_window)
    while before >= 0 and before >= farthest and not gaps[before + 1][0]:
        info = infos[before]
        if info.boundary:
            break
        distance = first - before
        if info.negator and negator is None and distance <= negation_window \
                and not starts_negated:
            negator = before
        if info.intensifier and intensifier is None and distance <= intensifier_window:
            intensifier = before
        if info.verb:
            break  # "не исправите ошибки": the negator belongs to the verb
        before -= 1
    after = last + 1
    if negator is None and after < len(infos) and infos[after].post_negator \
            and not gaps[after][0]:
        negator = after  # "спешки нет", "поспіху немає"
    return negator, intensifier


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Where cues of one signal overlap, keep the longer, then the heavier one."""
    hits.sort(key=_precedence)
    taken: dict[str, list[tuple[int, int]]] = {}
    kept = []
    for hit in hits:
        kind, _, first, last, _, _ = hit
        others = taken.setdefault(GROUPS.get(kind, kind), [])
        if others and overlaps(first, last, others):
            continue
        others.append((first, last))
        kept.append(hit)
    return kept


def _precedence(hit: Hit) -> tuple[int, float, int]:
    return hit[2] - hit[3], -abs(hit[1]), hit[2]


def overlaps(first: int, last: int, spans) -> bool:
    return any(first <= other_last and other_first <= last for other_first, other_last in spans)

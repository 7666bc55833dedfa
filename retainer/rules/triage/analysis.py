"""analyze(): the language, negativity and flags of one message, with the spans behind them.

The pipeline, in order:

1. The text is lower-cased (positions kept) and split into words; each word is looked up
   once per process: its candidate lemmas, and what the lexicon files say about them.
2. Cues are found: lexicon phrases (matched lemma by lemma), lexicon words, and three
   grammatical cues of a request: a verb in the imperative ("пришлите", "зробіть"); a "you
   will / you can" verb in a question or after a negator ("Пришлёте КП?", "Сможете
   поправить?", "если не исправите"), which turns into a status check when the question asks
   "when" ("Когда подключите оплату?"); and, in English, a listed verb opening a sentence
   ("Please rework it", "Fix it NOW"). Where cues of one signal overlap, the longer, then the
   heavier one wins, so "сорвали сроки" counts once, and a phrase with a negative weight
   ("дайте знать") overrules the word inside it.
3. Modifiers change a cue's weight. How negation works: a negator ("не", "ні", "нет",
   "нічого", "not", "never", "n't") reaches the next few words (`negation_window` in
   common.toml) up to a comma, a sentence end or a word such as "но"/"але"/"but". A negated
   negative word is cancelled ("не плохо", "нічого поганого", "not bad"); a negated positive
   word turns negative ("не доволен", "not happy"), with the negator inside its evidence span;
   a negated flag cue is cancelled ("не срочно", "нет претензий", "no rush"), except the
   grammatical request cues, since "не затягивайте" still asks for something. A phrase that
   itself begins with a negator ("не ... платить") is taken as written. An intensifier shortly
   before a word ("очень", "дуже", "extremely") multiplies its weight, and so does writing it
   in capitals. A sentence ending in "?" or "!" multiplies the cues of the signals listed in
   common.toml ("когда" asks about status only in a question). A positive word in quotation
   marks is sarcasm («профессионализм») and counts as negative, and then no thanks in the
   message count as praise.
4. Cues add up sentence by sentence: a flag is raised when the cues of one sentence reach
   `flag_threshold`, or those of the whole message `message_threshold`; a cue with a negative
   weight ("созвонимся", "our bad") only argues against cues of its own sentence, and an
   urgency cue counts more in a sentence that asks for something ("Проверьте сегодня").
   Every raised flag keeps its cues as evidence. Negativity sums the contributions (negative
   words and emoji, positive ones with a negative weight, a share of every threat and claim
   cue, sarcasm, and — only when the message is already negative — shouting: words in
   capitals and runs of "!!!" or "???"), then squashes the sum into 0…1 with
   1 − exp(−k·sum), so that every further signal adds less.

Why rules and not a model: every flag must be explained to the account manager by the words
that caused it; the agency's people must be able to add a word their clients use without
retraining anything; the results must be reproducible from the text and `TRIAGE_VERSION`; and
three languages, mixed Russian/Ukrainian and transliteration must work offline with no
labelled data beyond a small evaluation set. A model can later sit behind the same `Triage`
value as a second opinion.
"""

from __future__ import annotations

import math
import re
from operator import attrgetter

from retainer.rules.triage.cues import Message, hits, modifiers, overlaps
from retainer.rules.triage.lexicon import NEGATIVE, POSITIVE, Common, common
from retainer.rules.triage.model import LANGUAGES, NEGATIVITY, TRIAGE_VERSION, Evidence, Triage
from retainer.rules.triage.text import (
    DEFAULT_LANGUAGE,
    WORDS_AND_GAPS,
    cyrillic_language,
    is_latin_script,
    latin_language,
    normalize,
)
from retainer.rules.triage.tokens import (
    IMPERATIVE,
    LEXICON,
    YOU_WILL,
    TokenInfo,
    token_infos,
)

REQUEST = "request"
STATUS_CHECK = "status_check"
PRAISE = "praise"
CLAIM = "claim"

_CYRILLIC = re.compile(r"[а-яёіїєґ]")
# A word of three or more capitals. Written to begin with the capital, not with the look
# back at the letter before it, so that the search skips to the next capital at once.
_CAPITALS = re.compile(r"[A-ZА-ЯЁІЇЄҐ](?<![^\W\d_].)[A-ZА-ЯЁІЇЄҐ]{2,}(?![^\W\d_])")
_CAPITAL_VOWELS = frozenset("AEIOUYАЕЁИОУЫЭЮЯІЇЄ")
_PUNCTUATION_RUN = re.compile(r"[!?]*(?:!{2,}|\?{2,}|\?!|!\?)[!?]*")
_QUOTED = re.compile(r"«[^«»\n]{1,40}»|“[^“”\n]{1,40}”|\"[^\"\n]{1,40}\"|"
                     r"(?<![\w'])'[^'\n]{1,40}'(?![\w'])|\*[^*\n]{1,40}\*")
_MODIFIES = attrgetter("modifies")
_ORDER = attrgetter("start", "end", "kind")
_NO_FLAGS: frozenset[str] = frozenset()
_new = object.__new__


def _evidence(kind: str, start: int, end: int, text: str, weight: float) -> Evidence:
    """Evidence(kind, start, end, text, weight), built without the frozen-dataclass
    __init__, which costs more than the rest of a typical cue's rules."""
    item = _new(Evidence)
    fields = item.__dict__
    fields["kind"] = kind
    fields["start"] = start
    fields["end"] = end
    fields["text"] = text
    fields["weight"] = weight
    return item


def reading(text: str, lowered: str, words: list[str], language: str | None) -> tuple[str, str]:
    """The message's language (detected when not given) and the mode to read its words in."""
    if language == "en":
        return language, language
    latin = is_latin_script(text, lowered)
    if language is None:
        if latin:
            language = latin_language(words)
        elif _CYRILLIC.search(lowered) is not None:
            language = cyrillic_language(lowered, words)
        else:
            language = DEFAULT_LANGUAGE
    return language, (f"{language}-latn" if latin and language != "en" else language)


def front(text: str, language: str | None
          ) -> tuple[str, list[str], list[TokenInfo], list[int]]:
    """Step 1 of the module doc: the message's language, the lower-cased text split around
    its words (gap, word, gap, …), what is known of every word, and the words that may start
    a cue."""
    lowered = normalize(text)
    pieces = WORDS_AND_GAPS.split(lowered)
    words = pieces[1::2]
    language, mode = reading(text, lowered, words, language)
    infos = token_infos(words, mode)
    return language, pieces, infos, [index for index, info in enumerate(infos) if info.active]


def analyze(text: str, language: str | None = None) -> Triage:
    """Triage one inbound message (see the module doc for the rules)."""
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of {LANGUAGES}")
    language, pieces, infos, actives = front(text, language)
    settings = common()

    flag_sums: dict[str, float] = {}
    raised: set[str] = set()  # flags that the cues of one sentence raise on their own
    flag_evidence: dict[str, list[Evidence]] = {}
    contributions: list[Evidence] = []  # to negativity, in the order they are summed
    if actives:
        _rules(text, pieces, infos, actives, settings, flag_sums, raised, flag_evidence,
               contributions)
    emoji = settings.emoji_pattern
    if emoji is not None and not text.isascii() and emoji.search(text) is not None:
        _emoji(text, settings, flag_sums, raised, flag_evidence, contributions)
    if not contributions and not flag_sums:
        return _triage(language, 0.0, _NO_FLAGS, ())
    total = 0.0
    for item in contributions:
        total += item.weight
    if total > 0 or any(item.weight > 0 for item in contributions):
        total += _shouting(text, settings, contributions)

    threshold = settings.message_threshold
    flags = frozenset([flag for flag, value in flag_sums.items()
                       if value >= threshold or flag in raised])
    evidence = contributions
    for flag in flags:
        evidence += flag_evidence[flag]
    if len(evidence) > 1:
        evidence.sort(key=_ORDER)
    negativity = 0.0
    if total > 0:
        negativity = min(1.0, round(1.0 - math.exp(-settings.negativity_scale * total), 4))
    return _triage(language, negativity, flags, tuple(evidence))


def _triage(language: str, negativity: float, flags: frozenset[str],
            evidence: tuple[Evidence, ...]) -> Triage:
    """Triage(language, negativity, flags, evidence), built without the frozen-dataclass
    __init__ (see `_evidence`)."""
    result = _new(Triage)
    fields = result.__dict__
    fields["language"] = language
    fields["negativity"] = negativity
    fields["flags"] = flags
    fields["evidence"] = evidence
    fields["version"] = TRIAGE_VERSION
    return result


def _rules(text, pieces, infos, actives, settings, flag_sums, raised, flag_evidence,
           contributions) -> None:
    """The rules for a message with at least one cue (steps 2-4 of the module doc). Tone
    goes to `contributions` at once; flag cues are weighed here and added up in `_add_up`."""
    message = Message(pieces)
    found = hits(message, infos, actives)
    if not found:
        return
    offsets = message.offsets
    sentences = message.sentences
    reach = max(settings.negation_window, settings.intensifier_window)
    count = len(infos)
    quoted = _quoted(text)
    question_boost = settings.question_boost
    exclamation_boost = settings.exclamation_boost
    negative = None
    when: set[int] | None = None
    sarcasm = False
    weighed: list[tuple[str, float, int, int, int]] = []  # flag cues
    requests: dict[int, float] = {}  # what the request cues of each sentence add up to
    append = weighed.append
    tone = contributions.append
    for kind, weight, first, last, starts_negated, source in found:
        start = offsets[2 * first]
        end = offsets[2 * last + 1]
        sentence, ending = sentences[first]
        if quoted and _inside(start, end, quoted):
            if kind != POSITIVE and kind != PRAISE:
                continue  # a name or a mention: «Срочный ремонт обуви»
            sarcasm = True  # «профессионализм», «вовремя»
            if kind == POSITIVE:
                tone(_sentiment(NEGATIVE, weight, start, end, text, settings))
                append((CLAIM, settings.sarcasm_claim, start, end, sentence))
            continue
        after = last + 1
        if (after < count and infos[after].post_negator) \
                or any(map(_MODIFIES, infos[max(first - reach, 0):first])):
            negator, intensifier = modifiers(message, infos, settings, first, last,
                                              starts_negated)
            if intensifier is not None and (negator is None or intensifier < negator):
                weight *= infos[intensifier].intensifier  # not "не очень доволен"
        else:
            negator = None
        if text[start].isupper():
            span = text[start:end]
            if span.isupper() and _shouted_span(span, settings.acronyms):
                weight *= settings.capitals_boost
        if "?" in ending:
            if source == IMPERATIVE and infos[first].you_will:
                continue  # "Когда подключите оплату?" asks, it does not order
            if kind == REQUEST and source != IMPERATIVE:
                if when is None:
                    when = {sentences[index][0] for index, info in enumerate(infos)
                            if info.when}
                if sentence in when:
                    kind = STATUS_CHECK  # "Когда сможете прислать?", "When can we …?"
            if kind in question_boost:
                weight *= question_boost[kind]
        elif source == YOU_WILL and negator is None:
            continue
        if "!" in ending and kind in exclamation_boost:
            weight *= exclamation_boost[kind]
        if kind == PRAISE:
            if negative is None:
                negative = [(hit[2], hit[3]) for hit in found
                            if hit[0] == NEGATIVE and hit[1] > 0]
            if negative and overlaps(first, last, negative):
                sarcasm = True  # thanks inside a negative phrase: "ну спасибо", "well, thanks"
                continue
        if negator is not None:
            if kind == POSITIVE:
                kind = NEGATIVE
                start = min(start, offsets[2 * negator])
                end = max(end, offsets[2 * negator + 1])
            elif source == LEXICON:
                continue
        if kind in (NEGATIVE, POSITIVE):
            tone(_sentiment(kind, weight, start, end, text, settings))
        else:
            append((kind, weight, start, end, sentence))
            if kind == REQUEST:
                requests[sentence] = requests.get(sentence, 0.0) + weight
    if weighed:
        _add_up(text, settings, weighed, requests, sarcasm, flag_sums, raised, flag_evidence,
                contributions)


def _inside(start: int, end: int, spans) -> bool:
    return any(outer_start <= start and end <= outer_end for outer_start, outer_end in spans)


def _quoted(text: str) -> list[tuple[int, int]] | tuple[()]:
    """Spans in quotation marks (a single quote only counts at a word's edge, not in
    "don't")."""
    if not ("«" in text or "“" in text or '"' in text or "*" in text or " '" in text
            or text.startswith("'")):
        return ()  # most messages: a substring test is much cheaper than a regex search
    return [match.span() for match in _QUOTED.finditer(text)]


_ROUNDED: dict[float, float] = {}


def _round(weight: float) -> float:
    """round(weight, 4), remembered: a weight is a product of a few lexicon numbers, so the
    same few recur, and rounding to digits goes through a decimal string every time."""
    found = _ROUNDED.get(weight)
    if found is None:
        found = round(weight, 4)
        if weight and len(_ROUNDED) < 1 << 16:  # not 0.0, which would answer for -0.0
            _ROUNDED[weight] = found
    return found


def _add_up(text, settings, weighed, requests, sarcasm, flag_sums, raised, flag_evidence,
            contributions) -> None:
    """Flags add up sentence by sentence, so that a cue against a flag ("дайте знать",
    "созвонимся") only cancels the cues of its own sentence."""
    threshold = settings.flag_threshold
    asking = [sentence for sentence, total in requests.items() if total >= threshold] \
        if requests else ()
    if asking or sarcasm:
        request_boost = settings.request_boost
        weighed = [(kind, weight * request_boost.get(kind, 1.0) if sentence in asking
                    else weight, start, end, sentence)
                   for kind, weight, start, end, sentence in weighed
                   if not (sarcasm and kind == PRAISE)]
    sums: dict[tuple[str, int], float] = {}
    for kind, weight, _, _, sentence in weighed:
        key = (kind, sentence)
        sums[key] = sums.get(key, 0.0) + weight
    for (kind, _sentence), total in sums.items():
        if total > 0:
            flag_sums[kind] = flag_sums.get(kind, 0.0) + total
            if total >= threshold:
                raised.add(kind)
    shares = settings.flag_negativity
    for kind, weight, start, end, sentence in weighed:
        if weight <= 0 or sums[(kind, sentence)] <= 0:
            continue
        span = text[start:end]
        weight = _round(weight)
        if kind in flag_evidence:
            flag_evidence[kind].append(_evidence(kind, start, end, span, weight))
        else:
            flag_evidence[kind] = [_evidence(kind, start, end, span, weight)]
        share = shares.get(kind)
        if share:
            contributions.append(_evidence(NEGATIVITY, start, end, span, _round(weight * share)))


def _shouted(word: str, acronyms: frozenset[str]) -> bool:
    return word not in acronyms and not _CAPITAL_VOWELS.isdisjoint(word)


def _shouted_span(span: str, acronyms: frozenset[str]) -> bool:
    return any(_shouted(word.group(), acronyms) for word in _CAPITALS.finditer(span))


def _sentiment(kind: str, weight: float, start: int, end: int, text: str,
               settings: Common) -> Evidence:
    if kind == POSITIVE:
        weight = -weight * settings.positive_share
    return _evidence(NEGATIVITY, start, end, text[start:end], _round(weight))


def _emoji(text, settings, flag_sums, raised, flag_evidence, contributions) -> None:
    for found in settings.emoji_pattern.finditer(text):
        start, end = found.span()
        symbol = found.group()
        cues = settings.emoji.get(symbol) or settings.emoji.get(symbol.rstrip("\ufe0f"), ())
        for cue in cues:
            if cue.kind == NEGATIVE or cue.kind == POSITIVE:
                contributions.append(_sentiment(cue.kind, cue.weight, start, end, text,
                                                settings))
                continue
            flag_sums[cue.kind] = flag_sums.get(cue.kind, 0.0) + cue.weight
            if cue.weight >= settings.flag_threshold:
                raised.add(cue.kind)
            flag_evidence.setdefault(cue.kind, []).append(
                _evidence(cue.kind, start, end, symbol, cue.weight))


def _shouting(text: str, settings: Common, contributions: list[Evidence]) -> float:
    """Capitals and "!!!" make an unhappy message angrier; on their own they are pressure.
    Returns what they add to negativity."""
    added = 0.0
    if "!!" in text or "??" in text or "?!" in text or "!?" in text:
        for run in _PUNCTUATION_RUN.finditer(text):
            value = run.group()
            weight = settings.exclamation_run if "!" in value else settings.question_run
            contributions.append(_evidence(NEGATIVITY, run.start(), run.end(), value, weight))
            added += weight
    if not text.islower():
        for word in _CAPITALS.finditer(text):
            if _shouted(word.group(), settings.acronyms):
                contributions.append(_evidence(NEGATIVITY, word.start(), word.end(),
                                               word.group(), settings.capitals))
                added += settings.capitals
    return added

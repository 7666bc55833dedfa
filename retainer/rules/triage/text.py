"""Text plumbing for triage: tokens with their spans, language detection, transliteration.

Every token keeps the character span it has in the original text, so evidence always points
at what the client actually wrote, even when the word was lower-cased, had its apostrophe
normalized or was transliterated from Latin letters to Cyrillic before lookup.

Language detection is deliberately simple and explainable:

* Cyrillic against Latin letters decides the script (capitalized acronyms such as CTR or SEO
  do not count, so "CTR упал" is Cyrillic);
* among Cyrillic texts, letters only Ukrainian has (і ї є ґ) against letters only Russian has
  (ы э ъ ё), plus short lists of frequent words of each language, decide Ukrainian or Russian;
  a text mixing both goes to the language with more evidence;
* a Latin text is English unless frequent transliterated Russian words ("kogda", "budet",
  "pozhaluysta") outnumber frequent English ones; then it is Russian written in Latin letters,
  and its words are transliterated to Cyrillic before lemmatization.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from retainer.rules.triage.morph import is_known, word_forms

# A text with no letters at all (emoji, digits) is taken to be in the agency's main language.
DEFAULT_LANGUAGE = "en"

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# The text split around its words: gap, word, gap, …, word, gap (a gap may be empty). As fast
# as finding the words alone, and it gives the punctuation between them and their positions.
WORDS_AND_GAPS = re.compile(f"({WORD.pattern})")
_APOSTROPHES = ("’", "ʼ", "‘")

_UK_ONLY = re.compile(r"[іїєґ]")
_RU_ONLY = re.compile(r"[ыэъё]")
_UK_LETTERS = frozenset("іїєґ")
_RU_LETTERS = frozenset("ыэъё")
_CYRILLIC = re.compile(r"[а-яёіїєґ]")
_LATIN_LOWER = re.compile(r"[a-z]")

# Frequent words that exist in one of the two languages only (in this spelling).
RU_MARKERS = frozenset(
    ["что", "это", "как", "когда", "будет", "нет", "вы", "мы", "он", "она", "они", "его", "ее", "еще", "если", "или", "только", "очень", "пожалуйста", "спасибо", "сделать", "нужно", "надо", "почему", "где", "сегодня", "вчера", "хорошо", "плохо", "можно", "сейчас", "тоже", "чтобы", "был", "была", "были", "и", "мне", "меня", "сделайте", "ничего", "никогда", "сколько", "опять", "снова", "просим", "какой", "какая", "какие", "здравствуйте", "добрый", "ждем", "срочно", "деньги", "договор", "пришлите", "скажите", "подскажите"]
)
UK_MARKERS = frozenset(
    ["що", "це", "як", "коли", "буде", "ні", "ви", "ми", "він", "вона", "вони", "його", "її", "вже", "ще", "якщо", "або", "тільки", "дуже", "ласка", "дякую", "зробити", "треба", "потрібно", "чому", "де", "сьогодні", "вчора", "добре", "погано", "можна", "зараз", "теж", "щоб", "був", "була", "були", "але", "проте", "мені", "мене", "зробіть", "нічого", "ніколи", "скільки", "знову", "просимо", "який", "яка", "які", "доброго", "добрий", "вітаю", "чекаємо", "терміново", "гроші", "договір", "надішліть", "скажіть", "підкажіть"]
)
EN_MARKERS = frozenset(
    ["the", "a", "an", "and", "or", "but", "is", "are", "was", "were", "be", "been", "will", "would", "can", "could", "should", "please", "thanks", "thank", "you", "we", "our", "us", "it", "this", "that", "what", "when", "where", "why", "how", "not", "no", "yes", "to", "of", "in", "on", "for", "with", "at", "by", "from", "have", "has", "had", "do", "does", "did", "don't", "can't", "won't", "i", "my", "me", "your", "they", "them", "there", "here", "still", "again", "very", "just", "any", "all", "update", "status", "asap", "today", "tomorrow", "week", "send", "need", "want", "hi", "hello", "dear"]
)
RU_LATIN_MARKERS = frozenset(
    ["eto", "kogda", "budet", "gotovo", "gotov", "chto", "shto", "kak", "pochemu", "gde", "uzhe", "eshche", "eshe", "esche", "ochen", "pozhaluysta", "pozhalujsta", "pozhalusta", "spasibo", "nado", "nuzhno", "mozhno", "sdelat", "sdelayte", "sdelaite", "privet", "zdravstvuyte", "zdravstvujte", "vsyo", "net", "da", "vy", "vam", "vas", "nas", "mne", "menya", "tolko", "segodnya", "vchera", "srochno", "opyat", "snova", "kogo", "chego", "i", "iz", "dlya", "ili", "uzhasno", "plokho", "ploho", "khorosho", "horosho", "otlichno", "zhdem", "zhdyom", "kakoy", "kakoi", "kakie", "skolko", "seychas", "sejchas", "voobshche", "voobshe", "dengi", "dogovor", "rabota", "rabotaet", "proshu", "prosim", "est", "novosti", "budem", "mogu", "skazat"]
)
UK_LATIN_MARKERS = frozenset(
    ["tse", "koly", "bude", "shcho", "scho", "yak", "chomu", "de", "vzhe", "shche", "dyakuyu", "dyakuju", "diakuiu", "bud", "laska", "treba", "potribno", "terminovo", "pryvit", "vitayu", "vzahali", "zhakhlyvo", "zhahlyvo", "chekaye", "chekayemo", "chekaiemo", "bulo", "vidpyshu", "zranku", "svitla", "zrobit", "zrobyty", "zrobity", "mozhna", "dobre", "pohano", "yakyi", "yakyy", "skilky", "zaraz", "teper", "ye", "nema", "nemaye", "vy"]
)


def normalize(text: str) -> str:
    """Lower-case the text and unify apostrophes, keeping every character's position."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters lower-case to two (İ); lower-case one by one to keep positions.
        lowered = "".join(ch.lower()[:1] or ch for ch in text)
    if not lowered.isascii():
        for mark in _APOSTROPHES:
            if mark in lowered:
                lowered = lowered.replace(mark, "'")
    return lowered


def is_latin_script(text: str, lowered: str) -> bool:
    """Whether the text is written mostly in Latin letters. Only lower-case Latin letters
    count against Cyrillic, so that acronyms (CTR, SEO) do not outvote it."""
    cyrillic = _CYRILLIC.search(lowered) is not None
    if _LATIN_LOWER.search(text) is None:
        return not cyrillic and _LATIN_LOWER.search(lowered) is not None
    if not cyrillic:
        return True
    return len(_LATIN_LOWER.findall(text)) > len(_CYRILLIC.findall(lowered))


def detect_language(text: str, lowered: str | None = None,
                    words: list[str] | None = None) -> str:
    """Return "ru", "uk" or "en"; Russian or Ukrainian in Latin letters is "ru" or "uk"."""
    if lowered is None:
        lowered = normalize(text)
    if words is None:
        words = WORD.findall(lowered)
    if is_latin_script(text, lowered):
        return latin_language(words)
    if _CYRILLIC.search(lowered) is None:
        return DEFAULT_LANGUAGE
    return cyrillic_language(lowered, words)


def cyrillic_language(lowered: str, words: list[str]) -> str:
    """Ukrainian or Russian. Letters and frequent words of one language only decide at once;
    when both languages show (a mixed message) or neither does, every word votes by whether
    only one of the two dictionaries knows it, and the majority wins (Russian on a tie)."""
    unique = set(words)
    uk = _UK_ONLY.search(lowered) is not None or not UK_MARKERS.isdisjoint(unique)
    ru = _RU_ONLY.search(lowered) is not None or not RU_MARKERS.isdisjoint(unique)
    if uk != ru:
        return "uk" if uk else "ru"
    return "uk" if sum(map(_vote, words)) > 0 else "ru"


@lru_cache(maxsize=1 << 16)
def _vote(word: str) -> int:
    letters = set(word)
    if letters & _UK_LETTERS:
        return 1
    if letters & _RU_LETTERS:
        return -1
    in_uk = word_forms(word, "uk").known
    in_ru = word_forms(word, "ru").known
    return int(in_uk) - int(in_ru)


def latin_language(words: list[str]) -> str:
    """English, or Russian or Ukrainian in Latin letters: frequent words of each decide; when
    they do not, the language in whose dictionary more of the words read as known words."""
    unique = set(words)
    scores = {
        "en": len(EN_MARKERS.intersection(unique)),
        "ru": len(RU_LATIN_MARKERS.intersection(unique)),
        "uk": len(UK_LATIN_MARKERS.intersection(unique)),
    }
    best = max(scores.values())
    leaders = [language for language, score in scores.items() if score == best]
    if len(leaders) == 1:
        return leaders[0]
    longer = [word for word in unique if len(word) >= 3]
    known = {
        language: sum(1 for word in longer if is_known(transliterate(word, language), language))
        for language in ("ru", "uk") if language in leaders
    }
    if known and max(known.values()) * 2 > len(longer):
        return max(sorted(known), key=lambda language: known[language])
    return "en" if "en" in leaders else leaders[0]


# ---- transliteration ------------------------------------------------------------------------

# Longest spellings first; each maps to the Cyrillic readings to try, most likely first.
_COMMON: dict[str, tuple[str, ...]] = {
    "shch": ("щ",), "zh": ("ж",), "kh": ("х",), "ch": ("ч",), "sh": ("ш",),
    "ts": ("ц", "тс"), "tz": ("ц",), "yu": ("ю",), "ju": ("ю",), "iu": ("ю",),
    "ya": ("я",), "ja": ("я",), "a": ("а",), "b": ("б",), "d": ("д",), "f": ("ф",),
    "j": ("й",), "k": ("к",), "l": ("л",), "m": ("м",), "n": ("н",), "o": ("о",),
    "p": ("п",), "q": ("к",), "r": ("р",), "s": ("с",), "t": ("т",), "u": ("у",),
    "v": ("в",), "w": ("в",), "x": ("кс",), "z": ("з",), "c": ("ц", "к"),
}
_RU_SPELLING = _COMMON | {
    "sch": ("щ", "сч"), "iya": ("ия",), "ia": ("ия", "я"), "yo": ("е",), "jo": ("е",),
    "ye": ("е", "ые", "ье"), "je": ("е",), "yy": ("ый",), "iy": ("ий",), "ij": ("ий",),
    "e": ("е", "э"), "g": ("г",), "h": ("х",), "i": ("и",), "y": ("ы", "й"), "'": ("ь",),
}
_UK_SPELLING = _COMMON | {
    "iya": ("ія",), "ye": ("є", "е"), "ie": ("є", "іе"), "je": ("є",), "yi": ("ий", "ї"), "ji": ("ї",),
    "ia": ("я", "ія"), "iy": ("ій",), "yy": ("ий",), "e": ("е", "є"), "g": ("г", "ґ"),
    "h": ("г", "х"), "i": ("і", "и", "ї"), "y": ("и", "й"), "'": ("'", "ь"),
}
_SPELLINGS = {"ru": _RU_SPELLING, "uk": _UK_SPELLING}
# Frequent short words whose first dictionary reading is the wrong one ("eto" is also a
# dialect word, "est" an abbreviation), spelled out.
_WORDS = {
    "ru": {"eto": "это", "est": "есть", "esli": "если", "ego": "его", "ee": "ее",
           "den": "день", "vse": "все", "vsyo": "все", "ili": "или", "mne": "мне"},
    "uk": {"den": "день", "ye": "є", "tse": "це", "shcho": "що", "scho": "що", "vse": "все"},
}
_VOWELS = set("aeiouy")
_MAX_READINGS = 64


def _segments(word: str, language: str) -> list[tuple[str, ...]]:
    table = _SPELLINGS[language]
    segments: list[tuple[str, ...]] = []
    index = 0
    while index < len(word):
        for size in range(min(4, len(word) - index), 0, -1):
            chunk = word[index:index + size]
            options = table.get(chunk)
            if options is None:
                continue
            if language == "ru" and chunk == "e" and index == 0:
                options = ("э", "е")
            elif chunk == "y" and index > 0 and word[index - 1] in _VOWELS:
                options = ("й", "ы" if language == "ru" else "и")
            elif chunk == "l" and index + 1 < len(word) and word[index + 1] not in _VOWELS:
                options = ("л", "ль")  # "dovolna" is "довольна"
            segments.append(options)
            index += size
            break
        else:
            segments.append((word[index],))
            index += 1
    if word and word[-1] not in _VOWELS and word[-1] != "'":
        segments.append(("", "ь"))
    return segments


@lru_cache(maxsize=1 << 16)
def transliterate(word: str, language: str = "ru") -> str:
    """Read a lower-case Latin word as Russian or Ukrainian: the first reading the
    dictionary knows, else the most likely one ("uzhasno" → "ужасно", "koly" → "коли")."""
    if not word.isascii():
        return word
    if word in _WORDS[language]:
        return _WORDS[language][word]
    segments = _segments(word, language)
    readings = 1
    for position, options in enumerate(segments):
        if readings * len(options) > _MAX_READINGS:
            segments[position] = options[:1]
        else:
            readings *= len(options)
    first = None
    for parts in product(*segments):
        reading = "".join(parts)
        if first is None:
            first = reading
        if is_known(reading, language):
            return reading
    return first or word


def lemmatize(text: str, language: str) -> list[str]:
    """The most likely lemma of every word, in order: the plain lemmatization that triage
    builds on (and the floor its benchmark compares against)."""
    return [word_forms(word, language).lemmas[0] for word in WORD.findall(normalize(text))]

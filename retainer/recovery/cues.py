"""What a client's message says about an unhappy relationship beyond triage's flags.

Triage (BRIEF C9) gives every inbound message its negativity and flags, the threat among
them. Article 004's groups also turn on four things triage does not flag: a demand for a
discount ("give us 40 % off"), payments held back ("we won't pay until…", "оплату
заморозили"), the client's own management brought in ("наш директор в курсе"), and an
explicit wish to settle ("let's discuss how to fix it"). Each is a short list of patterns
per language, matched on the lower-cased text; Russian and Ukrainian words are matched by
their stems, so that every case and person is found without a dictionary. All three
languages are tried on every message: clients mix them.

A wish to settle needs words about putting things right, not a mere "let's discuss": the
rules put a client who wants to settle in group C at least, so an ordinary invitation to a
call must not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retainer.rules.recovery import DISCOUNT_DEMAND, ESCALATION, PAYMENTS_HELD, WISH_TO_SETTLE

CUES = (DISCOUNT_DEMAND, PAYMENTS_HELD, ESCALATION, WISH_TO_SETTLE)

_W = r"[\w'’-]*"  # the rest of a word
_GAP = r"(?:\W+\w+){0,3}?\W+"  # up to three words between two parts of a cue

PATTERNS: dict[str, tuple[str, ...]] = {
    DISCOUNT_DEMAND: (
        rf"\bскидк{_W}", rf"\bзнижк{_W}", rf"\bуценк{_W}",
        rf"\b(?:сниз|уменьш|знизи|знизь|зменш){_W}{_GAP}"
        rf"(?:цен|стоимост|вартіст|ціну|ціни|сумм|сум[уи]|чек)",
        rf"\b(?:вернуть|верните|возврат|повернути|поверніть|повернення){_GAP}"
        rf"(?:деньг|денег|оплат|предоплат|гроші|грошей|кошт|передоплат)",
        rf"\bдешевл{_W}", r"\bдешевше\b", rf"\bкомпенсаци{_W}", rf"\bкомпенсаці{_W}",
        rf"\bdiscount{_W}", r"\b\d{1,3}\s?%\s?off\b", r"\bprice cut\b",
        rf"\b(?:lower|reduce|cut){_GAP}(?:price|fee|invoice|bill|rate)",
        rf"\brefund{_W}", r"\bmoney back\b", r"\bcheaper\b",
    ),
    PAYMENTS_HELD: (
        r"\bне\s+(?:\w+\s+){0,2}?(?:заплат|оплат|оплач|плат|сплат)\w*",
        rf"\b(?:замороз|заморож|приостан|призупин){_W}{_GAP}"
        rf"(?:оплат|платеж|платіж|платеж|проект|проєкт|финансирован|фінансуван)",
        rf"\b(?:оплат|платеж|платіж|проект|проєкт){_W}\s+(?:\w+\s+)?"
        rf"(?:замороз|заморож|приостанов|призупин){_W}",
        r"\b(?:won't|will not|wont|not going to)\s+pay\b", r"\bnot paying\b",
        rf"\b(?:freez|froze|withhold|withheld|stop|suspend|hold|holding|put){_W}{_GAP}"
        rf"(?:payment|invoice|project)s?\b",
        r"\b(?:payment|invoice)s?\s+(?:\w+\s+)?(?:on hold|frozen|suspended)\b",
    ),
    ESCALATION: (
        rf"\bнаш{_W}\s+(?:генеральн\w*\s+|финансов\w*\s+|фінансов\w*\s+)?"
        rf"(?:директор|руководств|руководител|гендиректор|собственник|учредител|"
        rf"керівництв|керівник|власник|засновник|правлени|правлінн|шеф)",
        rf"\b(?:руководств|керівництв|директор|гендиректор){_W}\s+(?:уже\s+|вже\s+)?"
        rf"(?:в курсе|в курсі|недоволен|недовольн|незадоволен|требует|вимагає|подключ|"
        rf"підключ)",
        rf"\b(?:подключ|підключ|передал|передала|передали|передав|передала|доложил|доповів|"
        rf"поставил|поставили)\w*{_GAP}(?:руководств|директор|керівництв|керівник|власник|"
        rf"собственник)",
        r"\b(?:our|my)\s+(?:ceo|cfo|coo|management|director|board|boss|owner|founder|"
        r"head of \w+|managing director|vp)\b",
        rf"\b(?:escalat{_W}|taking this (?:up|higher))\b",
    ),
    WISH_TO_SETTLE: (
        rf"\b(?:давайте|предлагаю|готов|готова|готовы|хотим|хотелось бы|хотілося б|"
        rf"пропоную|готові|хочемо|як|как){_GAP}"
        r"(?:исправ|виправ|улад|налад|помир|(?:реш|виріш)\w*\s+(?:это|проблем|вопрос|ситуаци|"
        r"це|проблем|питанн|ситуаці)|(?:найд|найт|знайд|знайт)\w*\s+(?:решени|выход|"
        r"компромисс|рішенн|вихід|компроміс)|(?:начать|почати|начнем|почнемо)\s+(?:сначала|"
        r"заново|спочатку))",
        rf"\bкомпромисс{_W}", rf"\bкомпроміс{_W}",
        r"\b(?:how|let's|let us|we want to|we'd like to|ready to|happy to)\b(?:\W+\w+){0,3}?"
        r"\W+(?:fix|sort (?:it|this|things) out|make (?:it|this|things) right|put (?:it|this|"
        r"things) right|work (?:it|this|things) out|find a (?:solution|way|compromise)|"
        r"start over|move forward|settle)\b",
        r"\bcompromise\b", r"\bbury the hatchet\b",
    ),
}

_WORD_END = re.compile(r"\w*")
_COMPILED = {cue: tuple(re.compile(pattern) for pattern in patterns)
             for cue, patterns in PATTERNS.items()}


@dataclass(frozen=True)
class CueHit:
    cue: str
    text: str  # the words of the message that raised it


def read_cues(text: str) -> tuple[CueHit, ...]:
    """The cues of one message, each with the first words that raised it, in CUES order."""
    # lower(), unlike casefold(), keeps positions, so the hit is cut from the text as written.
    lowered = text.lower().replace("ё", "е").replace("’", "'")
    hits = []
    for cue in CUES:
        for pattern in _COMPILED[cue]:
            found = pattern.search(lowered)
            if found is not None:
                end = _WORD_END.match(lowered, found.end()).end()  # a stem to its whole word
                hits.append(CueHit(cue, text[found.start():end].strip()))
                break
    return tuple(hits)


def cues_text(hits: tuple[CueHit, ...]) -> str:
    """As stored: space-separated with a space on each side, or empty."""
    return f" {' '.join(hit.cue for hit in hits)} " if hits else ""

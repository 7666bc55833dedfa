"""Message triage (BRIEF C9): language, negativity, flags and jargon, each with its reasons.

For every inbound message, in Russian, Ukrainian or English, `analyze()` returns a `Triage`:
the language (detected when not given, including mixed Russian/Ukrainian and either language
written in Latin letters), a negativity from 0.0 to 1.0, the flags request / claim / threat /
urgency / status_check / praise, and the `Evidence` spans of the original text behind every
flag and every contribution to negativity. Claims, threats and negativity feed the claim
assessment, the unhappy-client groups and the conflict steps (C3–C5), so every flag has to
show the words that raised it.

For an outgoing message to a client who is new to the field, `jargon()` lists professional
terms (CTR, лид, охоплення…) with a plain explanation in the message's language.

Explainable rules over lemmatized text, not a model: see `analysis` for the pipeline, how
negation works and why; `morph` for why pymorphy3; `lexicon` for the editable word lists in
`lexicons/`. `TRIAGE_VERSION` changes whenever the rules or any lexicon file change, so a stored
result (`Triage.to_document()`) can be recognised as stale and recomputed.
"""

from retainer.rules.triage.analysis import analyze
from retainer.rules.triage.jargon import jargon
from retainer.rules.triage.lexicon import LexiconError
from retainer.rules.triage.model import (
    FLAGS,
    LANGUAGES,
    NEGATIVITY,
    TRIAGE_VERSION,
    Evidence,
    Term,
    Triage,
)
from retainer.rules.triage.text import detect_language, lemmatize

__all__ = [
    "FLAGS",
    "LANGUAGES",
    "NEGATIVITY",
    "TRIAGE_VERSION",
    "Evidence",
    "LexiconError",
    "Term",
    "Triage",
    "analyze",
    "detect_language",
    "jargon",
    "lemmatize",
]

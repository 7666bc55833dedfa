"""The values triage returns: plain frozen dataclasses that round-trip through JSON."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGUAGES = ("ru", "uk", "en")
FLAGS = ("request", "claim", "threat", "urgency", "status_check", "praise")
NEGATIVITY = "negativity"
EVIDENCE_KINDS = (*FLAGS, NEGATIVITY)

# Bump RULES_VERSION when the code of the rules changes. The lexicon files are folded in
# automatically, so a stored result made before someone added a word reads as stale.
RULES_VERSION = "1"
LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"


def _lexicon_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(LEXICON_DIR.rglob("*.toml")):
        digest.update(path.relative_to(LEXICON_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


TRIAGE_VERSION = f"{RULES_VERSION}+{_lexicon_digest()}"


@dataclass(frozen=True)
class Evidence:
    """One span of the original text and what it contributed: to a flag (`kind` is the flag)
    or to negativity (`kind` is "negativity"; a negative weight lowers it)."""

    kind: str
    start: int
    end: int
    text: str
    weight: float

    def to_document(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text,
                "weight": self.weight}

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Evidence:
        kind = doc["kind"]
        if kind not in EVIDENCE_KINDS:
            raise ValueError(f"Unknown evidence kind: {kind!r}")
        start, end = int(doc["start"]), int(doc["end"])
        if not 0 <= start <= end:
            raise ValueError(f"Bad evidence span: {start}..{end}")
        return cls(kind=kind, start=start, end=end, text=str(doc["text"]),
                   weight=float(doc["weight"]))


@dataclass(frozen=True)
class Triage:
    """What one message says about the relationship: its language, how negative it is
    (0.0 calm … 1.0 furious), which flags it raises, and the spans behind every flag and
    every contribution to negativity."""

    language: str
    negativity: float
    flags: frozenset[str]
    evidence: tuple[Evidence, ...]
    version: str = field(default=TRIAGE_VERSION)

    def evidence_for(self, kind: str) -> tuple[Evidence, ...]:
        return tuple(item for item in self.evidence if item.kind == kind)

    @property
    def is_stale(self) -> bool:
        """True when the result was computed by other rules or lexicons than the current."""
        return self.version != TRIAGE_VERSION

    def to_document(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "language": self.language,
            "negativity": self.negativity,
            "flags": sorted(self.flags),
            "evidence": [item.to_document() for item in self.evidence],
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Triage:
        """The Triage stored by `to_document()`; ValueError if the document is malformed."""
        try:
            return cls._from_document(doc)
        except (KeyError, TypeError) as error:
            raise ValueError(f"Not a triage document: {error!r}") from error

    @classmethod
    def _from_document(cls, doc: dict[str, Any]) -> Triage:
        language = doc["language"]
        if language not in LANGUAGES:
            raise ValueError(f"Unknown language: {language!r}")
        flags = frozenset(doc["flags"])
        unknown = flags - set(FLAGS)
        if unknown:
            raise ValueError(f"Unknown flags: {sorted(unknown)}")
        negativity = float(doc["negativity"])
        if not 0.0 <= negativity <= 1.0:
            raise ValueError(f"Negativity out of range: {negativity}")
        return cls(
            language=language,
            negativity=negativity,
            flags=flags,
            evidence=tuple(Evidence.from_document(item) for item in doc["evidence"]),
            version=str(doc["version"]),
        )


@dataclass(frozen=True)
class Term:
    """A professional term found in a text, with a plain-language explanation."""

    term: str
    start: int
    end: int
    explanation: str

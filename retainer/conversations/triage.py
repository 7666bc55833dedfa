"""Triage results stored on each message (BRIEF C9), so the log filters by flag and draws
its badges without analysing text again. `triage` is NULL until a message is analysed;
imports leave it NULL and `interactions_triage` catches up in the background."""

from __future__ import annotations

from retainer.clients.models import Client, Expertise
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.rules.triage import TRIAGE_VERSION, analyze, jargon

BATCH = 500
FIELDS = ["language", "negativity", "flags", "triage"]


def flags_text(flags) -> str:
    """Stored with a space on each side, so `flags__contains=" claim "` finds one flag on
    every database without JSON operators."""
    return f" {' '.join(sorted(flags))} " if flags else ""


def triage_fields(*, text: str, direction: str, kind: str, client_language: str,
                  client_expertise: str) -> dict:
    if kind != Kind.MESSAGE:
        return {"language": "", "negativity": None, "flags": "", "triage": None}
    if direction == Direction.INBOUND:
        result = analyze(text)
        return {
            "language": result.language,
            "negativity": round(result.negativity, 3),
            "flags": flags_text(result.flags),
            "triage": result.to_document(),
        }
    # Our own messages are checked for jargon only when the client is new to the field.
    terms = jargon(text, client_language) if client_expertise == Expertise.NOVICE else []
    return {
        "language": client_language,
        "negativity": None,
        "flags": "",
        "triage": {
            "version": TRIAGE_VERSION,
            "jargon": [
                {"term": t.term, "start": t.start, "end": t.end, "explanation": t.explanation}
                for t in terms
            ],
        },
    }


def interactions_triage(*, client: Client) -> int:
    """Analyse every message of the client that has not been analysed yet. Batches are read
    afresh rather than through one open cursor: analysed rows leave the query, and SQLite
    gives no isolation between a cursor and writes on the same connection."""
    pending = (
        Interaction.objects.filter(client=client, kind=Kind.MESSAGE, triage__isnull=True)
        .only("id", "text", "direction", "kind")
        .order_by("id")
    )
    done = 0
    while batch := list(pending[:BATCH]):
        for interaction in batch:
            for name, value in triage_fields(
                text=interaction.text, direction=interaction.direction, kind=interaction.kind,
                client_language=client.language, client_expertise=client.expertise,
            ).items():
                setattr(interaction, name, value)
        Interaction.objects.bulk_update(batch, FIELDS)
        done += len(batch)
    return done

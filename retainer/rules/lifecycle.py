"""The relationship's lifecycle (BRIEF C6, article 003): which stage the events suggest next.

Stages go courtship → sale → honeymoon → storm → normalization → support & development, and
a relationship may end. `suggest_stage` reads the current stage, the day it began and the
dated events, and suggests the next stage with the event that moved it:

- **sale** from courtship: an agreement is being drafted — expectations are being formed;
- **honeymoon** from courtship, sale or ended: an agreement has started (production begins;
  a past client who signs again starts anew);
- **storm** from the honeymoon: the first founded claim or conflict after the honeymoon
  began. A storm comes only after a honeymoon: once normalized, later trouble is handled as
  a conflict, not as a return to the storm;
- **normalization** from the honeymoon or a storm: the policy's weeks without a founded
  claim or an open conflict (a conflict counts every day it stays open; the weeks start at
  the stage's beginning or at the last trouble, whichever is later);
- **support & development** from any stage of production: no agreement is in production any
  more — the last deliverable of the project was approved, or the agreement ended;
- **ended** from support: still no agreement in production, and the client has not written
  for the policy's `relationship_ended_after_days` since their last message or the end of
  the last project, whichever is later. Only the client's own messages count: our reminders
  to stay in view do not keep a relationship alive by themselves.

When several events qualify, the earliest wins (ties in the order above), so replaying a
history suggestion by suggestion walks through the stages in the order they happened. A
suggestion the manager declined is not made again until a newer event of its kind. Events
after `today` are not read.

Trust (article 003) is "calculated" until normalization — the client is careful, not yet
knowing the result — and "established" from normalization on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from retainer.rules.policy import Policy
from retainer.rules.scope.terms import Reason

COURTSHIP = "courtship"
SALE = "sale"
HONEYMOON = "honeymoon"
STORM = "storm"
NORMALIZATION = "normalization"
SUPPORT = "support"
ENDED = "ended"
STAGES = (COURTSHIP, SALE, HONEYMOON, STORM, NORMALIZATION, SUPPORT, ENDED)

CALCULATED = "calculated"
ESTABLISHED = "established"

# What a trouble is.
CLAIM = "claim"  # a founded claim
CONFLICT = "conflict"

# Reason codes, each with its figures.
AGREEMENT_DRAFTED = "lifecycle.agreement_drafted"  # on
AGREEMENT_SIGNED = "lifecycle.agreement_signed"  # on
FIRST_TROUBLE = "lifecycle.first_trouble"  # on, kind
CALM = "lifecycle.calm"  # weeks, since
LAST_DELIVERABLE_APPROVED = "lifecycle.last_deliverable_approved"  # on
AGREEMENT_ENDED = "lifecycle.agreement_ended"  # on
CLIENT_SILENT = "lifecycle.client_silent"  # days, since
REASONS = (AGREEMENT_DRAFTED, AGREEMENT_SIGNED, FIRST_TROUBLE, CALM, LAST_DELIVERABLE_APPROVED,
           AGREEMENT_ENDED, CLIENT_SILENT)

# The stages each stage may move to, in the order that breaks a tie between events of a day.
NEXT = {
    COURTSHIP: (SALE, HONEYMOON),
    SALE: (HONEYMOON,),
    HONEYMOON: (STORM, NORMALIZATION, SUPPORT),
    STORM: (NORMALIZATION, SUPPORT),
    NORMALIZATION: (SUPPORT,),
    SUPPORT: (ENDED,),
    ENDED: (HONEYMOON,),
}
PRODUCTION = (HONEYMOON, STORM, NORMALIZATION)


def trust(stage: str) -> str:
    return ESTABLISHED if stage in (NORMALIZATION, SUPPORT, ENDED) else CALCULATED


@dataclass(frozen=True)
class AgreementSpan:
    """A signed agreement: the day it started, and the day its production ended (None while
    it runs; a day after `today` is not over yet)."""

    starts_on: date
    ended_on: date | None = None
    # Ended by the approval of its last deliverable rather than by the agreement's end.
    by_approval: bool = False

    def __post_init__(self):
        if self.ended_on is not None and self.ended_on < self.starts_on:
            raise ValueError("An agreement cannot end before it starts.")


@dataclass(frozen=True)
class Trouble:
    """A founded claim (one day) or a conflict (open from `on` until `closed_on`)."""

    on: date
    kind: str  # CLAIM or CONFLICT
    closed_on: date | None = None  # a conflict's; None while open

    def __post_init__(self):
        if self.kind not in (CLAIM, CONFLICT):
            raise ValueError(f"Unknown trouble {self.kind!r}; expected {CLAIM} or {CONFLICT}")
        if self.closed_on is not None and self.closed_on < self.on:
            raise ValueError("A conflict cannot close before it opens.")


@dataclass(frozen=True)
class LifecycleHistory:
    stage: str
    today: date
    stage_since: date | None = None  # None: the stage was set without a recorded change
    drafts: tuple[date, ...] = ()  # days agreements still in draft were written
    agreements: tuple[AgreementSpan, ...] = ()
    troubles: tuple[Trouble, ...] = ()
    last_heard_on: date | None = None  # the client's last message
    # (stage, event day) of suggestions the manager declined in the current stage.
    declined: tuple[tuple[str, date], ...] = ()

    def __post_init__(self):
        if self.stage not in STAGES:
            raise ValueError(f"Unknown stage {self.stage!r}; expected one of {STAGES}")


@dataclass(frozen=True)
class StageSuggestion:
    stage: str
    reason: Reason  # its rule is one of REASONS
    on: date  # the day of the event behind it
    trust: str  # of the suggested stage
    policy_version: int


def suggest_stage(history: LifecycleHistory, policy: Policy) -> StageSuggestion | None:
    """The next stage the events suggest (see the module doc), or None."""
    today = history.today
    declined: dict[str, date] = {}
    for stage, on in history.declined:
        declined[stage] = max(on, declined.get(stage, on))
    found = []
    for order, stage in enumerate(NEXT[history.stage]):
        for on, reason in _events(stage, history, policy):
            if on > today:
                break
            if stage in declined and on <= declined[stage]:
                continue
            found.append((on, order, stage, reason))
            break
    if not found:
        return None
    on, _order, stage, reason = min(found)
    return StageSuggestion(stage, reason, on, trust(stage), policy.version)


def _events(stage: str, history: LifecycleHistory, policy: Policy) -> list[tuple[date, Reason]]:
    """The events that would move the relationship to `stage`, earliest first."""
    if stage == SALE:
        return [(on, Reason.of(AGREEMENT_DRAFTED, on=on)) for on in sorted(set(history.drafts))]
    if stage == HONEYMOON:
        return _signings(history)
    if stage == STORM:
        since = _anchor(history)
        return [(t.on, Reason.of(FIRST_TROUBLE, on=t.on, kind=t.kind))
                for t in _troubles(history) if since is not None and t.on >= since]
    if stage == NORMALIZATION:
        return _calm(history, timedelta(weeks=policy.normalization_weeks_without_conflict))
    if stage == SUPPORT:
        return _production_end(history)
    return _silence(history, timedelta(days=policy.relationship_ended_after_days))


def _signed(history: LifecycleHistory) -> list[AgreementSpan]:
    return sorted((a for a in history.agreements if a.starts_on <= history.today),
                  key=lambda a: (a.starts_on, a.ended_on or date.max, a.by_approval))


def _running(agreement: AgreementSpan, today: date) -> bool:
    return agreement.ended_on is None or agreement.ended_on > today


def _troubles(history: LifecycleHistory) -> list[Trouble]:
    return sorted((t for t in history.troubles if t.on <= history.today),
                  key=lambda t: (t.on, t.kind, t.closed_on or date.max))


def _anchor(history: LifecycleHistory) -> date | None:
    """The day the current stage of production began: as recorded, or else read from the
    events — the honeymoon with the latest agreement's start, a storm with the first trouble
    after it."""
    if history.stage_since is not None:
        return history.stage_since
    signed = _signed(history)
    if not signed:
        return None
    started = max(a.starts_on for a in signed)
    if history.stage == STORM:
        return next((t.on for t in _troubles(history) if t.on >= started), started)
    return started


def _signings(history: LifecycleHistory) -> list[tuple[date, Reason]]:
    since = history.stage_since
    days = sorted({a.starts_on for a in _signed(history)
                   if since is None or a.starts_on >= since or _running(a, history.today)})
    return [(on, Reason.of(AGREEMENT_SIGNED, on=on)) for on in days]


def _calm(history: LifecycleHistory, weeks: timedelta) -> list[tuple[date, Reason]]:
    """Each day the relationship had gone the policy's weeks without trouble since the
    stage began."""
    cursor = _anchor(history)
    if cursor is None:
        return []
    found = []
    for trouble in _troubles(history):
        end: date | None = trouble.on
        if trouble.kind == CONFLICT:
            end = trouble.closed_on
            if end is not None and end > history.today:
                end = None  # still open today
        if end is not None and end < cursor:
            continue
        if trouble.on > cursor + weeks:
            found.append(cursor + weeks)
        if end is None:
            return [(on, Reason.of(CALM, weeks=weeks.days // 7, since=on - weeks))
                    for on in found]
        cursor = max(cursor, end)
    found.append(cursor + weeks)
    return [(on, Reason.of(CALM, weeks=weeks.days // 7, since=on - weeks)) for on in found]


def _production_end(history: LifecycleHistory) -> list[tuple[date, Reason]]:
    signed = _signed(history)
    if not signed or any(_running(a, history.today) for a in signed):
        return []
    last = max(signed, key=lambda a: (a.ended_on, a.by_approval))
    code = LAST_DELIVERABLE_APPROVED if last.by_approval else AGREEMENT_ENDED
    return [(last.ended_on, Reason.of(code, on=last.ended_on))]


def _silence(history: LifecycleHistory, days: timedelta) -> list[tuple[date, Reason]]:
    today = history.today
    if any(_running(a, today) for a in history.agreements):
        return []  # an agreement runs or is about to start
    ends = [a.ended_on for a in history.agreements if a.ended_on is not None]
    heard = [history.last_heard_on] if history.last_heard_on is not None else []
    if not ends and not heard:
        return []
    since = max(ends + heard)
    return [(since + days, Reason.of(CLIENT_SILENT, days=days.days, since=since))]

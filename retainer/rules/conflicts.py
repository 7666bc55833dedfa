"""What to do next in an open conflict (BRIEF C5, article 003).

`suggest` reads the case and the client's messages and names the moves article 003 teaches,
each with a stable id and the figures behind it, most urgent first:

- **escalate** a case open longer than the policy's days: an unresolved conflict is a time
  bomb;
- **pause** before answering a message written at peak emotion (negativity at or above the
  policy's peak): a person at the height of anger cannot think rationally, so the answer in
  substance waits — but the client still hears from us within the response target, and the
  suggestion says by when, in business time of the agency's calendar;
- **move to a call** after a ping-pong of written messages: the policy's number of turns
  (consecutive messages from one side are one turn) within its hours, with no call or
  meeting since;
- **ask directly** when the client has gone quiet after our message for the policy's quiet
  hours of business time: a client who keeps silent about a problem leaves without warning.

A resolved case gets no suggestions. Messages after the case's `now` are not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from retainer.rules.business_time import BusinessCalendar, business_time_between
from retainer.rules.claims.terms import require_aware
from retainer.rules.policy import Policy
from retainer.rules.response import reply_due, reply_target
from retainer.rules.scope.terms import Reason

ESCALATE = "conflicts.escalate"
PAUSE = "conflicts.pause"
MOVE_TO_CALL = "conflicts.move_to_call"
ASK_DIRECTLY = "conflicts.ask_directly"
SUGGESTIONS = (ESCALATE, PAUSE, MOVE_TO_CALL, ASK_DIRECTLY)


@dataclass(frozen=True)
class ConflictCase:
    opened_at: datetime
    now: datetime  # the moment the suggestions are for
    calendar: BusinessCalendar
    response_target_hours: Decimal | None = None  # the agreement's; None: the policy's
    resolved: bool = False

    def __post_init__(self):
        require_aware(self.opened_at, "opened_at")
        require_aware(self.now, "now")


@dataclass(frozen=True)
class CaseMessage:
    at: datetime
    inbound: bool  # from the client
    negativity: float = 0.0  # triage negativity, 0–1 (inbound messages)
    spoken: bool = False  # a call or a meeting rather than a written message

    def __post_init__(self):
        require_aware(self.at, "at")


@dataclass(frozen=True)
class Suggestion:
    reason: Reason  # its rule is the suggestion's stable id, one of SUGGESTIONS
    policy_version: int
    due: datetime | None = None  # for a pause: acknowledge the message by then

    @property
    def id(self) -> str:
        return self.reason.rule


def turns(messages: list[CaseMessage]) -> int:
    """How many times the word passed between the sides, counting the first speaker."""
    return sum(1 for index, message in enumerate(messages)
               if index == 0 or message.inbound != messages[index - 1].inbound)


def suggest(case: ConflictCase, messages: Iterable[CaseMessage],
            policy: Policy) -> list[Suggestion]:
    """The moves that fit the case now (see the module doc). Deterministic: messages are read
    in time order, those at the same moment in the order given."""
    if case.resolved:
        return []
    log = sorted((message for message in messages if message.at <= case.now),
                 key=lambda message: message.at)
    found = [
        _escalate(case, policy),
        _pause(case, log, policy),
        _move_to_call(case, log, policy),
        _ask_directly(case, log, policy),
    ]
    return [Suggestion(reason, policy.version, due) for reason, due in filter(None, found)]


def _escalate(case: ConflictCase, policy: Policy) -> tuple[Reason, None] | None:
    open_for = case.now - case.opened_at
    limit = policy.conflict_escalation_days
    if open_for <= timedelta(days=limit):
        return None
    return Reason.of(ESCALATE, open_days=open_for.days, limit_days=limit,
                     opened_at=case.opened_at), None


def _pause(case: ConflictCase, log: list[CaseMessage],
           policy: Policy) -> tuple[Reason, datetime] | None:
    waiting = []
    for message in reversed(log):
        if not message.inbound:
            break
        waiting.append(message)
    if not waiting:
        return None
    waiting.reverse()
    # The highest emotion among the messages we owe an answer to; the earliest of those
    # started the reply clock.
    peak = max(waiting, key=lambda message: message.negativity)
    negativity = Decimal(str(peak.negativity))
    if negativity < policy.conflict_peak_negativity:
        return None
    target = reply_target(first_in_thread=False, agreement_hours=case.response_target_hours,
                          policy=policy)
    due = reply_due(case.calendar, waiting[0].at, target)
    return Reason.of(PAUSE, negativity=negativity, peak=policy.conflict_peak_negativity,
                     received=peak.at, acknowledge_by=due), due


def _move_to_call(case: ConflictCase, log: list[CaseMessage],
                  policy: Policy) -> tuple[Reason, None] | None:
    since = case.now - timedelta(hours=policy.chat_pingpong_hours)
    exchange = []
    for message in reversed(log):
        if message.spoken or message.at < since:
            break
        exchange.append(message)
    exchange.reverse()
    count = turns(exchange)
    if count < policy.chat_pingpong_messages:
        return None
    return Reason.of(MOVE_TO_CALL, turns=count, limit=policy.chat_pingpong_messages,
                     hours=policy.chat_pingpong_hours, since=exchange[0].at), None


def _ask_directly(case: ConflictCase, log: list[CaseMessage],
                  policy: Policy) -> tuple[Reason, None] | None:
    if not log or log[-1].inbound:
        return None
    silence = business_time_between(case.calendar, log[-1].at, case.now)
    if silence < policy.client_quiet:
        return None
    return Reason.of(ASK_DIRECTLY, silent_min=silence // timedelta(minutes=1),
                     quiet_hours=policy.client_quiet_hours, since=log[-1].at), None

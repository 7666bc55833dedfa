"""Reply clocks (BRIEF C8, article 000): when a client's message must be answered, and whether
it was.

Every inbound message waits for a reply. The reply is due a target of business time after the
message arrived: the first message of a thread gets the policy's first-reply target, every next
one the agreement's response target (neither "three days" nor "two minutes": 4 business hours
by default). The first outbound message to the client after it answers it, and every message
still open at that moment. While a thread waits for the client the clock stands still: the
business time it stood is added to the target, so a due time is always
`add_business_time(received, target + paused)` and a change of calendar or target simply
recomputes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from retainer.rules.business_time import BusinessCalendar, add_business_time, business_time_between
from retainer.rules.policy import Policy


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    inbound: bool
    at: datetime
    thread: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """Which outbound message answered an inbound one (None while it is open)."""

    message_id: int
    reply_id: int | None
    replied_at: datetime | None
    first_in_thread: bool


class ClockState(StrEnum):
    ON_TIME = "on_time"
    NEAR = "near"
    BREACHED = "breached"
    PAUSED = "paused"


def answers(messages: Iterable[Message]) -> Iterator[Answer]:
    """Pair every inbound message with the first outbound message after it.

    `messages` are one client's, in the order they happened. A thread's first message is the
    first one seen in it from either side, so a thread we opened never earns the first-reply
    target for the client's answer to us."""
    seen_threads: set[str] = set()
    waiting: list[tuple[Message, bool]] = []
    for message in messages:
        first = message.thread not in seen_threads
        seen_threads.add(message.thread)
        if message.inbound:
            waiting.append((message, first))
            continue
        for inbound, was_first in waiting:
            yield Answer(inbound.id, message.id, message.at, was_first)
        waiting.clear()
    for inbound, was_first in waiting:
        yield Answer(inbound.id, None, None, was_first)


def reply_target(*, first_in_thread: bool, agreement_hours: Decimal | None,
                 policy: Policy) -> timedelta:
    """The first reply of a thread follows the policy; every next one the agreement, or the
    policy when the client has no agreement yet."""
    if first_in_thread:
        hours = policy.first_response_target_hours
    else:
        hours = agreement_hours if agreement_hours is not None else policy.response_target_hours
    return timedelta(seconds=round(Decimal(hours) * 3600))


def reply_due(calendar: BusinessCalendar, received: datetime, target: timedelta,
              paused: timedelta = timedelta(0)) -> datetime:
    return add_business_time(calendar, received, target + paused)


class ClockReading(NamedTuple):
    state: ClockState
    left: timedelta | None  # business time left until due; negative once breached


def clock_reading(calendar: BusinessCalendar, *, due: datetime | None, now: datetime,
                  target: timedelta, near_pct: int, paused: bool = False) -> ClockReading:
    """Breached once due; near when no more than `near_pct` % of the target is left, counted
    in business time so a Friday-evening message is not "near" all weekend."""
    if paused or due is None:
        return ClockReading(ClockState.PAUSED, None)
    left = business_time_between(calendar, now, due)
    if now >= due:
        return ClockReading(ClockState.BREACHED, left)
    if left * 100 <= target * near_pct:
        return ClockReading(ClockState.NEAR, left)
    return ClockReading(ClockState.ON_TIME, left)


def response_time(calendar: BusinessCalendar, received: datetime, replied_at: datetime,
                  paused: timedelta = timedelta(0)) -> timedelta:
    """Business time the client waited for us, without the time we waited for them."""
    return max(business_time_between(calendar, received, replied_at) - paused, timedelta(0))

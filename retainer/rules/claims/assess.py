"""assess_claim(): is the client's claim founded? The rules of the module doc of
`retainer.rules.claims`."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from retainer.rules.claims.terms import (
    COMMUNICATION,
    DELIVERABLE,
    FOUNDED_RULES,
    HIGHER,
    KPI,
    NOT_PROMISED,
    RULE_DELIVERABLE_KEPT,
    RULE_DELIVERABLE_LATE,
    RULE_DELIVERABLE_REJECTED,
    RULE_KPI_MET,
    RULE_KPI_MISSED,
    RULE_KPI_NOT_MEASURED,
    RULE_NO_TERM,
    RULE_NOT_PROMISED,
    RULE_REPLY_LATE,
    RULE_REPLY_ON_TIME,
    Claim,
    ClaimAssessment,
    ClaimFacts,
    ClaimTerms,
    PromisedKpi,
)
from retainer.rules.deliverables import is_late
from retainer.rules.policy import Policy
from retainer.rules.response import reply_due, reply_target, response_time
from retainer.rules.scope.terms import Reason

_MINUTE = timedelta(minutes=1)
_SECOND = timedelta(seconds=1)


def kpi_bound(kpi: PromisedKpi) -> Decimal:
    """The worst value still within the tolerance: below the target for a KPI where higher is
    better, above it where lower is better."""
    margin = abs(kpi.target) * kpi.tolerance_pct / 100
    return kpi.target - margin if kpi.direction == HIGHER else kpi.target + margin


def assess_claim(claim: Claim, agreement: ClaimTerms, facts: ClaimFacts,
                 policy: Policy) -> ClaimAssessment:
    """Founded or not; the reasons name the term checked and the figures compared.
    Deterministic. A claim on a deliverable or KPI this agreement does not hold (another
    client's), or without the facts its target needs, is a ValueError."""
    made_on = claim.made_at.astimezone(ZoneInfo(agreement.calendar.timezone)).date()
    if claim.target == DELIVERABLE:
        reasons = _deliverable(claim, agreement, facts, made_on)
    elif claim.target == KPI:
        reasons = _kpi(claim, agreement, facts)
    elif claim.target == COMMUNICATION:
        reasons = _communication(claim, agreement, facts, policy)
    elif claim.target == NOT_PROMISED:
        reasons = _not_promised(claim, agreement)
    else:
        reasons = [Reason.of(RULE_NO_TERM)]
    founded = any(reason.rule in FOUNDED_RULES for reason in reasons)
    return ClaimAssessment(claim, founded, made_on, tuple(reasons), policy.version)


def _deliverable(claim: Claim, agreement: ClaimTerms, facts: ClaimFacts,
                 made_on: date) -> list[Reason]:
    item = next((each for each in agreement.deliverables if each.id == claim.target_id), None)
    if item is None:
        raise ValueError(f"Deliverable {claim.target_id} is not in this agreement.")
    if facts.progress is None:
        raise ValueError("A claim on a deliverable needs the deliverable's progress.")
    # The claim is judged on the day it was made: work handed over after it was still
    # missing when the client complained.
    done = facts.progress.done_on
    if done is not None and done > made_on:
        done = None
    figures = {"deliverable": item.title, "due": item.due, "done": done or "", "today": made_on}
    reasons = []
    if is_late(item.due, done, made_on):
        reasons.append(Reason.of(RULE_DELIVERABLE_LATE, **figures))
    if facts.progress.rejected:
        reasons.append(Reason.of(RULE_DELIVERABLE_REJECTED, deliverable=item.title))
    return reasons or [Reason.of(RULE_DELIVERABLE_KEPT, **figures)]


def _kpi(claim: Claim, agreement: ClaimTerms, facts: ClaimFacts) -> list[Reason]:
    kpi = next((each for each in agreement.kpis if each.id == claim.target_id), None)
    if kpi is None:
        raise ValueError(f"KPI {claim.target_id} is not promised in this agreement.")
    figures = {"kpi": kpi.name, "target": kpi.target, "tolerance_pct": kpi.tolerance_pct,
               "direction": kpi.direction, "unit": kpi.unit}
    measurement = facts.measurement
    if measurement is None:
        return [Reason.of(RULE_KPI_NOT_MEASURED, **figures)]
    bound = kpi_bound(kpi)
    actual = measurement.actual
    missed = actual < bound if kpi.direction == HIGHER else actual > bound
    rule = RULE_KPI_MISSED if missed else RULE_KPI_MET
    return [Reason.of(rule, **figures, bound=bound, actual=actual,
                      measured_on=measurement.measured_on)]


def _communication(claim: Claim, agreement: ClaimTerms, facts: ClaimFacts,
                   policy: Policy) -> list[Reason]:
    wait = facts.reply
    if wait is None:
        raise ValueError("A claim on our communication needs the message and our reply.")
    calendar = agreement.calendar
    zone = ZoneInfo(calendar.timezone)
    target = reply_target(first_in_thread=wait.first_in_thread,
                          agreement_hours=agreement.response_target_hours, policy=policy)
    # As with deliverables, a reply sent after the claim did not exist when it was made.
    replied = wait.replied_at
    if replied is not None and replied > claim.made_at:
        replied = None
    waited = response_time(calendar, wait.received_at, replied or claim.made_at, wait.paused)
    rule = RULE_REPLY_LATE if waited > target else RULE_REPLY_ON_TIME
    due = reply_due(calendar, wait.received_at, target, wait.paused)
    return [Reason.of(
        rule,
        target_hours=Decimal(target // _SECOND) / 3600,
        received=wait.received_at.astimezone(zone),
        replied=replied.astimezone(zone) if replied else "",
        # Any started minute counts, so a wait past the target never reads as equal to it.
        waited_min=math.ceil(waited / _MINUTE),
        due=due.astimezone(zone),
    )]


def _not_promised(claim: Claim, agreement: ClaimTerms) -> list[Reason]:
    wanted = claim.result.strip().casefold()
    listed = next((each for each in agreement.not_promised
                   if each.strip().casefold() == wanted), None)
    if listed is None:
        raise ValueError(f"The agreement does not list {claim.result!r} as not promised.")
    return [Reason.of(RULE_NOT_PROMISED, result=listed)]

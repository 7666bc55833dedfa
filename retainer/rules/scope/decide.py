"""decide_request(): the rules of the module doc of `retainer.rules.scope`."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from retainer.rules.business_time import add_business_days
from retainer.rules.policy import Policy
from retainer.rules.scope.reply import draft_reply
from retainer.rules.scope.terms import (
    BONUS,
    CHANGE,
    CHOICE,
    IN_SCOPE,
    INCLUDED,
    OUT_OF_SCOPE,
    OVER_ROUNDS,
    REVISION,
    RULE_BONUS,
    RULE_BUDGET_SPENT,
    RULE_CHANGE,
    RULE_IN_SCOPE,
    RULE_NO_DELIVERABLE,
    RULE_OVER_ROUNDS,
    RULE_OVER_THRESHOLD,
    RULE_PRICE,
    RULE_RENEGOTIATE,
    RULE_SHIFT,
    RULE_WITHIN_ROUNDS,
    AgreementTerms,
    Reason,
    RequestDecision,
    ScopeItem,
    ScopeRequest,
    Shift,
    Usage,
)


def classify(request: ScopeRequest, terms: AgreementTerms, usage: Usage) -> tuple[str, Reason]:
    item = terms.item(request.deliverable_id)
    if item is None:
        return OUT_OF_SCOPE, Reason.of(RULE_NO_DELIVERABLE)
    if request.kind == CHANGE:
        return OUT_OF_SCOPE, Reason.of(RULE_CHANGE, deliverable=item.title)
    if request.kind == REVISION:
        if usage.revision_rounds_used >= terms.revision_rounds:
            return OVER_ROUNDS, Reason.of(RULE_OVER_ROUNDS, deliverable=item.title,
                                          used=usage.revision_rounds_used,
                                          rounds=terms.revision_rounds)
        return IN_SCOPE, Reason.of(RULE_WITHIN_ROUNDS, deliverable=item.title,
                                   round=usage.revision_rounds_used + 1,
                                   rounds=terms.revision_rounds)
    return IN_SCOPE, Reason.of(RULE_IN_SCOPE, deliverable=item.title)


def price(estimate_min: int, hourly_rate: Decimal, step: Decimal) -> Decimal:
    """estimate × rate, rounded half up to the policy's step (1 = whole units)."""
    exact = Decimal(estimate_min) * hourly_rate / 60
    return (exact / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def shift_days(estimate_min: int, daily_capacity_hours: Decimal) -> int:
    """Business days the work takes at the agreed daily capacity, rounded up (a started day
    is a day the planned work does not get)."""
    return math.ceil(Decimal(estimate_min) / (Decimal(daily_capacity_hours) * 60))


def affected(request: ScopeRequest, terms: AgreementTerms) -> tuple[ScopeItem, ...]:
    """The deliverables a shift moves: the request's own and every open one due on or after
    it (the work chain behind it); with no deliverable, every open one (the work takes the
    same people's days)."""
    item = terms.item(request.deliverable_id)
    open_items = [each for each in terms.items if each.open]
    if item is not None:
        open_items = [each for each in open_items if each.due >= item.due]
    return tuple(sorted(open_items, key=lambda each: (each.due, each.id)))


def decide_request(request: ScopeRequest, agreement: AgreementTerms, usage: Usage,
                   policy: Policy) -> RequestDecision:
    """The decision for one request (see the module doc), with its draft reply.
    Deterministic: the same inputs give the same decision."""
    decision = _decide(request, agreement, usage, policy)
    # The reply is drafted from the decision itself, so it is filled in last. Set in place on
    # the value nobody else holds yet: dataclasses.replace would build the decision twice.
    object.__setattr__(decision, "reply", draft_reply(request, decision))
    return decision


def _decide(request: ScopeRequest, agreement: AgreementTerms, usage: Usage,
            policy: Policy) -> RequestDecision:
    classification, reason = classify(request, agreement, usage)
    reasons = [reason]
    budget = agreement.monthly_free_budget_min
    left = max(0, budget - usage.free_minutes_used)
    common = {"policy_version": policy.version, "currency": agreement.currency}
    if classification == IN_SCOPE:
        return RequestDecision(INCLUDED, classification, tuple(reasons), free_minutes_left=left,
                               **common)

    count = usage.beyond_agreement_recent + 1
    renegotiate = count >= policy.renegotiate_after_requests
    threshold = agreement.free_change_threshold_min
    estimate = request.estimate_min
    if estimate <= threshold and estimate <= left:
        reasons.append(Reason.of(RULE_BONUS, estimate_min=estimate, threshold_min=threshold,
                                 budget_left_min=left, budget_min=budget))
        outcome = BONUS
    else:
        if estimate > threshold:
            reasons.append(Reason.of(RULE_OVER_THRESHOLD, estimate_min=estimate,
                                     threshold_min=threshold))
        else:
            reasons.append(Reason.of(RULE_BUDGET_SPENT, estimate_min=estimate,
                                     budget_left_min=left, budget_min=budget))
        outcome = CHOICE
    if renegotiate:
        reasons_tail = [Reason.of(RULE_RENEGOTIATE, count=count,
                                  limit=policy.renegotiate_after_requests,
                                  days=policy.renegotiate_window_days)]
    else:
        reasons_tail = []
    if outcome == BONUS:
        return RequestDecision(BONUS, classification, tuple(reasons + reasons_tail),
                               free_minutes_charged=estimate, free_minutes_left=left - estimate,
                               renegotiate=renegotiate, **common)

    amount = price(estimate, agreement.hourly_rate, policy.price_rounding_step)
    days = shift_days(estimate, agreement.daily_capacity_hours)
    shifts = tuple(
        Shift(item.id, item.title, item.due, add_business_days(agreement.calendar, item.due, days))
        for item in affected(request, agreement)
    ) if days else ()
    reasons.append(Reason.of(RULE_PRICE, estimate_min=estimate, hourly_rate=agreement.hourly_rate,
                             price=amount, currency=agreement.currency))
    reasons.append(Reason.of(RULE_SHIFT, estimate_min=estimate,
                             daily_capacity_hours=agreement.daily_capacity_hours, days=days,
                             deliverables=len(shifts)))
    return RequestDecision(CHOICE, classification, tuple(reasons + reasons_tail), price=amount,
                           shift_days=days, shifts=shifts, free_minutes_left=left,
                           renegotiate=renegotiate, **common)

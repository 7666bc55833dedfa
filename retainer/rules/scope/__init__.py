"""Client requests decided the same way every time (BRIEF C2, article 002).

A request is *included* when it is work on one of the agreement's deliverables (its scope
items) within the revision rounds. Anything else — a change to what was agreed, work on no
deliverable, a revision past the rounds — goes beyond the agreement, and then:

- a small one (estimate ≤ the free-change threshold) that the period's free budget still
  covers is a **bonus**: it is done free, the budget is charged, and the reply calls it a bonus
  beyond the agreement, so that the client knows it is a gift and not the new normal;
- anything else is a **choice** for the client: pay (estimate × hourly rate, rounded to the
  policy's step), shift the affected deadlines (estimate ÷ daily capacity in business days,
  rounded up, from `add_business_days`), or defer the request.

The policy's count of requests beyond the agreement within its window (3 in 30 days) adds
`renegotiate`: the agreement no longer describes the work. Every decision lists the rules
that fired with the figures they compared, and a draft reply in the client's language
(`scope_reply.draft`).
"""

from retainer.rules.scope.decide import affected, classify, decide_request, price, shift_days
from retainer.rules.scope.reply import draft_reply
from retainer.rules.scope.terms import *  # noqa: F403 - the names of outcomes and rules
from retainer.rules.scope.terms import (
    AgreementTerms,
    Reason,
    RequestDecision,
    ScopeItem,
    ScopeRequest,
    Shift,
    Usage,
    as_record,
)

__all__ = [
    "AgreementTerms", "Reason", "RequestDecision", "ScopeItem", "ScopeRequest", "Shift",
    "Usage", "affected", "as_record", "classify", "decide_request", "draft_reply", "price", "shift_days",
]

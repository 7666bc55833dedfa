"""Claims and concessions (BRIEF C3, article 000): is the client right, and do we give way?

A claim points at a deliverable, a promised KPI, our communication (the response target), a
result the agreement lists as *not promised*, or at nothing. `assess_claim` finds it
**founded** — article 000's "working scenario" — when an agreed term is breached:

- the deliverable was late on the day of the claim (`rules.deliverables.is_late`), or the
  client rejected it;
- the KPI's latest measured value is worse than its target by more than the agreed tolerance
  (below it where higher is better, above it where lower is better);
- our reply took longer than the response target, counted in business hours of the agency's
  calendar without the time we waited for the client (`rules.response`).

Anything else is **unfounded**, the "tragicomic scenario" ("the banner's colour doesn't
sell"): no agreed term is breached, the claim points at nothing the agreement covers, or at
a result it expressly does not promise. A KPI with no measurement yet is not shown to be
missed. Facts dated after the claim (a delivery, a reply) did not exist when it was made.

`decide_concession` then weighs what the client asks for — minutes of work at the client's
hourly rate plus money (a discount, a refund):

- a founded claim is always **fix and admit**; the compensation asked on top of the fix is
  granted by the two tests below, whatever the client's earlier claims;
- an unfounded claim that brings the client's unfounded claims within the policy's window to
  its limit (3 in 90 days, this one counted) is **refused**, politely and citing the
  agreement, and the relationship is flagged for review: declining service is as normal a
  part of the work as providing it;
- otherwise the ask is granted (**concede**) when it costs no more than the policy's trivial
  minutes of work, or when the retention value — the expected margin of the next 12 months
  times the churn risk (`ClientEconomics`) — exceeds its cost; else it is **refused**. The
  acquisition cost of a new client (tender cost ÷ win rate) is shown beside it.

A higher cost never turns a refusal into a concession, and a founded claim is never refused.
Every outcome lists the rules that fired with the figures they compared, and carries a draft
reply in the client's language (`claims.reply`).
"""

from retainer.rules.claims.assess import assess_claim, kpi_bound
from retainer.rules.claims.concede import churn_risk, decide_concession, unfounded_in_window
from retainer.rules.claims.reply import draft_reply
from retainer.rules.claims.terms import *  # noqa: F403 - the names of targets, outcomes and rules
from retainer.rules.claims.terms import (
    Claim,
    ClaimAssessment,
    ClaimFacts,
    ClaimHistory,
    ClaimTerms,
    ClientEconomics,
    Concession,
    Deliverable,
    DeliverableProgress,
    KpiMeasurement,
    PromisedKpi,
    ReplyWait,
)

__all__ = [
    "Claim", "ClaimAssessment", "ClaimFacts", "ClaimHistory", "ClaimTerms", "ClientEconomics",
    "Concession", "Deliverable", "DeliverableProgress", "KpiMeasurement", "PromisedKpi",
    "ReplyWait", "assess_claim", "churn_risk", "decide_concession", "draft_reply", "kpi_bound",
    "unfounded_in_window",
]

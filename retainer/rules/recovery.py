"""Unhappy clients (BRIEF C4, article 004): how unhappy, and the plan to win them back.

Article 004's groups, worst first:

- **A**, "the death group": negativity off the scale; ready to act against their own interest;
  threatens court, public reviews, penalties; freezes the project or the payments. Winning
  them back costs the most time and money.
- **B**: medium negativity; will negotiate, but for a clear gain to them (a big discount).
- **C**: wants to make peace, and wants us to make the first move; handled well, it costs
  little.

`assess_dissatisfaction` adds up the signals, each by its policy weight in points: the mean
triage negativity (0–1) of the client's recent inbound messages times its weight; a threat,
payments held (overdue or frozen, or a frozen project), a demand for a discount, silence after
our message for the policy's quiet hours, and an escalation to their management each their
whole weight; an explicit wish to settle takes its weight off. The sum is the score, and the
policy's thresholds cut it into A, B and C; below C there is no dissatisfaction to speak of —
unless the client asks to settle, which says there is something to settle: C at least.

`plan` picks the article's strategies. **Soften the blow** suits every group and is always in
the plan: the formal apology letter; redoing the faulty work at our cost, whether or not the
client pays; admitting the fault plainly in writing when it is ours; and, for group A, handing
the case to a more neutral colleague. **Start over** adds a discount on a future project,
closing another need of the client's, a gift to the work address and a personal meeting. It
is never for group A; for B when the client is financially promising (the margin expected
over the next 12 months pays for it); for C only when it also pays for itself at the risk of
losing them (the retention value, margin × churn risk, exceeds its cost) — the article says
"less often for C". The other two strategies of the article, answering attacks with attacks
and ignoring the client, suit no group: they are not values here at all.

Each step is costed: minutes of work at the client's hourly rate, or a share of the client's
typical project, both from the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from retainer.rules.claims.terms import ClientEconomics, cents
from retainer.rules.policy import Policy
from retainer.rules.scope.terms import Reason

GROUP_A = "A"  # the worst
GROUP_B = "B"
GROUP_C = "C"
GROUPS = (GROUP_A, GROUP_B, GROUP_C)

# The signals, in the order they are shown.
NEGATIVITY = "negativity"
THREAT = "threat"
PAYMENTS_HELD = "payments_held"
DISCOUNT_DEMAND = "discount_demand"
SILENCE = "silence"
ESCALATION = "escalation"
WISH_TO_SETTLE = "wish_to_settle"
SIGNALS = (NEGATIVITY, THREAT, PAYMENTS_HELD, DISCOUNT_DEMAND, SILENCE, ESCALATION,
           WISH_TO_SETTLE)

SOFTEN_THE_BLOW = "soften_the_blow"
START_OVER = "start_over"
STRATEGIES = (SOFTEN_THE_BLOW, START_OVER)

# The checklist, in the order a plan lists it.
APOLOGY_LETTER = "apology_letter"
REDO_AT_OUR_COST = "redo_at_our_cost"
FUTURE_DISCOUNT = "future_discount"
CLOSE_ANOTHER_NEED = "close_another_need"
GIFT_TO_WORK_ADDRESS = "gift_to_work_address"
PERSONAL_MEETING = "personal_meeting"
ADMIT_FAULT_IN_WRITING = "admit_fault_in_writing"
NEUTRAL_COLLEAGUE = "neutral_colleague"
ACTIONS = (APOLOGY_LETTER, REDO_AT_OUR_COST, FUTURE_DISCOUNT, CLOSE_ANOTHER_NEED,
           GIFT_TO_WORK_ADDRESS, PERSONAL_MEETING, ADMIT_FAULT_IN_WRITING, NEUTRAL_COLLEAGUE)

RULE_GROUP = "recovery.group"
RULE_WISH_TO_SETTLE = "recovery.wish_to_settle"
RULE_CONTENT = "recovery.content"
RULE_SOFTEN_THE_BLOW = "recovery.soften_the_blow"
RULE_START_OVER = "recovery.start_over"
RULE_NEVER_FOR_A = "recovery.never_for_a"
RULE_NOT_PROMISING = "recovery.not_promising"
RULE_NOT_WORTH = "recovery.not_worth"
RULE_NOTHING_TO_RECOVER = "recovery.nothing_to_recover"


@dataclass(frozen=True)
class DissatisfactionSignals:
    negativity: tuple[float, ...] = ()  # triage negativity of recent inbound messages, 0–1
    threat: bool = False  # court, public reviews, penalties
    payments_held: bool = False  # an invoice overdue, payments or the project frozen
    discount_demand: bool = False
    silence: timedelta = timedelta(0)  # business time our last message has waited for an answer
    escalation: bool = False  # taken to their management
    wish_to_settle: bool = False
    # Not signals, but what the plan needs to know about the cause.
    faulty_work_min: int = 0  # redoing the work the client is unhappy with
    our_fault: bool = False  # a mistake of ours lies behind it (a founded claim, say)

    def __post_init__(self):
        if any(not 0 <= each <= 1 for each in self.negativity):
            raise ValueError("Negativity runs from 0 to 1.")
        if self.silence < timedelta(0) or self.faulty_work_min < 0:
            raise ValueError("Silence and the work to redo cannot be negative.")


@dataclass(frozen=True)
class Contribution:
    signal: str
    observed: str  # the signal as seen: the mean negativity, "yes"/"no", minutes of silence
    weight: int
    points: Decimal


@dataclass(frozen=True)
class Dissatisfaction:
    group: str | None  # A (the worst), B or C; None when the client shows no dissatisfaction
    score: Decimal  # the sum of the contributions' points
    contributions: tuple[Contribution, ...]  # every signal, in SIGNALS order
    signals: DissatisfactionSignals
    reasons: tuple[Reason, ...]
    policy_version: int


@dataclass(frozen=True)
class PlanItem:
    action: str  # one of ACTIONS
    strategy: str
    work_min: int
    cost: Decimal


@dataclass(frozen=True)
class RecoveryPlan:
    group: str | None
    strategies: tuple[str, ...]  # soften the blow always, start over when it fits
    items: tuple[PlanItem, ...]
    total_cost: Decimal
    start_over_cost: Decimal  # what starting over costs, offered or not
    promising: bool  # the expected 12-month margin pays for starting over
    currency: str
    reasons: tuple[Reason, ...]
    policy_version: int


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def contributions(signals: DissatisfactionSignals, policy: Policy) -> tuple[Contribution, ...]:
    """Every signal with its weight and points, in SIGNALS order (see the module doc)."""
    count = len(signals.negativity)
    # Summed as the decimals triage wrote, so the mean does not depend on float rounding.
    mean = (sum((Decimal(str(each)) for each in signals.negativity), Decimal(0)) / count
            if count else Decimal(0)).quantize(Decimal("0.01"))
    silent = signals.silence >= policy.client_quiet

    def whole(signal: str, observed: bool, weight: int, sign: int = 1) -> Contribution:
        return Contribution(signal, _yes(observed), weight,
                            cents(Decimal(sign * weight if observed else 0)))

    return (
        Contribution(NEGATIVITY, str(mean), policy.unhappy_weight_negativity,
                     cents(policy.unhappy_weight_negativity * mean)),
        whole(THREAT, signals.threat, policy.unhappy_weight_threat),
        whole(PAYMENTS_HELD, signals.payments_held, policy.unhappy_weight_payments_held),
        whole(DISCOUNT_DEMAND, signals.discount_demand, policy.unhappy_weight_discount_demand),
        Contribution(SILENCE, str(signals.silence // timedelta(minutes=1)),
                     policy.unhappy_weight_silence,
                     cents(Decimal(policy.unhappy_weight_silence if silent else 0))),
        whole(ESCALATION, signals.escalation, policy.unhappy_weight_escalation),
        whole(WISH_TO_SETTLE, signals.wish_to_settle, policy.unhappy_weight_wish_to_settle, -1),
    )


def assess_dissatisfaction(signals: DissatisfactionSignals, policy: Policy) -> Dissatisfaction:
    """The group from the weighted signals (see the module doc), each signal with its
    contribution. Deterministic."""
    parts = contributions(signals, policy)
    score = sum((part.points for part in parts), Decimal(0))
    thresholds = {"score": score, "a_from": policy.unhappy_group_a_from,
                  "b_from": policy.unhappy_group_b_from, "c_from": policy.unhappy_group_c_from}
    if score >= policy.unhappy_group_a_from:
        group = GROUP_A
    elif score >= policy.unhappy_group_b_from:
        group = GROUP_B
    elif score >= policy.unhappy_group_c_from or signals.wish_to_settle:
        group = GROUP_C
    else:
        group = None
    if group is None:
        reason = Reason.of(RULE_CONTENT, **thresholds)
    elif score < policy.unhappy_group_c_from:
        reason = Reason.of(RULE_WISH_TO_SETTLE, group=group, **thresholds)
    else:
        reason = Reason.of(RULE_GROUP, group=group, **thresholds)
    return Dissatisfaction(group, score, parts, signals, (reason,), policy.version)


def _item(action: str, strategy: str, economics: ClientEconomics, work_min: int = 0,
          share_pct: int = 0) -> PlanItem:
    share = economics.typical_project_value * share_pct / 100
    return PlanItem(action, strategy, work_min, cents(economics.work_cost(work_min) + share))


def _soften(dissatisfaction: Dissatisfaction, economics: ClientEconomics,
            policy: Policy) -> list[PlanItem]:
    signals = dissatisfaction.signals
    items = [_item(APOLOGY_LETTER, SOFTEN_THE_BLOW, economics,
                   policy.recovery_apology_letter_min)]
    if signals.faulty_work_min:
        items.append(_item(REDO_AT_OUR_COST, SOFTEN_THE_BLOW, economics,
                           signals.faulty_work_min))
    if signals.our_fault:
        items.append(_item(ADMIT_FAULT_IN_WRITING, SOFTEN_THE_BLOW, economics,
                           policy.recovery_admit_fault_min))
    if dissatisfaction.group == GROUP_A:
        # Article 004: when emotions run this high, a calmer person keeps the talks civil.
        items.append(_item(NEUTRAL_COLLEAGUE, SOFTEN_THE_BLOW, economics,
                           policy.recovery_handover_min))
    return items


def _start_over(economics: ClientEconomics, policy: Policy) -> list[PlanItem]:
    return [
        _item(FUTURE_DISCOUNT, START_OVER, economics, share_pct=policy.recovery_discount_pct),
        _item(CLOSE_ANOTHER_NEED, START_OVER, economics, policy.recovery_another_need_min),
        _item(GIFT_TO_WORK_ADDRESS, START_OVER, economics, share_pct=policy.recovery_gift_pct),
        _item(PERSONAL_MEETING, START_OVER, economics, policy.recovery_meeting_min),
    ]


def plan(dissatisfaction: Dissatisfaction, client_economics: ClientEconomics,
         policy: Policy) -> RecoveryPlan:
    """The strategies and the costed checklist for an unhappy client (see the module doc);
    an empty plan when there is nothing to recover. Deterministic."""
    economics = client_economics
    group = dissatisfaction.group
    start_over = _start_over(economics, policy)
    start_over_cost = sum((item.cost for item in start_over), Decimal(0))
    margin = economics.expected_margin_12m
    promising = margin > 0 and margin >= start_over_cost
    common = {"start_over_cost": start_over_cost, "promising": promising,
              "currency": economics.currency, "policy_version": policy.version}
    if group is None:
        nothing = (Reason.of(RULE_NOTHING_TO_RECOVER),)
        return RecoveryPlan(None, (), (), Decimal(0), reasons=nothing, **common)

    figures = {"group": group, "start_over_cost": start_over_cost,
               "expected_margin_12m": margin, "currency": economics.currency}
    reasons = [Reason.of(RULE_SOFTEN_THE_BLOW, group=group)]
    if group == GROUP_A:
        reasons.append(Reason.of(RULE_NEVER_FOR_A, group=group))
        starts_over = False
    elif not promising:
        reasons.append(Reason.of(RULE_NOT_PROMISING, **figures))
        starts_over = False
    elif group == GROUP_C and economics.retention_value <= start_over_cost:
        reasons.append(Reason.of(RULE_NOT_WORTH, **figures, churn_risk=economics.churn_risk,
                                 retention_value=economics.retention_value))
        starts_over = False
    else:
        reasons.append(Reason.of(RULE_START_OVER, **figures, churn_risk=economics.churn_risk,
                                 retention_value=economics.retention_value))
        starts_over = True

    items = _soften(dissatisfaction, economics, policy) + (start_over if starts_over else [])
    items.sort(key=lambda item: ACTIONS.index(item.action))
    strategies = (SOFTEN_THE_BLOW, START_OVER) if starts_over else (SOFTEN_THE_BLOW,)
    total = sum((item.cost for item in items), Decimal(0))
    return RecoveryPlan(group, strategies, tuple(items), total, reasons=tuple(reasons), **common)

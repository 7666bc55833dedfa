"""The client-service scorecard and health score (BRIEF C7, article 003 after KPMG).

Six components, each scored 0–100 from figures measured over one month:

- **empathy** — the client needs less time to check on the work (the share of their messages
  that ask where things stand), and rates what we deliver (ratings 1–5);
- **personalization** — we stay in touch at the agreed cadence (our messages, calls, statuses
  and retrospectives against one contact per `cadence_days`), and the relationship grows:
  repeat work won without a tender, revenue kept or grown against last year;
- **honesty** — we ask for feedback at statuses and retrospectives, and receive it (feedback
  given there, ratings of delivered work);
- **expectations** — promised, done: deliverables due this month done by their due date, and
  few clarifications asked about what we delivered;
- **difficulties** — few conflicts, and each resolved quickly (a case still open past the
  policy's escalation days counts as unresolved);
- **balance** — approval without extra iterations beyond the first, and hours spent within the
  estimate plus the policy's profitability tolerance.

A figure without data (no messages, no deliverables done…) has no score; a component's score
is the mean of its figures that have one, and a component with none is **neutral**
(`NEUTRAL`, marked as not measured) rather than 0. The health score is the weighted sum of the
components, the weights read from the policy for the client's lifecycle stage; each
component's contribution is a whole number of points and the contributions add up to the
score exactly. Below `health_red_below` the band is red, below `health_amber_below` amber,
else green.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from retainer.rules.policy import Policy

EMPATHY = "empathy"
PERSONALIZATION = "personalization"
HONESTY = "honesty"
EXPECTATIONS = "expectations"
DIFFICULTIES = "difficulties"
BALANCE = "balance"
COMPONENTS = (EMPATHY, PERSONALIZATION, HONESTY, EXPECTATIONS, DIFFICULTIES, BALANCE)

# The figures behind the components.
STATUS_CHECKS = "status_checks"
RATINGS = "ratings"
CONTACT_FREQUENCY = "contact_frequency"
REPEAT_WORK = "repeat_work"
REVENUE_GROWTH = "revenue_growth"
FEEDBACK_ASKED = "feedback_asked"
FEEDBACK_RECEIVED = "feedback_received"
PROMISES_KEPT = "promises_kept"
CLARIFICATIONS = "clarifications"
CONFLICTS = "conflicts"
RESOLUTION = "resolution"
APPROVAL_ITERATIONS = "approval_iterations"
PROFITABILITY = "profitability"

GREEN = "green"
AMBER = "amber"
RED = "red"

# Stage groups: the policy holds one set of weights for each.
START = "start"
STORM = "storm"
STEADY = "steady"
STAGE_GROUPS = {
    "courtship": START, "sale": START, "honeymoon": START, "storm": STORM,
    "normalization": STEADY, "support": STEADY, "ended": STEADY,
}

NEUTRAL = 50
# From this many clarifications per delivered deliverable on, the figure scores 0.
CLARIFICATIONS_AT_ZERO = 4
# From this many conflicts in a month on, the figure scores 0.
CONFLICTS_AT_ZERO = 3
# Points lost per percentage point of hours overrun beyond the policy's tolerance.
OVERRUN_PENALTY = 2


@dataclass(frozen=True)
class ScorecardMetrics:
    """One client's figures for one month (up to today in the current month)."""

    period_days: int = 30  # days of the month measured
    cadence_days: int = 7  # the agreed status cadence: the client's, else the policy's
    under_agreement: bool = False  # an agreement ran during the month
    contacts: int = 0  # our messages, calls and meetings, statuses and retrospectives
    inbound_messages: int = 0
    status_checks: int = 0  # inbound messages asking where the work stands
    touchpoints: int = 0  # statuses and retrospectives held
    feedback_requested: int = 0  # touchpoints where we asked for feedback
    feedback_received: int = 0  # touchpoints where the client gave it
    ratings: int = 0  # the client's ratings of delivered work given this month
    rating_total: int = 0  # their sum, each 1–5
    deliverables_done: int = 0  # done this month
    clarifications: int = 0  # asked about the deliverables done, in total
    approval_iterations: int = 0  # the deliverables done went through, in total
    hours_estimated: Decimal = Decimal(0)  # of the deliverables done with hours recorded
    hours_spent: Decimal = Decimal(0)
    promises_due: int = 0  # deliverables due this month (up to today)
    promises_kept: int = 0  # of them, done by the due date
    conflicts: int = 0  # conflict cases open at some time of the month
    conflicts_resolved: int = 0  # closed this month
    resolution_days: Decimal | None = None  # their mean time from opening to closing
    conflicts_overdue: int = 0  # open at the month's end longer than the policy allows
    repeat_agreements: int = 0  # agreements after the first, started in the last 12 months
    value_this_year: Decimal = Decimal(0)  # agreed value started in the last 12 months
    value_last_year: Decimal = Decimal(0)  # and in the 12 months before

    def __post_init__(self):
        for name, value in vars(self).items():
            if value is not None and not isinstance(value, bool) and value < 0:
                raise ValueError(f"{name} cannot be negative")
        if self.period_days < 1 or self.cadence_days < 1:
            raise ValueError("A month has days to measure, and a cadence at least one day.")
        if self.status_checks > self.inbound_messages:
            raise ValueError("Status checks are some of the inbound messages.")
        if max(self.feedback_requested, self.feedback_received) > self.touchpoints:
            raise ValueError("Feedback is asked for and received at statuses and "
                             "retrospectives held.")
        if self.promises_kept > self.promises_due:
            raise ValueError("Promises kept are some of the promises due.")
        if self.conflicts_resolved + self.conflicts_overdue > self.conflicts:
            raise ValueError("Resolved and overdue conflicts are some of the month's.")
        if not self.ratings * 1 <= self.rating_total <= self.ratings * 5:
            raise ValueError("Each rating is 1 to 5.")

    @property
    def active(self) -> bool:
        """Anything happened between us this month, or an agreement ran."""
        return bool(self.under_agreement or self.contacts or self.inbound_messages
                    or self.conflicts or self.deliverables_done or self.promises_due)


@dataclass(frozen=True)
class Figure:
    key: str
    score: int | None  # 0–100; None when there was nothing to measure
    values: tuple[tuple[str, str], ...] = ()  # what was measured, as written


@dataclass(frozen=True)
class Part:
    component: str
    score: int  # 0–100; NEUTRAL when not measured
    measured: bool
    weight: int  # the policy's weight for the stage
    points: Fraction  # the most the component can contribute
    contribution: int  # points it contributes to the health score
    figures: tuple[Figure, ...]

    @property
    def shortfall(self) -> Fraction:
        """How far the contribution falls short of the component's points."""
        return self.points - self.contribution


@dataclass(frozen=True)
class Scorecard:
    score: int  # 0–100, the sum of the parts' contributions
    band: str  # GREEN, AMBER or RED
    stage: str
    stage_group: str
    parts: tuple[Part, ...]  # in COMPONENTS order
    policy_version: int

    def part(self, component: str) -> Part:
        return next(part for part in self.parts if part.component == component)

    @property
    def pulled_down(self) -> tuple[Part, ...]:
        """Measured components that fell short of their points, the furthest first."""
        short = [part for part in self.parts if part.measured and part.shortfall > 0]
        return tuple(sorted(short, key=lambda part: (-part.shortfall,
                                                     COMPONENTS.index(part.component))))

    @property
    def weakest(self) -> str:
        """The component that pulled the score down most; "" when none did."""
        pulled = self.pulled_down
        return pulled[0].component if pulled else ""


def weights(policy: Policy, stage: str) -> dict[str, int]:
    group = stage_group(stage)
    return {component: getattr(policy, f"health_weight_{group}_{component}")
            for component in COMPONENTS}


def stage_group(stage: str) -> str:
    """An unknown stage weighs as a steady relationship."""
    return STAGE_GROUPS.get(stage, STEADY)


def band(score: int, policy: Policy) -> str:
    if score < policy.health_red_below:
        return RED
    if score < policy.health_amber_below:
        return AMBER
    return GREEN


def compute(metrics: ScorecardMetrics, policy: Policy, stage: str) -> Scorecard:
    """The scorecard of one client's month (see the module doc). Deterministic."""
    figures = _figures(metrics, policy)
    weight = weights(policy, stage)
    total_weight = sum(weight.values())
    scored = []
    for component in COMPONENTS:
        known = [figure.score for figure in figures[component] if figure.score is not None]
        score = _round(Fraction(sum(known), len(known))) if known else NEUTRAL
        points = Fraction(100 * weight[component], total_weight)
        scored.append((component, score, bool(known), points))
    exact = [points * score / 100 for _component, score, _measured, points in scored]
    contributions = _apportion(exact)
    parts = tuple(
        Part(component, score, measured, weight[component], points, contribution,
             figures[component])
        for (component, score, measured, points), contribution in zip(scored, contributions,
                                                                       strict=True))
    health = sum(contributions)
    return Scorecard(health, band(health, policy), stage, stage_group(stage), parts,
                     policy.version)


def _apportion(exact: list[Fraction]) -> list[int]:
    """Whole points whose sum is the rounded total, each the exact share rounded down or up
    (the largest remainders get the points left; ties by component order)."""
    total = _round(sum(exact, Fraction(0)))
    floors = [math.floor(value) for value in exact]
    left = total - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:left]:
        floors[index] += 1
    return floors


def _round(value: Fraction) -> int:
    """Half up, as people round."""
    return math.floor(value + Fraction(1, 2))


def _share(part: Fraction | int, whole: Fraction | int) -> int:
    return _round(100 * min(Fraction(1), Fraction(part) / Fraction(whole)))


def _falling(value: Fraction, at_zero: Fraction | int) -> int:
    """100 at none, falling linearly to 0 at `at_zero` and beyond."""
    return _round(100 * max(Fraction(0), 1 - Fraction(value) / Fraction(at_zero)))


def _figure(key: str, score: int | None, **values: object) -> Figure:
    return Figure(key, score, tuple((name, str(value)) for name, value in values.items()))


def _figures(m: ScorecardMetrics, policy: Policy) -> dict[str, tuple[Figure, ...]]:
    return {
        EMPATHY: (_status_checks(m), _ratings(m)),
        PERSONALIZATION: (_contact_frequency(m), _repeat_work(m), _revenue_growth(m)),
        HONESTY: (_feedback_asked(m), _feedback_received(m)),
        EXPECTATIONS: (_promises_kept(m), _clarifications(m)),
        DIFFICULTIES: (_conflicts(m), _resolution(m, policy)),
        BALANCE: (_approval_iterations(m, policy), _profitability(m, policy)),
    }


def _status_checks(m: ScorecardMetrics) -> Figure:
    score = None
    if m.inbound_messages:
        score = 100 - _share(m.status_checks, m.inbound_messages)
    return _figure(STATUS_CHECKS, score, checks=m.status_checks, messages=m.inbound_messages)


def _ratings(m: ScorecardMetrics) -> Figure:
    if not m.ratings:
        return _figure(RATINGS, None, ratings=0)
    mean = Fraction(m.rating_total, m.ratings)
    return _figure(RATINGS, _round(100 * (mean - 1) / 4), ratings=m.ratings,
                   mean=f"{float(mean):.1f}")


def _contact_frequency(m: ScorecardMetrics) -> Figure:
    expected = max(Fraction(1), Fraction(m.period_days, m.cadence_days))
    score = _share(m.contacts, expected) if m.under_agreement else None
    return _figure(CONTACT_FREQUENCY, score, contacts=m.contacts,
                   expected=_round(expected), cadence_days=m.cadence_days)


def _repeat_work(m: ScorecardMetrics) -> Figure:
    # No repeat work yet is no verdict: a first project may still be running.
    return _figure(REPEAT_WORK, 100 if m.repeat_agreements else None,
                   agreements=m.repeat_agreements)


def _revenue_growth(m: ScorecardMetrics) -> Figure:
    if not m.value_last_year:
        return _figure(REVENUE_GROWTH, None, this_year=m.value_this_year, last_year=0)
    ratio = Fraction(m.value_this_year) / Fraction(m.value_last_year)
    return _figure(REVENUE_GROWTH, _share(ratio, 1), this_year=m.value_this_year,
                   last_year=m.value_last_year, change_pct=_round(100 * ratio) - 100)


def _feedback_asked(m: ScorecardMetrics) -> Figure:
    score = _share(m.feedback_requested, m.touchpoints) if m.touchpoints else None
    return _figure(FEEDBACK_ASKED, score, asked=m.feedback_requested, held=m.touchpoints)


def _feedback_received(m: ScorecardMetrics) -> Figure:
    occasions = m.touchpoints + m.deliverables_done
    received = m.feedback_received + m.ratings
    score = _share(received, occasions) if occasions else None
    return _figure(FEEDBACK_RECEIVED, score, received=received, occasions=occasions)


def _promises_kept(m: ScorecardMetrics) -> Figure:
    score = _share(m.promises_kept, m.promises_due) if m.promises_due else None
    return _figure(PROMISES_KEPT, score, kept=m.promises_kept, due=m.promises_due)


def _clarifications(m: ScorecardMetrics) -> Figure:
    if not m.deliverables_done:
        return _figure(CLARIFICATIONS, None, clarifications=m.clarifications, deliverables=0)
    per = Fraction(m.clarifications, m.deliverables_done)
    return _figure(CLARIFICATIONS, _falling(per, CLARIFICATIONS_AT_ZERO),
                   clarifications=m.clarifications, deliverables=m.deliverables_done,
                   per_deliverable=f"{float(per):.1f}")


def _conflicts(m: ScorecardMetrics) -> Figure:
    score = _falling(Fraction(m.conflicts), CONFLICTS_AT_ZERO) if m.active else None
    return _figure(CONFLICTS, score, conflicts=m.conflicts)


def _resolution(m: ScorecardMetrics, policy: Policy) -> Figure:
    """A case resolved at once scores 100, one resolved after twice the escalation days or
    more scores 0, and so does a case still open past the escalation days."""
    cases = m.conflicts_resolved + m.conflicts_overdue
    limit = policy.conflict_escalation_days
    values = {"resolved": m.conflicts_resolved, "overdue": m.conflicts_overdue,
              "limit_days": limit}
    if not cases:
        return _figure(RESOLUTION, None, **values)
    resolved = Fraction(0)
    if m.conflicts_resolved:
        days = Fraction(m.resolution_days or 0)
        resolved = m.conflicts_resolved * max(Fraction(0), 1 - days / (2 * limit))
        values["mean_days"] = f"{float(days):.1f}"
    return _figure(RESOLUTION, _round(100 * resolved / cases), **values)


def _approval_iterations(m: ScorecardMetrics, policy: Policy) -> Figure:
    """Approved at the first showing is the goal; each further iteration per deliverable
    costs a share of the agreement's usual rounds plus one."""
    if not m.deliverables_done:
        return _figure(APPROVAL_ITERATIONS, None, iterations=m.approval_iterations,
                       deliverables=0)
    per = Fraction(m.approval_iterations, m.deliverables_done)
    extra = max(Fraction(0), per - 1)
    return _figure(APPROVAL_ITERATIONS, _falling(extra, policy.revision_rounds + 1),
                   iterations=m.approval_iterations, deliverables=m.deliverables_done,
                   per_deliverable=f"{float(per):.1f}")


def _profitability(m: ScorecardMetrics, policy: Policy) -> Figure:
    """Plan vs actual: hours spent over the estimate. Within the policy's tolerance is the
    goal; each point beyond costs OVERRUN_PENALTY. Spending less than planned is no fault."""
    if not m.hours_estimated:
        return _figure(PROFITABILITY, None, estimated=m.hours_estimated, spent=m.hours_spent)
    overrun = 100 * (Fraction(m.hours_spent) / Fraction(m.hours_estimated) - 1)
    beyond = max(Fraction(0), overrun - policy.profitability_tolerance_pct)
    score = max(0, 100 - _round(OVERRUN_PENALTY * beyond))
    return _figure(PROFITABILITY, score, estimated=m.hours_estimated, spent=m.hours_spent,
                   overrun_pct=_round(overrun), tolerance_pct=policy.profitability_tolerance_pct)

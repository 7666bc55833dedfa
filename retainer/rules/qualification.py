"""Qualifying a prospect against the agency's portrait of "our client" (BRIEF C10, article 001).

Article 001 splits the work with a client into two stages; the first ends in a decision,
"interesting, we will work with them" or "not interesting". The portrait written down by
the agency is the filter: weighted criteria, each naming an attribute of the prospect and
how it matches —

- **one of** listed values (segments, industries, regions, sources): all or nothing;
- a numeric **range** (budget, days to a decision), either end open: inside it the
  criterion is met in full; outside it, the share fades linearly to nothing over
  `partial_within` (0: nothing at all outside the range);
- **yes/no** (we speak with the person who decides): met when the answer is the expected
  one.

`score` gives 0–100: each criterion is worth its weight's share of 100, and contributes the
part of that share it meets. A missing attribute contributes nothing, and its reason says
so — an empty field is not a bad fit, it is an unasked question. The score is the exact sum
rounded half up; the contributions are whole points apportioned by the largest remainder,
so they always add up to the score, a prospect meeting every criterion scores exactly 100,
and nothing a prospect gains (a known attribute that matches, a value the portrait adds to
its list) ever lowers the score.

The score advises; people decide. Only the front office records the decision (article 001:
"technicians" should keep out of it), and the decision is not made here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from retainer.rules.scope.terms import Reason

ONE_OF = "one_of"
RANGE = "range"
YES_NO = "yes_no"
MATCHES = (ONE_OF, RANGE, YES_NO)

MAX_WEIGHT = 100

# Why a criterion contributed what it did; the figures name the attribute and the values.
MISSING = "qualification.missing"
UNREADABLE = "qualification.unreadable"
LISTED = "qualification.listed"
NOT_LISTED = "qualification.not_listed"
IN_RANGE = "qualification.in_range"
BELOW = "qualification.below"
ABOVE = "qualification.above"
AS_EXPECTED = "qualification.as_expected"
NOT_AS_EXPECTED = "qualification.not_as_expected"
REASONS = (MISSING, UNREADABLE, LISTED, NOT_LISTED, IN_RANGE, BELOW, ABOVE, AS_EXPECTED,
           NOT_AS_EXPECTED)


def folded(value: object) -> str:
    """How listed values compare: trimmed and case-folded ("E-commerce" is "e-commerce")."""
    return str(value).strip().casefold()


@dataclass(frozen=True)
class Criterion:
    attribute: str
    weight: int
    match: str
    values: tuple[str, ...] = ()  # ONE_OF: the values that are ours
    low: Decimal | None = None  # RANGE: None is an open end
    high: Decimal | None = None
    partial_within: Decimal = Decimal(0)  # RANGE: how far outside the share fades to nothing
    expected: bool = True  # YES_NO: the answer that is ours

    def __post_init__(self):
        if not self.attribute:
            raise ValueError("A criterion names the prospect's attribute it reads.")
        if isinstance(self.weight, bool) or not isinstance(self.weight, int) \
                or not 1 <= self.weight <= MAX_WEIGHT:
            raise ValueError(f"{self.attribute}: the weight is a whole number from 1 to "
                             f"{MAX_WEIGHT}.")
        if self.match not in MATCHES:
            raise ValueError(f"{self.attribute}: unknown match {self.match!r}; expected one "
                             f"of {MATCHES}.")
        if self.match == ONE_OF and not any(folded(v) for v in self.values):
            raise ValueError(f"{self.attribute}: list at least one value that is ours.")
        if self.match == RANGE:
            if self.low is None and self.high is None:
                raise ValueError(f"{self.attribute}: a range needs at least one end.")
            if self.low is not None and self.high is not None and self.low > self.high:
                raise ValueError(f"{self.attribute}: the range's low end is above its high end.")
            if self.partial_within < 0:
                raise ValueError(f"{self.attribute}: the fading distance cannot be negative.")


@dataclass(frozen=True)
class Portrait:
    criteria: tuple[Criterion, ...]
    version: int = 0

    def __post_init__(self):
        if not self.criteria:
            raise ValueError("A portrait needs at least one criterion.")
        attributes = [criterion.attribute for criterion in self.criteria]
        if len(set(attributes)) != len(attributes):
            raise ValueError("Each attribute is judged by one criterion.")

    @property
    def total_weight(self) -> int:
        return sum(criterion.weight for criterion in self.criteria)


@dataclass(frozen=True)
class Contribution:
    attribute: str
    weight: int
    points: int  # what it adds to the score
    met: Fraction  # the part of the criterion met, 0–1
    reason: Reason


@dataclass(frozen=True)
class QualificationScore:
    score: int  # 0–100
    contributions: tuple[Contribution, ...]  # in the portrait's order
    portrait_version: int


def _number(value: object) -> Fraction | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return Fraction(number) if number.is_finite() else None


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _fade(distance: Fraction, within: Decimal) -> Fraction:
    if within <= 0 or distance >= Fraction(within):
        return Fraction(0)
    return 1 - distance / Fraction(within)


def _range(criterion: Criterion, value: Fraction, raw: object) -> tuple[Fraction, Reason]:
    low, high = criterion.low, criterion.high
    figures = {"attribute": criterion.attribute, "value": raw,
               "low": "" if low is None else low, "high": "" if high is None else high,
               "partial_within": criterion.partial_within}
    if low is not None and value < Fraction(low):
        met = _fade(Fraction(low) - value, criterion.partial_within)
        return met, Reason.of(BELOW, **figures, share=_percent(met))
    if high is not None and value > Fraction(high):
        met = _fade(value - Fraction(high), criterion.partial_within)
        return met, Reason.of(ABOVE, **figures, share=_percent(met))
    return Fraction(1), Reason.of(IN_RANGE, **figures)


def _percent(met: Fraction) -> int:
    return int(met * 100 + Fraction(1, 2))


def judge(criterion: Criterion, prospect: Mapping[str, object]) -> tuple[Fraction, Reason]:
    """How much of one criterion the prospect meets (0–1), and why."""
    name = criterion.attribute
    raw = prospect.get(name)
    if _is_missing(raw):
        return Fraction(0), Reason.of(MISSING, attribute=name)
    if criterion.match == ONE_OF:
        ours = tuple(v for v in (folded(value) for value in criterion.values) if v)
        listed = ", ".join(ours)
        if folded(raw) in ours:
            return Fraction(1), Reason.of(LISTED, attribute=name, value=raw, values=listed)
        return Fraction(0), Reason.of(NOT_LISTED, attribute=name, value=raw, values=listed)
    if criterion.match == RANGE:
        number = _number(raw)
        if number is None:
            return Fraction(0), Reason.of(UNREADABLE, attribute=name, value=raw)
        return _range(criterion, number, raw)
    if not isinstance(raw, bool):
        return Fraction(0), Reason.of(UNREADABLE, attribute=name, value=raw)
    answer = "yes" if raw else "no"
    if raw is criterion.expected:
        return Fraction(1), Reason.of(AS_EXPECTED, attribute=name, value=answer)
    return Fraction(0), Reason.of(NOT_AS_EXPECTED, attribute=name, value=answer)


def score(prospect: Mapping[str, object], portrait: Portrait) -> QualificationScore:
    judged = [(criterion, *judge(criterion, prospect)) for criterion in portrait.criteria]
    total = portrait.total_weight
    exact = [Fraction(100 * criterion.weight) * met / total for criterion, met, _r in judged]
    rounded = int(sum(exact, Fraction(0)) + Fraction(1, 2))
    points = [int(value) for value in exact]
    # The points left after the whole parts go to the largest remainders, the portrait's
    # order breaking ties: every contribution stays within a point of its exact share.
    left = rounded - sum(points)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - points[i]), i))
    for index in by_remainder[:left]:
        points[index] += 1
    return QualificationScore(
        score=rounded,
        contributions=tuple(
            Contribution(criterion.attribute, criterion.weight, point, met, reason)
            for (criterion, met, reason), point in zip(judged, points, strict=True)),
        portrait_version=portrait.version,
    )

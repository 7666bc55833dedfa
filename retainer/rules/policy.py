"""The agency's policy: every default of the brief as one validated, versioned document.

A decision records the policy version it used, so it can be explained later. The document is
stored as JSON; `Policy.from_document` fills keys added in later releases with their defaults
and rejects unknown keys and bad values with a message naming the setting.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any


class PolicyError(ValueError):
    """A policy document that cannot be used; `errors` maps setting name to message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True)
class Setting:
    """How one policy setting is validated and explained."""

    kind: type
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""


def _setting(default: Any, kind: type, minimum=None, maximum=None, unit: str = "") -> Any:
    return field(
        default=default,
        metadata={"setting": Setting(kind, minimum, maximum, unit)},
    )


@dataclass(frozen=True)
class Policy:
    version: int = 0

    # C1 agreements
    revision_rounds: int = _setting(2, int, 0, 20, "rounds")
    free_change_threshold_min: int = _setting(60, int, 0, 24 * 60, "min")
    monthly_free_budget_min: int = _setting(180, int, 0, 100 * 60, "min")
    retainer_period_months: int = _setting(1, int, 1, 12, "months")
    burn_alert_first_pct: int = _setting(80, int, 1, 100, "%")
    burn_alert_second_pct: int = _setting(100, int, 1, 200, "%")
    daily_capacity_hours: Decimal = _setting(Decimal("6"), Decimal, 0.5, 24, "h")
    price_rounding_step: Decimal = _setting(Decimal("1"), Decimal, 0.01, 100000, "")

    # C2 scope
    renegotiate_after_requests: int = _setting(3, int, 1, 50, "requests")
    renegotiate_window_days: int = _setting(30, int, 1, 365, "days")
    unannounced_shift_notice_days: int = _setting(1, int, 0, 30, "business days")

    # C3 claims
    trivial_concession_min: int = _setting(30, int, 0, 24 * 60, "min")
    unfounded_claims_limit: int = _setting(3, int, 1, 50, "claims")
    unfounded_claims_window_days: int = _setting(90, int, 1, 730, "days")
    tender_cost: Decimal = _setting(Decimal("350000"), Decimal, 0, 10**9, "")
    tender_win_rate: Fraction = _setting(Fraction(1, 3), Fraction, 0.001, 1, "")
    # What the agency keeps of a client's revenue: the margin a client's worth is read from.
    client_margin_pct: int = _setting(30, int, 0, 100, "%")

    # C4 unhappy clients. Every signal adds its weight in points (negativity: its weight times
    # the mean negativity 0–1 of recent inbound messages; a wish to settle subtracts its
    # weight), and the sum falls into group A, B or C from these thresholds; below C the
    # client shows no dissatisfaction.
    unhappy_weight_negativity: int = _setting(40, int, 0, 100, "points")
    unhappy_weight_threat: int = _setting(30, int, 0, 100, "points")
    unhappy_weight_payments_held: int = _setting(25, int, 0, 100, "points")
    unhappy_weight_discount_demand: int = _setting(15, int, 0, 100, "points")
    unhappy_weight_silence: int = _setting(10, int, 0, 100, "points")
    unhappy_weight_escalation: int = _setting(15, int, 0, 100, "points")
    unhappy_weight_wish_to_settle: int = _setting(15, int, 0, 100, "points")
    unhappy_group_a_from: int = _setting(60, int, 1, 700, "points")
    unhappy_group_b_from: int = _setting(25, int, 1, 700, "points")
    # Above the weight of silence: a client who is merely slow to answer is not unhappy.
    unhappy_group_c_from: int = _setting(15, int, 1, 700, "points")
    # What each step of a recovery plan costs by default: minutes of work at the client's
    # hourly rate, or a share of the client's typical project (so that the gesture grows
    # with what the client is worth, in the client's own currency).
    recovery_apology_letter_min: int = _setting(60, int, 0, 24 * 60, "min")
    recovery_admit_fault_min: int = _setting(30, int, 0, 24 * 60, "min")
    recovery_handover_min: int = _setting(60, int, 0, 24 * 60, "min")
    recovery_another_need_min: int = _setting(240, int, 0, 100 * 60, "min")
    recovery_meeting_min: int = _setting(120, int, 0, 24 * 60, "min")
    recovery_discount_pct: int = _setting(15, int, 0, 100, "%")
    recovery_gift_pct: int = _setting(2, int, 0, 100, "%")

    # C4 and C5: the client has gone quiet once our last message waits this long for an answer.
    client_quiet_hours: Decimal = _setting(Decimal("16"), Decimal, 1, 480, "business h")

    # C5 conflicts
    chat_pingpong_messages: int = _setting(6, int, 2, 100, "messages")
    chat_pingpong_hours: int = _setting(24, int, 1, 168, "h")
    conflict_escalation_days: int = _setting(7, int, 1, 90, "days")
    conflict_peak_negativity: Decimal = _setting(Decimal("0.7"), Decimal, 0.05, 1, "")

    # C6 lifecycle
    normalization_weeks_without_conflict: int = _setting(8, int, 1, 52, "weeks")
    keep_in_touch_days: int = _setting(30, int, 1, 365, "days")
    # With no agreement in production, a relationship in support has ended once the client
    # has not written for this long (our own reminders do not keep it alive).
    relationship_ended_after_days: int = _setting(180, int, 30, 1095, "days")

    # C7 scorecard
    status_cadence_days: int = _setting(7, int, 1, 90, "days")
    profitability_tolerance_pct: int = _setting(10, int, 0, 100, "%")
    health_red_below: int = _setting(40, int, 0, 100, "points")
    health_amber_below: int = _setting(60, int, 1, 100, "points")
    # The health score weighs the six components (article 003) by the relationship's stage:
    # at the start trust is "calculated" and kept promises weigh most; in the storm, resolving
    # difficulties; once steady, staying close and growing together. Weights are relative
    # (the defaults of each stage add up to 100); 0 leaves a component out.
    health_weight_start_empathy: int = _setting(20, int, 0, 100, "")
    health_weight_start_personalization: int = _setting(10, int, 0, 100, "")
    health_weight_start_honesty: int = _setting(20, int, 0, 100, "")
    health_weight_start_expectations: int = _setting(25, int, 0, 100, "")
    health_weight_start_difficulties: int = _setting(10, int, 0, 100, "")
    health_weight_start_balance: int = _setting(15, int, 0, 100, "")
    health_weight_storm_empathy: int = _setting(20, int, 0, 100, "")
    health_weight_storm_personalization: int = _setting(5, int, 0, 100, "")
    health_weight_storm_honesty: int = _setting(15, int, 0, 100, "")
    health_weight_storm_expectations: int = _setting(15, int, 0, 100, "")
    health_weight_storm_difficulties: int = _setting(30, int, 0, 100, "")
    health_weight_storm_balance: int = _setting(15, int, 0, 100, "")
    health_weight_steady_empathy: int = _setting(15, int, 0, 100, "")
    health_weight_steady_personalization: int = _setting(25, int, 0, 100, "")
    health_weight_steady_honesty: int = _setting(15, int, 0, 100, "")
    health_weight_steady_expectations: int = _setting(15, int, 0, 100, "")
    health_weight_steady_difficulties: int = _setting(10, int, 0, 100, "")
    health_weight_steady_balance: int = _setting(20, int, 0, 100, "")
    # A client's rating (1–5 stars) at or below this is a weak spot of the monthly report.
    low_rating_at_most: int = _setting(3, int, 1, 5, "stars")

    # C10 qualifying prospects: a sales plan falling behind while the front office turns
    # down more than this share of the prospects it decides is a filter grown too strict
    # (article 001: "99% of clients become not interesting").
    prospect_rejection_warn_pct: int = _setting(70, int, 1, 100, "%")

    # C8 communication
    response_target_hours: Decimal = _setting(Decimal("4"), Decimal, 0.25, 240, "business h")
    first_response_target_hours: Decimal = _setting(
        Decimal("4"), Decimal, 0.25, 240, "business h"
    )
    response_near_breach_pct: int = _setting(25, int, 1, 99, "%")

    def __post_init__(self) -> None:
        errors = {}
        if self.burn_alert_second_pct <= self.burn_alert_first_pct:
            errors["burn_alert_second_pct"] = "must be above the first burn alert"
        if self.unhappy_group_b_from <= self.unhappy_group_c_from:
            errors["unhappy_group_b_from"] = "must be above the threshold of group C"
        if self.unhappy_group_a_from <= self.unhappy_group_b_from:
            errors["unhappy_group_a_from"] = "must be above the threshold of group B"
        if self.health_amber_below <= self.health_red_below:
            errors["health_amber_below"] = "must be above the red threshold"
        for group in ("start", "storm", "steady"):
            names = [f"health_weight_{group}_{component}" for component in (
                "empathy", "personalization", "honesty", "expectations", "difficulties",
                "balance")]
            if not any(getattr(self, name) for name in names):
                errors[names[0]] = "at least one component of a stage needs a weight"
        if errors:
            raise PolicyError(errors)

    @property
    def acquisition_cost(self) -> Decimal:
        """The cost of winning a new client by tender: tender cost ÷ win rate (article 003)."""
        rate = self.tender_win_rate
        return (self.tender_cost * rate.denominator / rate.numerator).quantize(Decimal("1"))

    @property
    def client_quiet(self) -> timedelta:
        """Business time after which a client who has not answered our message has gone
        quiet."""
        return timedelta(seconds=int(self.client_quiet_hours * 3600))

    @classmethod
    def settings(cls) -> list[tuple[str, Setting]]:
        return [(f.name, f.metadata["setting"]) for f in fields(cls) if "setting" in f.metadata]

    @classmethod
    def from_document(cls, document: dict[str, Any], version: int = 0) -> Policy:
        known = dict(cls.settings())
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        for name in document:
            if name not in known:
                errors[name] = "unknown setting"
        for name, setting in known.items():
            if name not in document:
                continue
            try:
                values[name] = _coerce(document[name], setting)
            except ValueError as exc:
                errors[name] = str(exc)
        if errors:
            raise PolicyError(errors)
        return cls(version=version, **values)

    def to_document(self) -> dict[str, Any]:
        document = {}
        for name, value in asdict(self).items():
            if name == "version":
                continue
            document[name] = _dump(value)
        return document

    def changes_from(self, other: Policy) -> dict[str, tuple[Any, Any]]:
        """Settings whose value differs: name → (other's value, this value)."""
        mine, theirs = self.to_document(), other.to_document()
        return {k: (theirs.get(k), v) for k, v in mine.items() if theirs.get(k) != v}


def _coerce(raw: Any, setting: Setting) -> Any:
    kind = setting.kind
    if isinstance(raw, bool):
        raise ValueError("expected a number, got true/false")
    try:
        if kind is int:
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError
            value: Any = int(str(raw).strip()) if not isinstance(raw, int | float) else int(raw)
        elif kind is Decimal:
            value = Decimal(str(raw).strip())
            if not value.is_finite():
                raise ValueError
        elif kind is Fraction:
            value = Fraction(str(raw).strip())
        else:  # pragma: no cover - every setting kind is listed above
            raise TypeError(kind)
    except (ValueError, InvalidOperation, ZeroDivisionError, TypeError):
        label = {int: "a whole number", Decimal: "a number", Fraction: "a fraction like 1/3"}
        raise ValueError(f"expected {label[kind]}, got {raw!r}") from None
    if setting.minimum is not None and value < Fraction(str(setting.minimum)):
        raise ValueError(f"must be at least {setting.minimum}")
    if setting.maximum is not None and value > Fraction(str(setting.maximum)):
        raise ValueError(f"must be at most {setting.maximum}")
    return value


def _dump(value: Any) -> Any:
    if isinstance(value, Decimal | Fraction):
        return str(value)
    return value


DEFAULT_POLICY = Policy()

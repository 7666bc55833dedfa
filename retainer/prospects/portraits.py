"""The portrait's criteria between the database, the forms and the rule: the default
portrait of article 001, the validation of criteria rows (with messages in the reader's
language), and the rule's view of a portrait and of a prospect."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from retainer.clients.models import AcquisitionChannel, Segment
from retainer.core.labels import label
from retainer.prospects.models import CHOICES_OF, MATCH_OF, Attribute, Portrait, Prospect
from retainer.rules import qualification as rules

MAX_VALUES = 50
MAX_VALUE_LENGTH = 100

# A budget worth the agency's effort, in its currency: below the low end a project rarely
# pays for the work of winning it.
BUDGET_RANGE = {
    "RUB": ("600000", "12000000", "300000"),
    "UAH": ("250000", "5000000", "125000"),
    "USD": ("6000", "150000", "3000"),
    "EUR": ("6000", "150000", "3000"),
}


def default_criteria(currency: str) -> list[dict]:
    """Article 001's portrait as a starting point: the segments we serve, a budget worth
    the work, a client who decides within a month and with whom we speak directly, and
    the sources that bring clients who already trust us. The agency rewrites it to its own
    market."""
    low, high, fading = BUDGET_RANGE.get(currency, BUDGET_RANGE["RUB"])
    return [
        {"attribute": Attribute.SEGMENT.value, "weight": 25,
         "values": [Segment.SMALL_BUSINESS.value, Segment.MID_MARKET.value,
                    Segment.STARTUP.value]},
        {"attribute": Attribute.BUDGET.value, "weight": 30, "low": low, "high": high,
         "partial_within": fading},
        {"attribute": Attribute.INDUSTRY.value, "weight": 10,
         "values": ["e-commerce", "retail", "edtech", "saas", "horeca", "medtech"]},
        {"attribute": Attribute.DECISION_DAYS.value, "weight": 15, "low": None, "high": "30",
         "partial_within": "60"},
        {"attribute": Attribute.DECISION_MAKER.value, "weight": 10, "expected": True},
        {"attribute": Attribute.SOURCE.value, "weight": 10,
         "values": [AcquisitionChannel.REFERRAL.value, AcquisitionChannel.INBOUND.value,
                    AcquisitionChannel.REPEAT.value]},
    ]


def attribute_label(attribute: str) -> str:
    return label(Attribute, attribute) if attribute in Attribute.values else attribute


def _amount(row: dict, name: str, attribute: str, errors: list[str]) -> str | None:
    raw = row.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        value = None
    if isinstance(raw, bool) or value is None or not value.is_finite() or value < 0 \
            or value >= Decimal("1e12"):
        errors.append(_("%(attribute)s: “%(value)s” is not an amount of zero or more.")
                      % {"attribute": attribute, "value": str(raw)[:30]})
        return None
    return format(value.normalize(), "f")


def _values(row: dict, attribute: str, errors: list[str]) -> list[str]:
    raw = row.get("values")
    if isinstance(raw, str):
        raw = raw.splitlines()
    if not isinstance(raw, list | tuple) or not all(isinstance(v, str) for v in raw):
        errors.append(_("%(attribute)s: list the values that are ours.")
                      % {"attribute": attribute})
        return []
    values = list(dict.fromkeys(v.strip() for v in raw if v.strip()))
    if not values:
        errors.append(_("%(attribute)s: list at least one value that is ours.")
                      % {"attribute": attribute})
    elif len(values) > MAX_VALUES or any(len(v) > MAX_VALUE_LENGTH for v in values):
        errors.append(_("%(attribute)s: at most %(count)s values of %(length)s characters "
                        "each.") % {"attribute": attribute, "count": MAX_VALUES,
                                    "length": MAX_VALUE_LENGTH})
    return values


def criteria_clean(rows: object) -> list[dict]:
    """Criteria rows as stored, or a ValidationError listing every fault in words."""
    if not isinstance(rows, list | tuple) or not rows:
        raise ValidationError({"criteria": _("The portrait needs at least one criterion.")})
    errors: list[str] = []
    cleaned: list[dict] = []
    seen: set[str] = set()
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("attribute"), str):
            errors.append(_("Each criterion names an attribute and its weight."))
            continue
        code = row["attribute"]
        if code not in Attribute.values:
            errors.append(_("Unknown attribute: %(attribute)s.") % {"attribute": code[:50]})
            continue
        name = attribute_label(code)
        if code in seen:
            errors.append(_("%(attribute)s is judged by one criterion only.")
                          % {"attribute": name})
            continue
        seen.add(code)
        weight = row.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int) \
                or not 1 <= weight <= rules.MAX_WEIGHT:
            errors.append(_("%(attribute)s: the weight is a whole number from 1 to %(max)s.")
                          % {"attribute": name, "max": rules.MAX_WEIGHT})
            continue
        item: dict = {"attribute": code, "weight": weight}
        match = MATCH_OF[code]
        if match == rules.ONE_OF:
            item["values"] = _values(row, name, errors)
            choices = CHOICES_OF.get(code)
            unknown = [v for v in item["values"] if choices and v not in choices.values]
            if unknown:
                errors.append(_("%(attribute)s: not one of the listed values: %(values)s.")
                              % {"attribute": name, "values": ", ".join(unknown)[:200]})
        elif match == rules.RANGE:
            item["low"] = _amount(row, "low", name, errors)
            item["high"] = _amount(row, "high", name, errors)
            item["partial_within"] = _amount(row, "partial_within", name, errors) or "0"
            if item["low"] is None and item["high"] is None:
                errors.append(_("%(attribute)s: a range needs at least one end.")
                              % {"attribute": name})
            elif item["low"] is not None and item["high"] is not None \
                    and Decimal(item["low"]) > Decimal(item["high"]):
                errors.append(_("%(attribute)s: the low end is above the high end.")
                              % {"attribute": name})
        else:
            expected = row.get("expected", True)
            if not isinstance(expected, bool):
                errors.append(_("%(attribute)s: the answer that is ours is yes or no.")
                              % {"attribute": name})
            item["expected"] = expected is True
        cleaned.append(item)
    if errors:
        raise ValidationError({"criteria": errors})
    return cleaned


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def as_rule(criteria: list[dict], version: int = 0) -> rules.Portrait:
    """The stored criteria as the rule reads them."""
    return rules.Portrait(tuple(
        rules.Criterion(
            attribute=row["attribute"], weight=row["weight"], match=MATCH_OF[row["attribute"]],
            values=tuple(row.get("values", ())), low=_decimal(row.get("low")),
            high=_decimal(row.get("high")),
            partial_within=Decimal(row.get("partial_within") or "0"),
            expected=row.get("expected", True))
        for row in criteria), version=version)


def portrait_rule(portrait: Portrait) -> rules.Portrait:
    return as_rule(portrait.criteria, portrait.version)


def _plain(amount: Decimal | None) -> Decimal | None:
    """An amount as people write it, the same whether just typed or read back from the
    database: 400000, not 400000.00."""
    if amount is None:
        return None
    amount = Decimal(amount)
    return amount.to_integral_value() if amount == amount.to_integral_value() \
        else amount.quantize(Decimal("0.01"))


def prospect_facts(prospect: Prospect) -> dict[str, object]:
    """The prospect's attributes as the rule reads them: an empty field is missing."""
    return {
        Attribute.SEGMENT: prospect.segment or None,
        Attribute.BUDGET: _plain(prospect.budget),
        Attribute.INDUSTRY: prospect.industry or None,
        Attribute.DECISION_DAYS: prospect.decision_days,
        Attribute.REGION: prospect.region or None,
        Attribute.SOURCE: prospect.source or None,
        Attribute.LANGUAGE: prospect.language or None,
        Attribute.DECISION_MAKER: prospect.decision_maker,
    }


def scored(result: rules.QualificationScore) -> dict:
    """A score as a prospect stores it."""
    return {
        "score": result.score,
        "portrait_version": result.portrait_version,
        "contributions": [{"attribute": c.attribute, "weight": c.weight, "points": c.points,
                           "reason": c.reason.as_dict()} for c in result.contributions],
    }

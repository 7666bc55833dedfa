"""A prospect's score in the reader's words: what each criterion of the portrait found and
what it added."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from retainer.core.labels import label
from retainer.prospects.models import CHOICES_OF, Attribute
from retainer.prospects.portraits import attribute_label
from retainer.rules import qualification as rules

TEMPLATES = {
    rules.MISSING: gettext_lazy("Not known yet: adds nothing until it is filled in."),
    rules.UNREADABLE: gettext_lazy("“%(value)s” cannot be compared: adds nothing."),
    rules.LISTED: gettext_lazy("%(value)s is ours (%(values)s)."),
    rules.NOT_LISTED: gettext_lazy("%(value)s is not among ours: %(values)s."),
    rules.IN_RANGE: gettext_lazy("%(value)s is within %(range)s."),
    rules.BELOW: gettext_lazy("%(value)s is below %(range)s: counts %(share)s in a hundred "
                              "(nothing from %(partial_within)s below)."),
    rules.ABOVE: gettext_lazy("%(value)s is above %(range)s: counts %(share)s in a hundred "
                              "(nothing from %(partial_within)s above)."),
    rules.AS_EXPECTED: gettext_lazy("“%(value)s”, as in the portrait."),
    rules.NOT_AS_EXPECTED: gettext_lazy("“%(value)s”, not as in the portrait."),
}


@dataclass(frozen=True)
class Explained:
    attribute: str
    name: str
    weight: int
    points: int
    reason: str
    rule: str

    @property
    def missing(self) -> bool:
        return self.rule == rules.MISSING


def _value(attribute: str, value: str) -> str:
    choices = CHOICES_OF.get(attribute)
    if choices is not None and value in choices.values:
        return label(choices, value)
    if attribute == Attribute.DECISION_MAKER and value in ("yes", "no"):
        return _("yes") if value == "yes" else _("no")
    return value


def _range(low: str, high: str) -> str:
    if low and high:
        return f"{low}–{high}"
    if low:
        return _("from %(low)s") % {"low": low}
    return _("up to %(high)s") % {"high": high}


def explain(contribution: dict) -> Explained:
    """One stored contribution ({attribute, weight, points, reason: {rule, figures}})."""
    attribute = contribution["attribute"]
    reason = contribution.get("reason") or {}
    rule = reason.get("rule", "")
    figures = dict(reason.get("figures") or {})
    values = dict(figures)
    if "value" in values:
        values["value"] = _value(attribute, values["value"])
    if "values" in values:
        values["values"] = ", ".join(_value(attribute, v) for v in values["values"].split(", "))
    if "low" in values or "high" in values:
        values["range"] = _range(values.get("low", ""), values.get("high", ""))
    template = TEMPLATES.get(rule)
    try:
        text = str(template) % values if template is not None else rule
    except (KeyError, ValueError):
        text = f"{rule}: " + ", ".join(f"{k} {v}" for k, v in figures.items())
    return Explained(attribute, attribute_label(attribute), contribution.get("weight", 0),
                     contribution.get("points", 0), text, rule)


def explain_all(contributions: list[dict]) -> list[Explained]:
    return [explain(item) for item in contributions]


def describe(criterion: dict) -> str:
    """What a stored criterion counts as ours, in words."""
    attribute = criterion["attribute"]
    if "values" in criterion:
        return ", ".join(_value(attribute, value) for value in criterion["values"])
    if "expected" in criterion:
        return _("yes") if criterion["expected"] else _("no")
    text = _range(criterion.get("low") or "", criterion.get("high") or "")
    fading = criterion.get("partial_within") or "0"
    if fading != "0":
        text += "; " + _("in part up to %(distance)s outside") % {"distance": fading}
    return text

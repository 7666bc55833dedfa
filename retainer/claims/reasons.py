"""An assessment's and a concession's reasons in the reader's words: each rule id of
`retainer.rules.claims` with the figures it compared."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from retainer.core.templatetags.retainer import amount, day, moment, span
from retainer.rules import claims as rules

# A rule whose figures say two different things has a template for each: the variant is
# chosen by whether the deliverable was delivered, or the message answered, by then.
TEMPLATES = {
    (rules.RULE_DELIVERABLE_LATE, "done"): _(
        "“%(deliverable)s” was due %(due)s and was delivered %(done)s: late."),
    (rules.RULE_DELIVERABLE_LATE, "open"): _(
        "“%(deliverable)s” was due %(due)s and was still not delivered on %(today)s: late."),
    (rules.RULE_DELIVERABLE_REJECTED, ""): _("The client rejected “%(deliverable)s”."),
    (rules.RULE_DELIVERABLE_KEPT, "done"): _(
        "“%(deliverable)s” was due %(due)s and was delivered %(done)s: on time."),
    (rules.RULE_DELIVERABLE_KEPT, "open"): _(
        "“%(deliverable)s” is due %(due)s: not late on %(today)s."),
    (rules.RULE_KPI_MISSED, ""): _(
        "“%(kpi)s” was %(actual)s %(unit)s on %(measured_on)s, worse than %(bound)s %(unit)s "
        "(target %(target)s, tolerance %(tolerance_pct)s %%): missed."),
    (rules.RULE_KPI_MET, ""): _(
        "“%(kpi)s” was %(actual)s %(unit)s on %(measured_on)s, no worse than %(bound)s %(unit)s "
        "(target %(target)s, tolerance %(tolerance_pct)s %%): met."),
    (rules.RULE_KPI_NOT_MEASURED, ""): _(
        "“%(kpi)s” (target %(target)s %(unit)s) has no measurement by the day of the claim: "
        "no miss is shown."),
    (rules.RULE_REPLY_LATE, "done"): _(
        "The client's message of %(received)s was answered %(replied)s, after %(waited)s of "
        "business time; the target is %(target_hours)s h, due %(due)s: late."),
    (rules.RULE_REPLY_LATE, "open"): _(
        "The client's message of %(received)s was still unanswered after %(waited)s of "
        "business time; the target is %(target_hours)s h, due %(due)s: late."),
    (rules.RULE_REPLY_ON_TIME, "done"): _(
        "The client's message of %(received)s was answered %(replied)s, within %(waited)s of "
        "business time; the target is %(target_hours)s h: on time."),
    (rules.RULE_REPLY_ON_TIME, "open"): _(
        "The client's message of %(received)s had waited %(waited)s of business time, within "
        "the target of %(target_hours)s h (due %(due)s)."),
    (rules.RULE_NOT_PROMISED, ""): _("The agreement lists “%(result)s” as not promised."),
    (rules.RULE_NO_TERM, ""): _("The claim points at nothing the agreement covers."),
    (rules.RULE_FIX_AND_ADMIT, ""): _("Founded: find the cause, fix it and admit it plainly."),
    (rules.RULE_TOO_MANY_UNFOUNDED, ""): _(
        "Unfounded claim %(count)s in %(days)s days, at the policy's limit of %(limit)s: "
        "refuse politely, citing the agreement, and review the relationship."),
    (rules.RULE_TRIVIAL, ""): _(
        "Granting it costs %(cost)s %(currency)s, no more than %(trivial_min)s min of work at "
        "%(hourly_rate)s %(currency)s an hour (%(trivial_cost)s %(currency)s): give way."),
    (rules.RULE_RETENTION, ""): _(
        "Keeping the client is worth %(retention_value)s %(currency)s (a 12-month margin of "
        "%(expected_margin_12m)s × a churn risk of %(churn_risk)s), more than the "
        "%(cost)s %(currency)s it costs; a new client would cost %(acquisition_cost)s "
        "%(currency)s: give way."),
    (rules.RULE_NOT_WORTH, ""): _(
        "It costs %(cost)s %(currency)s: more than the trivial %(trivial_cost)s %(currency)s "
        "and more than keeping the client is worth, %(retention_value)s %(currency)s (a "
        "12-month margin of %(expected_margin_12m)s × a churn risk of %(churn_risk)s): refuse."),
}
NUMBERS = {"target", "bound", "actual", "tolerance_pct", "target_hours"}
MONEY = {"cost", "trivial_cost", "hourly_rate", "retention_value", "expected_margin_12m",
         "acquisition_cost"}
DAYS = {"due", "done", "today", "measured_on"}
MOMENTS = {"received", "replied"}
VARIANTS = {rules.RULE_DELIVERABLE_LATE: "done", rules.RULE_DELIVERABLE_KEPT: "done",
            rules.RULE_REPLY_LATE: "replied", rules.RULE_REPLY_ON_TIME: "replied"}


def explain(rule: str, figures: dict) -> str:
    variant = ""
    if rule in VARIANTS:
        variant = "done" if figures.get(VARIANTS[rule]) else "open"
    template = TEMPLATES.get((rule, variant))
    if template is None:
        return rule  # a rule this version does not know: its id is still an explanation
    try:
        return str(template) % _readable(rule, figures)
    except (KeyError, ValueError, TypeError):
        return f"{rule}: " + ", ".join(f"{k} {v}" for k, v in figures.items())


def _readable(rule: str, figures: dict) -> dict:
    values = dict(figures)
    for name in NUMBERS & values.keys():
        with contextlib.suppress(InvalidOperation, TypeError):
            values[name] = _number(Decimal(values[name]))
    for name in MONEY & values.keys():
        with contextlib.suppress(InvalidOperation, TypeError):
            values[name] = amount(Decimal(values[name]))
    # A reply's due time is a moment; a deliverable's due date is a day.
    reply = rule in (rules.RULE_REPLY_LATE, rules.RULE_REPLY_ON_TIME)
    for name in (MOMENTS | {"due"} if reply else DAYS) & values.keys():
        parse, show = (datetime.fromisoformat, moment) if reply else (date.fromisoformat, day)
        with contextlib.suppress(ValueError):
            values[name] = show(parse(values[name])) if values[name] else "—"
    if "waited_min" in values:
        values["waited"] = span(timedelta(minutes=int(values["waited_min"])))
    if "churn_risk" in values:
        with contextlib.suppress(InvalidOperation):
            values["churn_risk"] = f"{Decimal(values['churn_risk']) * 100:.0f} %"
    return values


def _number(value: Decimal) -> str:
    """A measured figure as written: no trailing zeros of the column's precision."""
    plain = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return number_format(plain)

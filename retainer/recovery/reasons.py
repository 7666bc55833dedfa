"""An assessment's and a plan's reasons in the reader's words: each rule id of
`retainer.rules.recovery` with the figures it compared."""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from retainer.core.templatetags.retainer import amount
from retainer.rules import recovery as rules

TEMPLATES = {
    rules.RULE_GROUP: _("Score %(score)s: group %(group)s (A from %(a_from)s points, B from "
                        "%(b_from)s, C from %(c_from)s)."),
    rules.RULE_WISH_TO_SETTLE: _("Score %(score)s is below group C's %(c_from)s points, but "
                                 "the client wants to settle: group C."),
    rules.RULE_CONTENT: _("Score %(score)s is below group C's %(c_from)s points: no "
                          "dissatisfaction to speak of."),
    rules.RULE_SOFTEN_THE_BLOW: _("Soften the blow: right for every group, always."),
    rules.RULE_NEVER_FOR_A: _("Never start over with group A: no new sales pitch, only "
                              "softening the blow."),
    rules.RULE_NOT_PROMISING: _("Starting over would cost %(start_over_cost)s %(currency)s, "
                                "more than the margin of %(expected_margin_12m)s %(currency)s "
                                "expected over 12 months: the client is not financially "
                                "promising."),
    rules.RULE_NOT_WORTH: _("Starting over would cost %(start_over_cost)s %(currency)s, more "
                            "than the %(retention_value)s %(currency)s at risk (margin "
                            "%(expected_margin_12m)s × churn risk %(churn_risk)s): for group "
                            "C, soften the blow only."),
    rules.RULE_START_OVER: _("Start over: it costs %(start_over_cost)s %(currency)s; the "
                             "margin expected over 12 months is %(expected_margin_12m)s "
                             "%(currency)s, and %(retention_value)s %(currency)s of it is at "
                             "risk."),
    rules.RULE_NOTHING_TO_RECOVER: _("The client shows no dissatisfaction: nothing to "
                                     "recover."),
}
MONEY = {"start_over_cost", "expected_margin_12m", "retention_value"}


def explain(rule: str, figures: dict) -> str:
    template = TEMPLATES.get(rule)
    if template is None:
        return rule  # a rule this version does not know: its id is still an explanation
    values = dict(figures)
    for name in MONEY & values.keys():
        with contextlib.suppress(InvalidOperation, TypeError):
            values[name] = amount(Decimal(values[name]))
    try:
        return str(template) % values
    except (KeyError, ValueError):
        return f"{rule}: " + ", ".join(f"{k} {v}" for k, v in figures.items())


def explain_all(reasons: list[dict]) -> list[str]:
    return [explain(item["rule"], item["figures"]) for item in reasons]

"""A decision's reasons in the reader's words: each rule id of `retainer.rules.scope` with
the figures it compared."""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from retainer.core.templatetags.retainer import amount
from retainer.rules import scope as rules

TEMPLATES = {
    rules.RULE_IN_SCOPE: _("Work on the agreed deliverable “%(deliverable)s”: included."),
    rules.RULE_WITHIN_ROUNDS: _("Revision round %(round)s of %(rounds)s included for "
                                "“%(deliverable)s”."),
    rules.RULE_OVER_ROUNDS: _("Revision over the limit: %(used)s of %(rounds)s rounds for "
                              "“%(deliverable)s” are used."),
    rules.RULE_CHANGE: _("A change to what was agreed for “%(deliverable)s”: beyond the "
                         "agreement."),
    rules.RULE_NO_DELIVERABLE: _("Concerns none of the agreed deliverables: out of scope."),
    rules.RULE_BONUS: _("%(estimate_min)s min ≤ the free-change threshold of %(threshold_min)s "
                        "min, and the month's free budget has %(budget_left_min)s of "
                        "%(budget_min)s min left: a bonus, charged to the budget."),
    rules.RULE_OVER_THRESHOLD: _("%(estimate_min)s min > the free-change threshold of "
                                 "%(threshold_min)s min: the client chooses."),
    rules.RULE_BUDGET_SPENT: _("The month's free budget has %(budget_left_min)s of "
                               "%(budget_min)s min left, less than %(estimate_min)s min: the "
                               "client chooses."),
    rules.RULE_PRICE: _("Price: %(estimate_min)s min × %(hourly_rate)s %(currency)s an hour = "
                        "%(price)s %(currency)s."),
    rules.RULE_SHIFT: _("Deadline shift: %(estimate_min)s min ÷ %(daily_capacity_hours)s h a day "
                        "= %(days)s business day(s), for %(deliverables)s deliverable(s)."),
    rules.RULE_RENEGOTIATE: _("Request %(count)s beyond the agreement in %(days)s days (the "
                              "policy says renegotiate at %(limit)s)."),
}
MONEY = {"hourly_rate", "price"}


def explain(rule: str, figures: dict, currency: str) -> str:
    template = TEMPLATES.get(rule)
    if template is None:
        return rule  # a rule this version does not know: its id is still an explanation
    values = dict(figures, currency=currency)
    for name in MONEY & values.keys():
        with contextlib.suppress(InvalidOperation, TypeError):
            values[name] = amount(Decimal(values[name]))
    try:
        return str(template) % values
    except (KeyError, ValueError):
        return f"{rule}: " + ", ".join(f"{k} {v}" for k, v in figures.items())

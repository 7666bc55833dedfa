"""The reasons of `retainer.rules.lifecycle` in the reader's words: the event that suggests
the stage, with its figures."""

from __future__ import annotations

from contextlib import suppress
from datetime import date

from django.utils.translation import gettext_lazy as _

from retainer.core.templatetags.retainer import day
from retainer.rules import lifecycle as rules

TEMPLATES = {
    rules.AGREEMENT_DRAFTED: _("An agreement has been drafted since %(on)s: the client's "
                               "expectations of our work are being formed."),
    rules.AGREEMENT_SIGNED: _("The agreement started on %(on)s: production begins, and the "
                              "client looks for proof of having chosen well."),
    (rules.FIRST_TROUBLE, rules.CLAIM): _(
        "The first founded claim after the honeymoon began, on %(on)s: how we solve the first "
        "problems decides how far the client will trust us."),
    (rules.FIRST_TROUBLE, rules.CONFLICT): _(
        "The first conflict after the honeymoon began, opened on %(on)s: how we solve the "
        "first problems decides how far the client will trust us."),
    rules.CALM: _("No founded claim and no open conflict for %(weeks)s weeks since %(since)s: "
                  "we have found a way of working together."),
    rules.LAST_DELIVERABLE_APPROVED: _(
        "The last deliverable of the project was approved on %(on)s and no other agreement is "
        "in production: from now on, remind the client of us now and then."),
    rules.AGREEMENT_ENDED: _(
        "The agreement ended on %(on)s and no other is in production: from now on, remind "
        "the client of us now and then."),
    rules.CLIENT_SILENT: _("No agreement in production, and not a word from the client for "
                           "%(days)s days since %(since)s."),
}
TRUST = {
    rules.CALCULATED: _("calculated"),
    rules.ESTABLISHED: _("established"),
}
TRUST_HELP = {
    rules.CALCULATED: _("The client is careful, not yet knowing the result: mistakes cost the "
                        "most now."),
    rules.ESTABLISHED: _("The client has a settled picture of how far we can be trusted."),
}
DAYS = ("on", "since")


def explain(code: str, params: dict) -> str:
    """The reason in the active language; an unknown code or figure is shown as it is
    rather than failing the page."""
    values = dict(params)
    for name in DAYS:
        if name in values:
            with suppress(ValueError):
                values[name] = day(date.fromisoformat(str(values[name])))
    template = TEMPLATES.get((code, values.get("kind"))) or TEMPLATES.get(code)
    try:
        return str(template) % values if template is not None else code
    except (KeyError, ValueError, TypeError):
        return f"{code}: " + ", ".join(f"{k} {v}" for k, v in params.items())


def trust_label(trust: str) -> str:
    return str(TRUST.get(trust, trust))

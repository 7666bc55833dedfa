"""The weak spots of a report in words, in the language the client reads: the rules core names
each shortfall by code and figures, and this module says it plainly, with dates, hours, money
and durations written the way that language writes them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from babel.numbers import format_decimal
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from retainer.core.templatetags.retainer import day, span
from retainer.rules import report as rules
from retainer.rules.scope.reply import money


def number(value: Decimal | str, language: str) -> str:
    return format_decimal(Decimal(value), format="#,##0.###", locale=language)


def _day(value: str) -> str:
    return day(date.fromisoformat(value))


def _duration(minutes: int) -> str:
    return span(timedelta(minutes=minutes))


def weak_spot_text(spot: rules.WeakSpot, *, language: str, currency: str) -> str:
    """One weak spot as a sentence to the client, in `language`."""
    with translation.override(language):
        return _text(spot.code, spot.as_dict(), language, currency)


def _text(code: str, p: dict, language: str, currency: str) -> str:
    if code == rules.DELIVERABLE_LATE:
        values = {"title": p["title"], "due": _day(p["due"]), "days": p["days_late"]}
        if p["done"]:
            return ngettext(
                "“%(title)s” was delivered %(days)s day late: due %(due)s, delivered %(done)s.",
                "“%(title)s” was delivered %(days)s days late: due %(due)s, delivered %(done)s.",
                p["days_late"]) % (values | {"done": _day(p["done"])})
        return ngettext(
            "“%(title)s”, due %(due)s, was not delivered on time: %(days)s day overdue.",
            "“%(title)s”, due %(due)s, was not delivered on time: %(days)s days overdue.",
            p["days_late"]) % values
    if code == rules.DELIVERABLE_REJECTED:
        return _("“%(title)s” was not accepted: the work is to be redone.") % {"title": p["title"]}
    if code == rules.REPLIES_LATE:
        text = ngettext(
            "%(breaches)s of your %(messages)s message waited for our reply longer than "
            "agreed; the longest wait was %(worst)s against %(target)s.",
            "%(breaches)s of your %(messages)s messages waited for our reply longer than "
            "agreed; the longest wait was %(worst)s against %(target)s.",
            p["messages"]) % {"breaches": p["breaches"], "messages": p["messages"],
                              "worst": _duration(p["worst_minutes"]),
                              "target": _duration(p["target_minutes"])}
        if p["unanswered"]:
            text += " " + ngettext(
                "%(count)s of them was still unanswered at the end of the period.",
                "%(count)s of them were still unanswered at the end of the period.",
                p["unanswered"]) % {"count": p["unanswered"]}
        return text
    if code == rules.KPI_MISSED:
        unit = f" {p['unit']}" if p["unit"] else ""
        return _("%(kpi)s: %(actual)s against the promised %(target)s.") % {
            "kpi": p["kpi"], "actual": number(p["actual"], language) + unit,
            "target": number(p["target"], language) + unit}
    if code == rules.HOURS_OVER:
        values = {"label": p["label"], "used": number(p["used"], language),
                  "planned": number(p["planned"], language),
                  "over": number(p["over"], language)}
        if p["retainer"]:
            return _("%(label)s: %(used)s h used of the %(planned)s h available, %(over)s h "
                     "over the plan.") % values
        return _("%(label)s: the work delivered took %(used)s h against the %(planned)s h "
                 "estimated.") % values
    if code == rules.BUDGET_OVER:
        return _("%(label)s: the work delivered so far comes to %(spent)s at the agreed rate, "
                 "against a budget of %(budget)s.") % {
            "label": p["label"], "spent": money(Decimal(p["spent"]), currency, language),
            "budget": money(Decimal(p["budget"]), currency, language)}
    if code == rules.REQUESTS_PAID:
        return ngettext(
            "%(count)s request beyond the agreement cost you %(amount)s extra.",
            "%(count)s requests beyond the agreement cost you %(amount)s extra.",
            p["count"]) % {"count": p["count"],
                           "amount": money(Decimal(p["amount"]), currency, language)}
    if code == rules.DEADLINES_SHIFTED:
        return ngettext(
            "%(count)s request beyond the agreement moved deadlines by %(days)s business "
            "days in all.",
            "%(count)s requests beyond the agreement moved deadlines by %(days)s business "
            "days in all.",
            p["count"]) % {"count": p["count"], "days": p["days"]}
    if code == rules.LOW_RATING:
        return _("You rated “%(title)s” %(score)s out of 5.") % {"title": p["title"],
                                                                 "score": p["score"]}
    if code == rules.CLAIMS_FOUNDED:
        return ngettext(
            "%(count)s of your claims was founded: we got it wrong, and we said so.",
            "%(count)s of your claims were founded: we got them wrong, and we said so.",
            p["count"]) % {"count": p["count"]}
    raise ValueError(f"No wording for the weak spot {code!r}")

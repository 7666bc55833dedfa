"""The draft reply to a client about a decided request, in the client's language.

The wording lives in `replies.toml` (one table per language, editable without code); numbers,
money, dates and durations are written by Babel from the CLDR data each language's readers
expect ("12 000,00 ₽", "пт 4 декабря", "1,5 часа"). Babel rather than hand-made tables:
plural forms and genitive month names differ between Russian and Ukrainian, and Babel already
holds them for every locale. The reply is a function of the decision alone, so a recorded
decision always reproduces its reply.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.numbers import get_currency_symbol
from babel.units import format_unit

from retainer.rules.scope.terms import (
    BONUS,
    CHOICE,
    OVER_ROUNDS,
    RULE_CHANGE,
    RULE_IN_SCOPE,
    RULE_OVER_ROUNDS,
    RULE_RENEGOTIATE,
    RULE_WITHIN_ROUNDS,
    RequestDecision,
    ScopeRequest,
)
from retainer.rules.texts import LANGUAGES, texts_from

texts = texts_from(Path(__file__).with_name("replies.toml"))


# Babel reads and parses its locale data on every call, which costs more than the whole
# decision: amounts and dates are written from CLDR data read once per language, and the few
# durations and day counts a reply uses are remembered.
_REMEMBERED = 1 << 14


@cache
def _money_parts(currency: str, language: str) -> tuple[str, str, str, str]:
    """(prefix, suffix, group separator, decimal separator) of the locale's standard currency
    pattern ("#,##0.00 ¤" in ru and uk, "¤#,##0.00" in en), read from CLDR once."""
    locale = Locale.parse(language)
    pattern = locale.currency_formats["standard"]
    symbol = get_currency_symbol(currency, locale)
    symbols = locale.number_symbols["latn"]
    return (pattern.prefix[0].replace("¤", symbol), pattern.suffix[0].replace("¤", symbol),
            symbols["group"], symbols["decimal"])


def money(value: Decimal, currency: str, language: str) -> str:
    """What `babel.numbers.format_currency` writes for a non-negative amount with two
    decimals, from the same CLDR pattern, without parsing it again for every amount."""
    prefix, suffix, group, decimal = _money_parts(currency, language)
    digits = f"{value:,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", group)
    return f"{prefix}{digits}{suffix}"


@lru_cache(maxsize=_REMEMBERED)
def estimate(minutes: int, language: str) -> str:
    if minutes < 60:
        return format_unit(minutes, "duration-minute", locale=language, length="long")
    hours = Decimal(minutes) / 60
    hours = hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else round(hours, 2)
    return format_unit(hours, "duration-hour", locale=language, length="long")


@cache
def _day_names(language: str) -> tuple[dict, dict]:
    locale = Locale.parse(language)
    return (dict(locale.days["format"]["abbreviated"].items()),
            dict(locale.months["format"]["wide"].items()))


def day(value: date, language: str) -> str:
    """The date as Babel's pattern "EEE d MMMM" writes it ("пт 4 декабря", "Fri 4
    December"), from the same CLDR names."""
    weekdays, months = _day_names(language)
    return f"{weekdays[value.weekday()]} {value.day} {months[value.month]}"


@lru_cache(maxsize=_REMEMBERED)
def business_days(days: int, language: str) -> str:
    forms = texts(language)["business_days"]
    form = Locale.parse(language).plural_form(days)
    return forms.get(form, forms["other"]).format(n=days)


def draft_reply(request: ScopeRequest, decision: RequestDecision) -> str:
    language = request.language if request.language in LANGUAGES else "en"
    words = texts(language)
    figures = {reason.rule: dict(reason.figures) for reason in decision.reasons}
    title = request.title or "—"
    paragraphs = [words["greeting"]]
    if decision.outcome not in (BONUS, CHOICE):
        if RULE_WITHIN_ROUNDS in figures:
            within = figures[RULE_WITHIN_ROUNDS]
            paragraphs.append(words["included_revision"].format(
                title=title, round=within["round"], rounds=within["rounds"],
                deliverable=within["deliverable"]))
        else:
            paragraphs.append(words["included"].format(
                title=title, deliverable=figures.get(RULE_IN_SCOPE, {}).get("deliverable", title)))
        return "\n\n".join(paragraphs)

    if decision.classification == OVER_ROUNDS:
        over = figures[RULE_OVER_ROUNDS]
        why = words["why_over_rounds"].format(rounds=over["rounds"],
                                              deliverable=over["deliverable"])
    elif RULE_CHANGE in figures:
        why = words["why_change"].format(deliverable=figures[RULE_CHANGE]["deliverable"])
    else:
        why = words["why_no_deliverable"]

    if decision.outcome == BONUS:
        paragraphs.append(words["bonus"].format(title=title, why=why))
    else:
        options = [
            words["choice"].format(title=title, why=why,
                                   estimate=estimate(request.estimate_min, language)),
            words["option_pay"].format(
                price=money(decision.price, decision.currency, language)),
        ]
        if decision.shifts:
            options.append(words["option_shift"].format(
                days=business_days(decision.shift_days, language)))
            options.extend(
                words["shift_line"].format(deliverable=shift.title,
                                           before=day(shift.before, language),
                                           after=day(shift.after, language))
                for shift in decision.shifts)
        else:
            options.append(words["option_shift_none"])
        options.append(words["option_defer"])
        paragraphs.append("\n".join(options))
        paragraphs.append(words["ask"])
    if RULE_RENEGOTIATE in figures:
        again = figures[RULE_RENEGOTIATE]
        paragraphs.append(words["renegotiate"].format(count=again["count"],
                                                      window=again["days"]))
    return "\n\n".join(paragraphs)

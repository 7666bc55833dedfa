"""The draft reply to a client about a claim, in the client's language.

Article 003: thank the client for the feedback; when the claim is founded, admit the fault
plainly, without excuses and without sprinkling ashes, and say what will be fixed; when it is
not, answer honestly, confidently and openly, citing the agreement. The wording lives in
`replies.toml`; money comes from the same CLDR patterns as scope replies, dates, numbers and
durations from Babel. The reply reads the assessment and the concession only, so a recorded
concession always reproduces its reply.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit

from retainer.rules.claims.terms import (
    FIX_AND_ADMIT,
    HIGHER,
    RULE_DELIVERABLE_KEPT,
    RULE_DELIVERABLE_LATE,
    RULE_DELIVERABLE_REJECTED,
    RULE_KPI_MET,
    RULE_KPI_MISSED,
    RULE_KPI_NOT_MEASURED,
    RULE_NOT_PROMISED,
    RULE_REPLY_ON_TIME,
    ClaimAssessment,
    Concession,
)
from retainer.rules.scope.reply import money
from retainer.rules.texts import LANGUAGES, texts_from

texts = texts_from(Path(__file__).with_name("replies.toml"))


def day(value: str, language: str) -> str:
    """An ISO date of a figure as "20 ноября", "20 листопада", "20 November"."""
    return format_date(date.fromisoformat(value), "d MMMM", locale=language)


def moment(value: str, language: str) -> str:
    """A recorded local time as "20 ноября, 9:30"."""
    local = datetime.fromisoformat(value)
    return f"{format_date(local.date(), 'd MMMM', locale=language)}, {local.hour}:{local:%M}"


def duration(minutes: int, language: str) -> str:
    """Hours and minutes, each in its plural form ("1 час 21 минута"): the texts put it
    where the nominative fits."""
    hours, rest = divmod(minutes, 60)
    parts = [format_unit(hours, "duration-hour", locale=language, length="long")] if hours else []
    if rest or not hours:
        parts.append(format_unit(rest, "duration-minute", locale=language, length="long"))
    return " ".join(parts)


def _value(number: str, unit: str, language: str) -> str:
    written = format_decimal(Decimal(number), locale=language)
    return f"{written} {unit}" if unit else written


def _kpi(words: dict, figures: dict, language: str) -> dict:
    unit = figures["unit"]
    key = "at_least" if figures["direction"] == HIGHER else "at_most"
    bound = words[key].format(target=_value(figures["target"], unit, language))
    if Decimal(figures["tolerance_pct"]):
        bound += words["tolerance"].format(
            tolerance=format_decimal(Decimal(figures["tolerance_pct"]), locale=language))
    values = {"kpi": figures["kpi"], "bound": bound}
    if "actual" in figures:
        values |= {"actual": _value(figures["actual"], unit, language),
                   "measured_on": day(figures["measured_on"], language)}
    return values


def _reply_wait(figures: dict, language: str) -> dict:
    return {"target": duration(round(Decimal(figures["target_hours"]) * 60), language),
            "received": moment(figures["received"], language),
            "waited": duration(int(figures["waited_min"]), language),
            "due": moment(figures["due"], language)}


def _deliverable(figures: dict, language: str) -> dict:
    values = {"deliverable": figures["deliverable"]}
    if "due" in figures:
        values["due"] = day(figures["due"], language)
        if figures["done"]:
            values["done"] = day(figures["done"], language)
    return values


def _admission(rule: str, figures: dict, words: dict, language: str) -> tuple[str, str]:
    """What we admit, and what we will fix, for one founded rule."""
    if rule == RULE_DELIVERABLE_LATE:
        values = _deliverable(figures, language)
        key = "late_done" if figures["done"] else "late_open"
        return words[key].format(**values), words[f"fix_{key}"].format(**values)
    if rule == RULE_DELIVERABLE_REJECTED:
        values = _deliverable(figures, language)
        return words["rejected"].format(**values), words["fix_rejected"].format(**values)
    if rule == RULE_KPI_MISSED:
        return words["kpi_missed"].format(**_kpi(words, figures, language)), words["fix_kpi"]
    # The one founded rule left: our reply was late.
    key = "reply_late" if figures["replied"] else "reply_unanswered"
    return words[key].format(**_reply_wait(figures, language)), words["fix_reply"]


def _finding(rule: str, figures: dict, words: dict, language: str) -> str:
    """What we checked, citing the agreement, for a claim that is not founded."""
    if rule == RULE_DELIVERABLE_KEPT:
        key = "kept_done" if figures["done"] else "kept_open"
        return words[key].format(**_deliverable(figures, language))
    if rule in (RULE_KPI_MET, RULE_KPI_NOT_MEASURED):
        key = "kpi_met" if rule == RULE_KPI_MET else "kpi_not_measured"
        return words[key].format(**_kpi(words, figures, language))
    if rule == RULE_REPLY_ON_TIME:
        key = "reply_on_time" if figures["replied"] else "reply_pending"
        return words[key].format(**_reply_wait(figures, language))
    if rule == RULE_NOT_PROMISED:
        return words["not_promised"].format(result=figures["result"])
    return words["no_term"]


def _ask(assessment: ClaimAssessment, concession: Concession, words: dict,
         language: str) -> str:
    claim = assessment.claim
    ask = words["ask"].format(ask=claim.ask) if claim.ask else words["ask_untitled"]
    if claim.asked_amount:
        ask += f" ({money(claim.asked_amount, concession.currency, language)})"
    return ask


def draft_reply(assessment: ClaimAssessment, concession: Concession) -> str:
    claim = assessment.claim
    language = claim.language if claim.language in LANGUAGES else "en"
    words = texts(language)
    ask = _ask(assessment, concession, words, language)
    paragraphs = [words["greeting"], words["thanks"]]
    checked = [(reason.rule, dict(reason.figures)) for reason in assessment.reasons]
    if concession.outcome == FIX_AND_ADMIT:
        admitted, fixes = zip(*(_admission(rule, figures, words, language)
                                for rule, figures in checked), strict=True)
        paragraphs.append(words["admit"].format(admission=" ".join(admitted)))
        paragraphs.append(" ".join(fixes))
        if claim.ask or concession.cost:
            key = "compensation" if concession.granted else "no_compensation"
            paragraphs.append(words[key].format(ask=ask))
    else:
        rule, figures = checked[0]
        paragraphs.append(_finding(rule, figures, words, language))
        paragraphs.append(words["concede" if concession.granted else "refuse"].format(ask=ask))
        if concession.review:
            paragraphs.append(words["review"])
    paragraphs.append(words["closing"])
    return "\n\n".join(paragraphs)

"""The scorecard in the reader's words: each component's name, each measured figure as a
sentence with its numbers, and what pulled the score down."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from retainer.rules import scorecard as rules

COMPONENT_LABELS = {
    rules.EMPATHY: gettext_lazy("Empathy"),
    rules.PERSONALIZATION: gettext_lazy("Personalization"),
    rules.HONESTY: gettext_lazy("Honesty"),
    rules.EXPECTATIONS: gettext_lazy("Expectation management"),
    rules.DIFFICULTIES: gettext_lazy("Resolving difficulties"),
    rules.BALANCE: gettext_lazy("Time/effort balance"),
}
BAND_LABELS = {
    rules.GREEN: gettext_lazy("healthy"),
    rules.AMBER: gettext_lazy("at risk"),
    rules.RED: gettext_lazy("red"),
}

# A measured figure, with its numbers.
MEASURED = {
    rules.STATUS_CHECKS: gettext_lazy(
        "%(checks)s of %(messages)s messages from the client asked where the work stands"),
    rules.RATINGS: gettext_lazy(
        "the client rated %(ratings)s deliverables, %(mean)s of 5 on average"),
    rules.CONTACT_FREQUENCY: gettext_lazy(
        "%(contacts)s contacts against %(expected)s expected at one every %(cadence_days)s "
        "days"),
    rules.REPEAT_WORK: gettext_lazy(
        "%(agreements)s new agreements after the first in the last 12 months, without a "
        "tender"),
    rules.REVENUE_GROWTH: gettext_lazy(
        "agreed value %(this_year)s in the last 12 months against %(last_year)s the year "
        "before (%(change_pct)s %%)"),
    rules.FEEDBACK_ASKED: gettext_lazy(
        "feedback asked for at %(asked)s of %(held)s statuses and retrospectives"),
    rules.FEEDBACK_RECEIVED: gettext_lazy(
        "%(received)s pieces of feedback and ratings on %(occasions)s occasions (statuses, "
        "retrospectives, deliverables done)"),
    rules.PROMISES_KEPT: gettext_lazy(
        "%(kept)s of %(due)s deliverables due were done on time"),
    rules.CLARIFICATIONS: gettext_lazy(
        "%(clarifications)s clarifications asked about %(deliverables)s deliverables done "
        "(%(per_deliverable)s each)"),
    rules.CONFLICTS: gettext_lazy("%(conflicts)s conflict cases during the month"),
    rules.RESOLUTION: gettext_lazy(
        "%(resolved)s conflicts resolved in %(mean_days)s days on average; %(overdue)s open "
        "longer than %(limit_days)s days"),
    rules.APPROVAL_ITERATIONS: gettext_lazy(
        "%(iterations)s approval iterations for %(deliverables)s deliverables done "
        "(%(per_deliverable)s each; approved at the first showing is the goal)"),
    rules.PROFITABILITY: gettext_lazy(
        "%(spent)s h spent against %(estimated)s h estimated (%(overrun_pct)s %% over; the "
        "goal is within %(tolerance_pct)s %%)"),
}
# A figure with nothing to measure this month.
UNMEASURED = {
    rules.STATUS_CHECKS: gettext_lazy("no messages from the client"),
    rules.RATINGS: gettext_lazy("no ratings from the client"),
    rules.CONTACT_FREQUENCY: gettext_lazy("no agreement running, so no cadence to keep"),
    rules.REPEAT_WORK: gettext_lazy("no repeat work in the last 12 months yet"),
    rules.REVENUE_GROWTH: gettext_lazy("no agreed value the year before to compare with"),
    rules.FEEDBACK_ASKED: gettext_lazy("no status or retrospective held"),
    rules.FEEDBACK_RECEIVED: gettext_lazy("no occasion for feedback"),
    rules.PROMISES_KEPT: gettext_lazy("no deliverable was due"),
    rules.CLARIFICATIONS: gettext_lazy("no deliverable done"),
    rules.CONFLICTS: gettext_lazy("nothing happened with the client"),
    rules.RESOLUTION: gettext_lazy("no conflict to resolve"),
    rules.APPROVAL_ITERATIONS: gettext_lazy("no deliverable done"),
    rules.PROFITABILITY: gettext_lazy("no hours recorded on deliverables done"),
}
OVERDUE_ONLY = gettext_lazy("%(overdue)s conflicts open longer than %(limit_days)s days")


@dataclass(frozen=True)
class ExplainedFigure:
    key: str
    text: str
    score: int | None


@dataclass(frozen=True)
class ExplainedPart:
    component: str
    label: str
    score: int
    measured: bool
    weight: int
    points: int  # the most it can contribute, rounded for reading
    contribution: int
    figures: tuple[ExplainedFigure, ...]


def component_label(component: str) -> str:
    return str(COMPONENT_LABELS.get(component, component))


def figure_text(figure: rules.Figure) -> str:
    values = dict(figure.values)
    if figure.score is None:
        return str(UNMEASURED.get(figure.key, figure.key))
    template = MEASURED.get(figure.key)
    if figure.key == rules.RESOLUTION and "mean_days" not in values:
        template = OVERDUE_ONLY
    try:
        return str(template) % values if template is not None else figure.key
    except (KeyError, ValueError):
        return f"{figure.key}: " + ", ".join(f"{k} {v}" for k, v in values.items())


def explain(card: rules.Scorecard) -> list[ExplainedPart]:
    return [ExplainedPart(
        part.component, component_label(part.component), part.score, part.measured,
        part.weight, round(part.points), part.contribution,
        tuple(ExplainedFigure(f.key, figure_text(f), f.score) for f in part.figures),
    ) for part in card.parts]


def pulled_down(card: rules.Scorecard) -> list[str]:
    """What pulled the score down, the biggest loss first: each component short of its
    points, with its weakest measured figure in plain words."""
    lines = []
    for part in card.pulled_down:
        measured = [f for f in part.figures if f.score is not None]
        worst = min(measured, key=lambda f: f.score)
        lines.append(_("%(component)s: %(contribution)s of %(points)s points — %(figure)s.") % {
            "component": component_label(part.component), "contribution": part.contribution,
            "points": round(part.points), "figure": figure_text(worst)})
    return lines


def weakest_labels(card: rules.Scorecard, count: int = 2) -> str:
    return ", ".join(component_label(part.component) for part in card.pulled_down[:count])

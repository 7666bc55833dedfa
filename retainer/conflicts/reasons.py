"""The suggestions of `retainer.rules.conflicts` in the reader's words: what to do, and the
figures that made the rule suggest it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from retainer.core.templatetags.retainer import moment, span
from retainer.rules import conflicts as rules

ACTIONS = {
    rules.ESCALATE: _("Escalate the conflict"),
    rules.PAUSE: _("Pause before answering in substance"),
    rules.MOVE_TO_CALL: _("Move to a call"),
    rules.ASK_DIRECTLY: _("Ask the client directly"),
}
TEMPLATES = {
    rules.ESCALATE: _("Open for %(open_days)s days since %(opened_at)s, longer than the "
                      "policy's %(limit_days)s: an unresolved conflict is a time bomb."),
    rules.PAUSE: _("The client's message of %(received)s reads at negativity %(negativity)s "
                   "(the peak starts at %(peak)s): a person at the height of emotion cannot "
                   "think rationally. Acknowledge the message by %(acknowledge_by)s and answer "
                   "in substance once it has cooled down."),
    rules.MOVE_TO_CALL: _("%(turns)s turns of written messages since %(since)s (the policy "
                          "suggests a call from %(limit)s within %(hours)s h): talk instead of "
                          "a ping-pong of arguments."),
    rules.ASK_DIRECTLY: _("The client has not answered our message of %(since)s for "
                          "%(silent)s of working time (the policy's %(quiet_hours)s h): a "
                          "client who keeps quiet about a problem leaves without warning."),
}
MOMENTS = ("opened_at", "received", "acknowledge_by", "since")


@dataclass(frozen=True)
class Explained:
    id: str
    action: str
    reason: str
    policy_version: int


def explain(suggestion: rules.Suggestion) -> Explained:
    rule = suggestion.id
    figures = dict(suggestion.reason.figures)
    values = dict(figures)
    for name in MOMENTS:
        if name in values:
            values[name] = moment(datetime.fromisoformat(values[name]))
    if "silent_min" in values:
        values["silent"] = span(timedelta(minutes=int(values["silent_min"])))
    template = TEMPLATES.get(rule)
    try:
        reason = str(template) % values if template is not None else rule
    except (KeyError, ValueError):
        reason = f"{rule}: " + ", ".join(f"{k} {v}" for k, v in figures.items())
    return Explained(rule, str(ACTIONS.get(rule, rule)), reason, suggestion.policy_version)

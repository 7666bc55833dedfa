"""A notification's words, written when it is read, in the reader's language and zone."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from retainer.core.templatetags.retainer import day, moment
from retainer.notifications.models import Notification, NotificationKind

# The scorecard's six components (article 003, KPMG), by the keys a health notice names.
COMPONENTS = {
    "empathy": gettext_lazy("empathy"),
    "personalization": gettext_lazy("personalization"),
    "honesty": gettext_lazy("honesty"),
    "expectations": gettext_lazy("expectation management"),
    "difficulties": gettext_lazy("resolving difficulties"),
    "balance": gettext_lazy("time/effort balance"),
}


def _day(value: str) -> str:
    return day(date.fromisoformat(value)) if value else ""


def describe(notification: Notification) -> tuple[str, str]:
    """(title, body)."""
    params = notification.params
    if notification.kind in (NotificationKind.REPLY_NEAR, NotificationKind.REPLY_BREACHED):
        values = {
            "client": params.get("client", ""),
            "received": moment(datetime.fromisoformat(params["received"])),
            "due": moment(datetime.fromisoformat(params["due"])),
        }
        if notification.kind == NotificationKind.REPLY_NEAR:
            title = _("Reply due soon: %(client)s") % values
            body = _("%(client)s wrote on %(received)s; our reply is due by %(due)s.") % values
        else:
            title = _("Reply overdue: %(client)s") % values
            body = _("%(client)s wrote on %(received)s; our reply was due by %(due)s.") % values
        excerpt = params.get("excerpt", "")
        return title, f"{body}\n«{excerpt}»" if excerpt else body
    if notification.kind == NotificationKind.ESCALATION:
        values = {
            "client": params.get("client", ""), "group": params.get("group", ""),
            "received": moment(datetime.fromisoformat(params["received"])),
            "due": moment(datetime.fromisoformat(params["due"])),
        }
        title = _("Escalation: %(client)s (group %(group)s) waits for our reply") % values
        body = _("%(client)s, an unhappy client in group %(group)s, wrote on %(received)s; "
                 "our reply was due by %(due)s. Answer today: an unhappy client left waiting "
                 "only gets angrier.") % values
        excerpt = params.get("excerpt", "")
        return title, f"{body}\n«{excerpt}»" if excerpt else body
    if notification.kind == NotificationKind.BURN_ALERT:
        values = {key: params.get(key, "") for key in
                  ("client", "agreement", "threshold", "burn", "used", "available")}
        title = _("Retainer hours: %(client)s at %(burn)s %%") % values
        body = _("%(agreement)s: %(used)s of %(available)s hours used this period, past the "
                 "%(threshold)s %% alert.") % values
        return title, body
    if notification.kind == NotificationKind.HEALTH_RED:
        weakest = params.get("weakest", "")
        values = {"client": params.get("client", ""), "score": params.get("score", ""),
                  "was": params.get("was", ""),
                  "weakest": COMPONENTS.get(weakest, weakest)}
        title = _("Health is red: %(client)s") % values
        if values["was"] != "":
            body = _("The health of %(client)s fell from %(was)s to %(score)s of 100.") % values
        else:
            body = _("The health of %(client)s is %(score)s of 100.") % values
        if weakest:
            body = " ".join([body, _("The weakest part: %(weakest)s.") % values])
        return title, body
    if notification.kind == NotificationKind.KEEP_IN_TOUCH:
        values = {"client": params.get("client", ""),
                  "last_contact": _day(params.get("last_contact", "")),
                  "due": _day(params.get("due", ""))}
        title = _("Time to get in touch: %(client)s") % values
        if values["last_contact"]:
            body = _("The last contact with %(client)s was on %(last_contact)s. Stay in the "
                     "client's view: get in touch by %(due)s.") % values
        else:
            body = _("No contact with %(client)s is recorded since the project. Stay in the "
                     "client's view: get in touch by %(due)s.") % values
        return title, body
    return str(notification.get_kind_display()), ""

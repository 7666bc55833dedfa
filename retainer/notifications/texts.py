"""A notification's words, written when it is read, in the reader's language and zone."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from retainer.core.templatetags.retainer import moment
from retainer.notifications.models import Notification, NotificationKind


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
    return str(notification.get_kind_display()), ""

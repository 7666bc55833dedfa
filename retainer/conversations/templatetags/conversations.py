from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from retainer.conversations.flags import FLAG_LABELS
from retainer.core.rows import esc, post_fields, truncated, url_maker
from retainer.core.templatetags.retainer import moment_formatter, span
from retainer.rules.response import ClockState

register = template.Library()


@register.simple_tag
def flag_badges(flags: str) -> SafeString:
    """Badges for a message's stored flags (" claim urgency ")."""
    return mark_safe(" ".join(
        f'<span class="badge flag-{escape(flag)}">{escape(str(FLAG_LABELS.get(flag, flag)))}</span>'
        for flag in (flags or "").split()
    ))


@register.simple_tag(takes_context=True)
def waiting_rows(context, items) -> SafeString:
    """The Waiting-for-us queue's rows (`conversations.selectors.waiting_items`): the due
    time, the clock's state, the client and the message, and the control that stops or
    starts the thread's clock. Built in Python (`retainer.core.rows`); the words every row
    shares are translated once per page."""
    client_url = url_maker("client_detail", "client_id")
    wait_url = url_maker("thread_wait", "client_id")
    when = moment_formatter()
    can_log = "log_interactions" in context.get("perms_in_agency", ())
    hidden = post_fields(context) if can_log else ""
    # (gettext outside the f-strings: makemessages finds no call inside one.)
    stop, wait = esc(gettext("Stop waiting")), esc(gettext("Wait for the client"))
    stop = ('<input type="hidden" name="resume" value="1"><button type="submit" class="link">'
            f"{stop}</button>")
    wait = f'<button type="submit" class="link">{wait}</button>'
    paused = esc(gettext("waiting for the client"))
    paused = f'<span class="badge">{paused}</span>'
    overdue, left = gettext("overdue by %(span)s"), gettext("%(span)s left")
    rows = []
    for item in items:
        row, state = item.row, item.state
        if state == ClockState.BREACHED:
            badge = f'<span class="badge danger">{esc(overdue % {"span": span(item.left)})}</span>'
        elif state == ClockState.PAUSED:
            badge = paused
        else:
            tone = "warn" if state == ClockState.NEAR else "ok"
            badge = f'<span class="badge {tone}">{esc(left % {"span": span(item.left)})}</span>'
        due = row["reply_due_at"]
        due = (f'<time datetime="{due.isoformat()}">{esc(when(due))}</time>'
               if due is not None else "—")
        thread = f" · {esc(truncated(row['thread'], 40))}" if row["thread"] else ""
        form = (f'<form method="post" action="{wait_url(row["client_id"])}" class="inline">'
                f'{hidden}<input type="hidden" name="thread" value="{esc(row["thread"])}">'
                f'{stop if state == ClockState.PAUSED else wait}</form>') if can_log else ""
        rows.append(
            f'<tr class="clock-{esc(state)}"><td>{due}</td><td>{badge}</td>'
            f'<td><a href="{client_url(row["client_id"])}">{esc(row["client__name"])}</a><br>'
            f'<span class="muted small">{esc(row["contact__name"] or row["sender_name"])}'
            "</span></td>"
            f'<td><span class="muted small"><time datetime="{row["occurred_at"].isoformat()}">'
            f'{esc(when(row["occurred_at"]))}</time>{thread}</span> {flag_badges(row["flags"])}'
            f'<br>{esc(truncated(row["text"], 200))}</td><td>{form}</td></tr>'
        )
    return mark_safe("\n".join(rows))

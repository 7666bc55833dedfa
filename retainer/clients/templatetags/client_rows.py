"""Rows of the two longest lists — clients and the interaction log — built in Python, the
way Django's admin builds its change-list rows: with twenty-five rows a page, per-variable
template lookups cost more than the rest of the request. The markup is what the templates
would write, and every value is escaped by `_e` (the standard library's html.escape, which
escapes the same five characters as Django's escape without its lazy-string wrapper)."""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from retainer.agreements.models import Channel, DeliverableStatus
from retainer.conversations.models import Direction
from retainer.core.labels import label
from retainer.core.templatetags.retainer import amount, day, moment_formatter

register = template.Library()


def _e(value: object) -> str:
    return value if isinstance(value, SafeString) else escape(str(value), quote=True)


def _url_maker(name: str, kwarg: str):
    """reverse() once, then fill the id in: the pattern is `<prefix><int>/<suffix>`."""
    marker = 987654321
    prefix, suffix = reverse(name, kwargs={kwarg: marker}).split(str(marker))
    return lambda pk: f"{_e(prefix)}{int(pk)}{_e(suffix)}"


@register.simple_tag
def client_rows(clients) -> SafeString:
    url = _url_maker("client_detail", "client_id")
    rows = [
        f'<tr><td><a href="{url(c.pk)}">{_e(c.name)}</a></td>'
        f'<td><span class="stage stage-{_e(c.stage)}">{_e(c.stage_label)}</span></td>'
        f"<td>{_e(c.language.upper())}</td><td>{_e(c.segment_label)}</td>"
        f"<td>{_e(c.account_manager or '—')}</td>"
        f'<td class="num">{_e(amount(c.expected_annual_value))}</td></tr>'
        for c in clients
    ]
    return mark_safe("\n".join(rows))


@register.simple_tag
def interaction_items(rows, perms) -> SafeString:
    """The log's rows, as `conversations.selectors.interaction_log` gives them."""
    can_edit = "log_interactions" in perms
    url = _url_maker("interaction_edit", "interaction_id")
    client_word, agency_word = _e(gettext("Client")), _e(gettext("Agency"))
    when = moment_formatter()
    edit_word = _e(gettext("edit"))
    items = []
    for row in rows:
        if row["direction"] == Direction.INBOUND:
            who = _e(row["contact__name"]) if row["contact_id"] else client_word
        else:
            author = row["author__full_name"] or row["author__email"]
            who = _e(author) if row["author_id"] else agency_word
        thread = f" · {_e(row['thread'])}" if row["thread"] else ""
        edit = f'<a class="small" href="{url(row["id"])}">{edit_word}</a>' if can_edit else ""
        text = "<br>".join(_e(line) for line in row["text"].splitlines())
        items.append(
            f'<article class="interaction {_e(row["direction"])}"><header>'
            f'<span class="badge">{_e(label(Channel, row["channel"]))}</span> '
            f"<strong>{who}</strong> "
            f'<span class="muted">{_e(label(Direction, row["direction"]))} · '
            f'<time datetime="{row["occurred_at"].isoformat()}">{when(row["occurred_at"])}'
            f"</time>{thread}</span> {edit}</header><p class=\"text\">{text}</p></article>"
        )
    return mark_safe("\n".join(items))


@register.simple_tag
def timeline_rows(timeline) -> SafeString:
    """The deliverables' plan-vs-actual bars as inline SVG (attributes, not styles, so the
    Content-Security-Policy needs no inline-style exception)."""
    late_word, aria = _e(gettext("late")), _e(gettext("plan vs actual"))
    today = (
        f'<line x1="{timeline.today_left}" x2="{timeline.today_left}" y1="0" y2="10" '
        f'class="today"/>' if timeline.today_left is not None else ""
    )
    rows = []
    for row in timeline.rows:
        d = row.deliverable
        late = " late" if row.late else ""
        row_class = ' class="late"' if row.late else ""
        badge = f' <span class="badge warn">{late_word}</span>' if row.late else ""
        actual = (
            f'<rect x="{row.actual_left}" y="0" width="1" height="10" class="actual{late}"/>'
            if row.actual_left is not None else ""
        )
        rows.append(
            f"<tr{row_class}><td>{_e(d.title)}</td>"
            f"<td>{_e(label(DeliverableStatus, d.status))}</td><td>{_e(day(d.planned_due))}</td>"
            f'<td>{_e(day(d.actual_done) or "—")}{badge}</td><td class="bar">'
            f'<svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
            f'aria-label="{aria}">{today}<rect x="{row.plan_left}" y="2" '
            f'width="{row.plan_width}" height="6" class="plan"/>{actual}</svg></td></tr>'
        )
    return mark_safe("\n".join(rows))

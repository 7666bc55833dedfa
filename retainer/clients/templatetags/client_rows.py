"""Rows of the two longest lists — clients and the interaction log — and the deliverables'
timeline, built in Python (`retainer.core.rows`)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from retainer.agreements.models import Channel, DeliverableStatus
from retainer.conversations.flags import FLAG_LABELS
from retainer.conversations.models import Direction, Kind
from retainer.core.labels import label
from retainer.core.rows import esc, url_maker
from retainer.core.templatetags.retainer import amount, day, moment_formatter

register = template.Library()

# Negativity worth a badge, and where it turns red (triage's 0–1 scale).
NEGATIVITY_SHOWN = 0.3
NEGATIVITY_HIGH = 0.6


@register.simple_tag
def client_rows(clients) -> SafeString:
    url = url_maker("client_detail", "client_id")
    rows = [
        f'<tr><td><a href="{url(c.pk)}">{esc(c.name)}</a></td>'
        f'<td><span class="stage stage-{esc(c.stage)}">{esc(c.stage_label)}</span></td>'
        f"<td>{esc(c.language.upper())}</td><td>{esc(c.segment_label)}</td>"
        f"<td>{esc(c.account_manager or '—')}</td>"
        f'<td class="num">{esc(amount(c.expected_annual_value))}</td></tr>'
        for c in clients
    ]
    return mark_safe("\n".join(rows))


@register.simple_tag(takes_context=True)
def interaction_items(context, rows, perms) -> SafeString:
    """The log's rows, as `conversations.selectors.interaction_log` gives them: who wrote
    and when, triage badges with the words behind them highlighted, and the reply clock.
    Every word the rows share is translated and escaped once per page, not once per row."""
    can_edit = "log_interactions" in perms
    url = url_maker("interaction_edit", "interaction_id")
    words = _LogWords()
    when = moment_formatter()
    now = context.get("now")
    client = context.get("client")
    to_request = to_claim = to_conflict = ""
    if can_edit and client is not None:
        # (gettext outside the f-strings: makemessages finds no call inside one.)
        links = [("request_new", gettext("record as a request")),
                 ("claim_new", gettext("record as a claim")),
                 ("conflict_new", gettext("open a conflict case"))]
        to_request, to_claim, to_conflict = (
            f'<a class="small" href="{esc(reverse(name, args=[client.pk]))}?from=%d">'
            f"{esc(words)}</a>" for name, words in links)
    items = []
    for row in rows:
        if row["direction"] == Direction.INBOUND:
            who = esc(row["contact__name"] or row["sender_name"]) if (
                row["contact_id"] or row["sender_name"]) else words.client
        else:
            author = row["author__full_name"] or row["author__email"]
            who = esc(author) if row["author_id"] else words.agency
        thread = f" · {esc(row['thread'][:60])}" if row["thread"] else ""
        subject = f"<strong>{esc(row['subject'])}</strong><br>" if row["subject"] else ""
        edit = f'<a class="small" href="{url(row["id"])}">{words.edit}</a>' if can_edit else ""
        if to_request and " request " in (row["flags"] or "") \
                and row["direction"] == Direction.INBOUND:
            edit += " " + to_request % row["id"]
        if to_claim and " claim " in (row["flags"] or "") \
                and row["direction"] == Direction.INBOUND:
            edit += " " + to_claim % row["id"]
        if to_conflict and row["direction"] == Direction.INBOUND and (
                " threat " in (row["flags"] or "")
                or (row["negativity"] or 0) >= NEGATIVITY_HIGH):
            edit += " " + to_conflict % row["id"]
        kind = row["kind"]
        badge = words.event if kind == Kind.EVENT else esc(label(Channel, row["channel"]))
        items.append(
            f'<article class="interaction {esc(row["direction"])} {esc(kind)}"><header>'
            f'<span class="badge">{badge}</span> '
            f"<strong>{who}</strong> "
            f'<span class="muted">{esc(label(Direction, row["direction"]))} · '
            f'<time datetime="{row["occurred_at"].isoformat()}">{when(row["occurred_at"])}'
            f"</time>{thread}</span> {words.badges(row)}{words.clock(row, when, now)} {edit}"
            f'</header><p class="text">{subject}{highlighted(row["text"], words.marks(row))}'
            "</p></article>"
        )
    return mark_safe("\n".join(items))


class _LogWords:
    """The log's shared words in the current language, escaped."""

    def __init__(self):
        self.client, self.agency = esc(gettext("Client")), esc(gettext("Agency"))
        self.edit, self.event = esc(gettext("edit")), esc(gettext("event"))
        self.negativity = esc(gettext("negativity"))
        # (gettext outside the f-strings: makemessages finds no call inside one.)
        late, waiting = esc(gettext("answered late")), esc(gettext("waiting for the client"))
        self.late = f' <span class="badge warn">{late}</span>'
        self.waiting = f' <span class="badge">{waiting}</span>'
        self.due = gettext("reply due by %(due)s")
        self.flags = {flag: str(name) for flag, name in FLAG_LABELS.items()}
        self.flag_badges = {flag: f'<span class="badge flag-{esc(flag)}">{esc(name)}</span>'
                            for flag, name in self.flags.items()}

    def badges(self, row) -> str:
        badges = [self.flag_badges.get(flag) or esc(flag) for flag in (row["flags"] or "").split()]
        negativity = row["negativity"]
        if negativity is not None and negativity >= NEGATIVITY_SHOWN:
            tone = "danger" if negativity >= NEGATIVITY_HIGH else "warn"
            badges.append(f'<span class="badge {tone}" title="{self.negativity}">'
                          f"{self.negativity} {negativity:.2f}</span>")
        return " ".join(badges)

    def clock(self, row, when, now) -> str:
        if row["direction"] != Direction.INBOUND or row["kind"] != Kind.MESSAGE:
            return ""
        due, replied = row["reply_due_at"], row["replied_at"]
        if replied is not None:
            return self.late if due is not None and replied > due else ""
        if row["paused_since"] is not None:
            return self.waiting
        if due is None:
            return ""
        tone = "danger" if now and due <= now else "ok"
        return f' <span class="badge {tone}">{esc(self.due % {"due": when(due)})}</span>'

    def marks(self, row) -> list[tuple[int, int, str, str]]:
        """(start, end, css class, title) of the spans to highlight."""
        triage = row["triage"]
        if not triage:
            return []
        marks = [
            (e["start"], e["end"], f"ev-{e['kind']}", self.flags.get(e["kind"], self.negativity))
            for e in triage.get("evidence", ()) if e.get("weight", 1) > 0
        ]
        marks += [(t["start"], t["end"], "jargon", t["explanation"])
                  for t in triage.get("jargon", ())]
        return marks


def highlighted(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """The text escaped, with the marked spans wrapped in <mark> and line breaks kept.
    Overlapping spans are merged into the first one, so the markup always nests."""
    parts, position = [], 0
    for start, end, css, title in sorted(marks):
        if start < position or end <= start or end > len(text):
            continue
        parts.append(_lines(text[position:start]))
        parts.append(f'<mark class="{esc(css)}" title="{esc(title)}">{_lines(text[start:end])}'
                     "</mark>")
        position = end
    parts.append(_lines(text[position:]))
    return "".join(parts)


def _lines(text: str) -> str:
    return "<br>".join(esc(line) for line in text.split("\n"))


@register.simple_tag
def timeline_rows(timeline) -> SafeString:
    """The deliverables' plan-vs-actual bars as inline SVG (attributes, not styles, so the
    Content-Security-Policy needs no inline-style exception)."""
    late_word, aria = esc(gettext("late")), esc(gettext("plan vs actual"))
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
            f"<tr{row_class}><td>{esc(d.title)}</td>"
            f"<td>{esc(label(DeliverableStatus, d.status))}</td><td>{esc(day(d.planned_due))}</td>"
            f'<td>{esc(day(d.actual_done) or "—")}{badge}</td><td class="bar">'
            f'<svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
            f'aria-label="{aria}">{today}<rect x="{row.plan_left}" y="2" '
            f'width="{row.plan_width}" height="6" class="plan"/>{actual}</svg></td></tr>'
        )
    return mark_safe("\n".join(rows))

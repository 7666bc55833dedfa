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

from retainer.core.templatetags.retainer import amount, moment

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
def interaction_items(interactions, perms) -> SafeString:
    can_edit = "log_interactions" in perms
    url = _url_maker("interaction_edit", "interaction_id")
    client_word, agency_word = _e(gettext("Client")), _e(gettext("Agency"))
    edit_word = _e(gettext("edit"))
    items = []
    for item in interactions:
        if item.direction == "in":
            who = _e(item.contact) if item.contact_id else client_word
        else:
            who = _e(item.author) if item.author_id else agency_word
        thread = f" · {_e(item.thread)}" if item.thread else ""
        edit = f'<a class="small" href="{url(item.pk)}">{edit_word}</a>' if can_edit else ""
        text = "<br>".join(_e(line) for line in item.text.splitlines())
        items.append(
            f'<article class="interaction {_e(item.direction)}"><header>'
            f'<span class="badge">{_e(item.channel_label)}</span> <strong>{who}</strong> '
            f'<span class="muted">{_e(item.direction_label)} · '
            f'<time datetime="{item.occurred_at.isoformat()}">{_e(moment(item.occurred_at))}'
            f"</time>{thread}</span> {edit}</header><p class=\"text\">{text}</p></article>"
        )
    return mark_safe("\n".join(items))

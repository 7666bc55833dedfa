"""Rows of the attention lists — overdue statuses, missed retrospectives, past clients to
keep in touch with, tasks — built in Python (`retainer.core.rows`): the attention page shows
up to a hundred of them, and the dashboard and the task list share them."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from retainer.core.rows import esc, post_fields, url_maker
from retainer.core.templatetags.retainer import day, moment_formatter

register = template.Library()


def _manager(client) -> str:
    manager = client.account_manager
    return f" · {esc(manager)}" if manager else ""


@register.simple_tag
def status_items(clients) -> SafeString:
    """Clients whose status update is overdue (`touchpoints.selectors.status_cadence`)."""
    url = url_maker("client_detail", "client_id")
    due, last = gettext("status due %(due)s"), gettext("the last on %(last)s")
    none_yet = esc(gettext("none yet"))
    return mark_safe("".join(
        f'\n<li><a href="{url(client.pk)}">{esc(client.name)}</a>\n  <span class="muted small">'
        f'{esc(due % {"due": day(client.status_due_on)})} · '
        f'{esc(last % {"last": day(client.last_status_on)}) if client.last_status_on else none_yet}'
        f"{_manager(client)}</span></li>"
        for client in clients))


@register.simple_tag
def retrospective_items(milestones) -> SafeString:
    """Approved milestones with no retrospective (with `agreement__client`)."""
    client_url = url_maker("client_detail", "client_id")
    agreement_url = url_maker("agreement_detail", "agreement_id")
    words = gettext("approved %(done)s, no retrospective yet")
    return mark_safe("".join(
        f'\n<li><a href="{client_url(milestone.agreement.client_id)}">'
        f"{esc(milestone.agreement.client.name)}</a> · "
        f'<a href="{agreement_url(milestone.agreement_id)}">{esc(milestone.title)}</a>\n'
        f'  <span class="muted small">{esc(words % {"done": day(milestone.actual_done)})}'
        "</span></li>"
        for milestone in milestones))


@register.simple_tag
def keep_in_touch_items(clients) -> SafeString:
    """Past clients due a reminder of us (`lifecycle.selectors.keep_in_touch_schedule`)."""
    url = url_maker("client_detail", "client_id")
    due, last = gettext("a reminder of us due %(due)s"), gettext("the last contact on %(last)s")

    def contact(client) -> str:
        on = client.last_contact_on
        return f" · {esc(last % {'last': day(on)})}" if on else ""

    return mark_safe("".join(
        f'\n<li><a href="{url(client.pk)}">{esc(client.name)}</a>\n  <span class="muted small">'
        f'{esc(due % {"due": day(client.contact_due_on)})}{contact(client)}'
        f"{_manager(client)}</span></li>"
        for client in clients))


@register.simple_tag(takes_context=True)
def task_items(context, tasks, show_client=False) -> SafeString:
    """Open or done tasks, each with its reason and, for a member who may decide, the form
    that marks it done."""
    client_url = url_maker("client_detail", "client_id")
    done_url = url_maker("task_done", "task_id")
    when = moment_formatter()
    can_decide = "decide" in context.get("perms_in_agency", ())
    what, done = esc(gettext("What was done")), esc(gettext("Done"))
    form_rest = post_fields(context) + (
        f'\n    <input type="text" name="note" maxlength="2000" placeholder="{what}" '
        f'aria-label="{what}">\n    <button type="submit" class="link">'
        f"{done}</button>\n  </form>") if can_decide else ""
    items = []
    for task in tasks:
        client = (f' · <a href="{client_url(task.client_id)}">{esc(task.client.name)}</a>'
                  if show_client else "")
        assignee = f" · {esc(task.assignee)}" if task.assignee else ""
        reason = "<br>".join(esc(line) for line in task.reason.replace("\r\n", "\n")
                             .replace("\r", "\n").split("\n"))
        form = (f'\n  <form method="post" action="{done_url(task.pk)}" class="inline">{form_rest}'
                if can_decide and task.is_open else "")
        items.append(
            f"\n<li><strong>{esc(task.kind_label)}</strong>{client}\n"
            f'  <span class="muted small">{esc(when(task.opened_at))}{assignee}</span>\n'
            f'  <br><span class="small">{reason}</span>{form}\n</li>')
    return mark_safe("".join(items))

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.core.views import safe_next
from retainer.scope.selectors import request_list, unannounced_shifts
from retainer.worklist.selectors import SECTION_NAMES, attention_heads, task_get, task_list
from retainer.worklist.services import task_done

ATTENTION_LIMIT = 50
# A section with a full list of its own (linked from its heading) shows its first few: the
# page is for today's work, and the whole list is a click away, with pages and filters.
LISTED_LIMIT = 20
LISTED = frozenset({"conflicts", "unhappy", "statuses", "retrospectives", "keep_in_touch",
                    "tasks"})


@require(Perm.VIEW)
def attention(request):
    """What needs attention today, for my clients or all of them: escalations, open
    conflicts by age, unhappy clients, relationships to review after refused claims, due
    dates moved without telling the client, statuses overdue and retrospectives not held,
    past clients due a reminder of us, and the other open tasks."""
    mine = request.GET.get("who", "mine") == "mine"
    heads = attention_heads(agency=request.agency,
                            manager_id=request.user.pk if mine else None, now=timezone.now(),
                            limits={name: LISTED_LIMIT if name in LISTED else ATTENTION_LIMIT
                                    for name in SECTION_NAMES})
    context = {"mine": mine, "limit": ATTENTION_LIMIT, "listed_limit": LISTED_LIMIT}
    for name, (rows, count) in heads.items():
        context[name], context[f"{name}_count"] = rows, count
    return render(request, "worklist/attention.html", context)


@require(Perm.VIEW)
def task_index(request):
    mine = request.GET.get("who", "mine") == "mine"
    done = request.GET.get("show") == "done"
    tasks = task_list(agency=request.agency, assignee_id=request.user.pk if mine else None,
                      open_only=not done)
    if done:
        tasks = tasks.filter(done_at__isnull=False).order_by("-done_at", "-id")
    return render(request, "worklist/tasks.html", {
        "page": paginate(request, tasks), "mine": mine, "done": done,
        "query": query_without_page(request),
    })


@require_POST
@require(Perm.DECIDE)
def task_done_view(request, task_id):
    task = task_get(agency=request.agency, task_id=task_id)
    if task.is_open:
        task_done(task=task, user=request.user, note=request.POST.get("note", "")[:2000])
        messages.success(request, _("Task done."))
    return redirect(safe_next(request) or "task_list")


@require(Perm.VIEW)
def client_attention(request, client_id):
    """The client page's attention panel, loaded by htmx so the page itself stays as quick
    as its log: open tasks, unannounced shifts and the latest requests."""
    client = client_get(agency=request.agency, client_id=client_id)
    return render(request, "worklist/partials/client_attention.html", {
        "client": client,
        "tasks": list(task_list(agency=request.agency, client_id=client.pk)[:10]),
        "shifts": list(unannounced_shifts(agency=request.agency, client_id=client.pk)[:10]),
        "requests": list(request_list(agency=request.agency, client_id=client.pk)[:5]),
    })

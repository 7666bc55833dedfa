"""Opening and closing follow-up tasks."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from retainer.clients.models import Client
from retainer.core.prepared import PreparedObjects
from retainer.worklist.models import Task

# Opened by every decision beyond the agreement and every alert: compiled once.
_OPEN = PreparedObjects("open task", Task, for_update=True)


@transaction.atomic
def task_open(*, client: Client, kind: str, reason: str, now=None,
              assignee_id: int | None = None) -> Task:
    """The client's open task of this kind, with `reason` added; a new one, assigned to
    `assignee_id` or else the account manager, when none is open. Never a duplicate: the
    partial unique constraint settles a race between two openers."""
    now = now or timezone.now()
    for _attempt in range(2):
        found = _OPEN.objects((), (client.pk, kind), lambda: Task.objects.select_for_update()
                              .filter(client=client, kind=kind, done_at__isnull=True)
                              .order_by("pk")[:1])
        task = found[0] if found else None
        if task is not None:
            if reason not in task.reason:
                task.reason = f"{task.reason}\n{reason}"
                task.save(update_fields=["reason"])
            return task
        try:
            with transaction.atomic():
                return Task.objects.create(agency_id=client.agency_id, client=client, kind=kind,
                                           reason=reason,
                                           assignee_id=assignee_id or client.account_manager_id,
                                           opened_at=now)
        except IntegrityError:
            continue  # opened by someone else a moment ago: add to theirs
    raise RuntimeError("Could not open or find the task.")  # pragma: no cover


@transaction.atomic
def task_done(*, task: Task, user, note: str = "", now=None) -> Task:
    task.done_at = now or timezone.now()
    task.done_by = user
    task.note = note
    task.save(update_fields=["done_at", "done_by", "note"])
    return task

"""Task workers on any number of machines, with nothing lost when one dies.

django-tasks' database backend hands each task to exactly one worker (the row is claimed
under `SELECT … FOR UPDATE SKIP LOCKED`), but a worker killed mid-task (kill -9, a machine
lost) leaves its task marked running for ever: the backend keeps no sign of life of its
workers. Each of ours writes one (`WorkerBeat`) every few seconds from a side thread, and
every worker, at each beat, queues again the tasks left running by workers that fell silent.
The work of such a task was rolled back with its connection (each task here writes in one
transaction, and re-running it is harmless: imports skip what is already in the log, an
e-mail goes once per notification row), so queueing it again loses nothing and adds nothing
twice. No library does this for the database backend: Celery's `acks_late` and RQ's
abandoned-job registry are the same idea for their own brokers.

Apps register other clean-ups of work cut short (e.g. an import that ran in a killed web
process) with `@recovery`; they run at each beat too.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.db.models.functions import Now
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from retainer.core.models import WorkerBeat

logger = logging.getLogger(__name__)

recoveries: list[Callable[[timedelta], int]] = []


def recovery(clean_up: Callable[[timedelta], int]) -> Callable[[timedelta], int]:
    """Register `clean_up(stale_after) -> how many it fixed` to run at every beat."""
    recoveries.append(clean_up)
    return clean_up


def worker_beat(worker_id: str, *, started: bool = False) -> None:
    """Record that the worker is alive (the database's clock)."""
    updated = WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=Now())
    if not updated or started:
        WorkerBeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"host": socket.gethostname()[:255], "pid": os.getpid(),
                      "started_at": Now(), "beat_at": Now()},
        )


def worker_gone(worker_id: str) -> None:
    """A worker that stops cleanly says so, and is not waited for."""
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def tasks_recover(stale_after: timedelta) -> list[str]:
    """Queue again the tasks whose worker has been silent for longer than `stale_after`;
    returns their ids. Tasks of workers that never beat (a plain `db_worker`) are left
    alone: nothing tells whether those are alive."""
    with transaction.atomic():
        silent = set(WorkerBeat.objects.filter(beat_at__lt=Now() - stale_after)
                     .values_list("worker_id", flat=True))
        if not silent:
            return []
        running = (DBTaskResult.objects.select_for_update(skip_locked=True)
                   .filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids"))
        orphans = [task.pk for task in running if task.worker_ids and task.worker_ids[-1] in silent]
        if orphans:
            DBTaskResult.objects.filter(pk__in=orphans).update(
                status=TaskResultStatus.READY, started_at=None)
            logger.warning("queued again %d task(s) of silent workers %s: %s",
                           len(orphans), sorted(silent), orphans)
        WorkerBeat.objects.filter(worker_id__in=silent).delete()
    return [str(pk) for pk in orphans]


def task_release(task_id: str) -> None:
    """Put back a task this worker was running when the database went away: its work was
    rolled back with the connection."""
    DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None)


def recover(stale_after: timedelta) -> int:
    """Everything a beat cleans up; returns how many things it fixed."""
    fixed = len(tasks_recover(stale_after))
    for clean_up in recoveries:
        fixed += clean_up(stale_after)
    return fixed

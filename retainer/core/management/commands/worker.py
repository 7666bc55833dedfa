"""`manage.py worker`: django-tasks' database worker with a sign of life, the recovery of
tasks left by dead workers (see retainer/core/workers.py), and patience with the database:
while it is unreachable the worker waits and tries again instead of exiting."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
)
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from retainer.core.workers import recover, task_release, worker_beat, worker_gone

logger = logging.getLogger("django_tasks_db")


class Worker(db_worker.Worker):
    def __init__(self, *, stale_after: timedelta, **options):
        super().__init__(**options)
        self.stale_after = stale_after
        self.task_id: str | None = None
        self.stopped = threading.Event()

    def run(self) -> None:
        # A worker starting up first takes back what dead ones left, then beats on the side.
        worker_beat(self.worker_id, started=True)
        recover(self.stale_after)
        beats = threading.Thread(target=self.beat, name="worker-beat", daemon=True)
        beats.start()
        try:
            while True:
                try:
                    return super().run()
                except (OperationalError, InterfaceError) as error:
                    logger.warning("database unavailable (%s); trying again", error)
                    self.wait_for_database()
                    if not self.running:
                        return None
        finally:
            self.stopped.set()
            beats.join(timeout=5)
            with contextlib.suppress(DatabaseError):  # else its beat goes stale instead
                worker_gone(self.worker_id)

    def run_task(self, db_task_result) -> None:
        # Kept if the database fails under it, so that the task can be put back.
        self.task_id = str(db_task_result.pk)
        super().run_task(db_task_result)
        self.task_id = None

    def wait_for_database(self) -> None:
        while self.running:
            connection.close()
            time.sleep(max(self.interval, 1))
            try:
                connection.ensure_connection()
                if self.task_id is not None:
                    task_release(self.task_id)
                    self.task_id = None
                return
            except (OperationalError, InterfaceError):
                continue

    def beat(self) -> None:
        """Runs in its own thread, with its own connection."""
        every = self.stale_after.total_seconds() / 4
        while not self.stopped.wait(every):
            try:
                worker_beat(self.worker_id)
                recover(self.stale_after)
            except DatabaseError as error:
                logger.warning("worker beat failed (%s)", error)
                connection.close()
        connection.close()


class Command(db_worker.Command):
    help = ("Run a background worker for TASKS_MODE=database. Run any number, on any "
            "machines: a task left running by a worker that died is queued again after "
            "WORKER_STALE_SECONDS.")

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, **options) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        worker = Worker(
            stale_after=timedelta(seconds=settings.WORKER_STALE_SECONDS),
            queue_names=queue_names, interval=interval, batch=batch,
            backend_name=backend_name, startup_delay=startup_delay, max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload and not batch:
            # as db_worker does: only the reloader's child handles the signals
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

"""Imports cut short outside a task: a web process killed while it imported an upload at
once (the API) leaves its run marked running, though its writes were rolled back. A task
worker's beat finds such runs and says what happened, so that the page does not show them
running for ever; importing the file again adds exactly what is missing."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.db.models.functions import Now
from django.utils import timezone

from retainer.core.workers import recovery
from retainer.imports.errors import INTERRUPTED
from retainer.imports.models import ImportRun, ImportStatus


@recovery
def imports_interrupted(stale_after: timedelta) -> int:
    """Mark failed the runs marked running whose row no import holds locked. Runs with a
    stored upload belong to a task, which the worker recovery queues again instead. Needs
    SKIP LOCKED (PostgreSQL): without it a running import cannot be told from a dead one."""
    if not connection.features.has_select_for_update_skip_locked:
        return 0
    with transaction.atomic():
        cut_short = list(
            ImportRun.objects.select_for_update(skip_locked=True)
            .filter(status=ImportStatus.RUNNING, stored_name="",
                    created_at__lt=Now() - stale_after)
            .values_list("pk", "file_name")
        )
        for pk, file_name in cut_short:
            ImportRun.objects.filter(pk=pk).update(
                status=ImportStatus.FAILED, finished_at=timezone.now(),
                error={"file": file_name, "reason": INTERRUPTED})
    return len(cut_short)

"""Background work of imports, through Django's tasks API: inline under the immediate
backend, in `manage.py db_worker` under the database one."""

from __future__ import annotations

from django_tasks import task

from retainer.imports import services


@task()
def import_run_task(run_id: int) -> None:
    services.import_run_stored(run_id=run_id)

from __future__ import annotations

from django.db.models import QuerySet

from retainer.accounts.models import Agency
from retainer.core.tenancy import get_for_agency_or_404
from retainer.worklist.models import Task


def task_list(*, agency: Agency, assignee_id: int | None = None, client_id: int | None = None,
              open_only: bool = True) -> QuerySet[Task]:
    tasks = Task.objects.for_agency(agency).select_related("client", "assignee")
    if open_only:
        tasks = tasks.filter(done_at__isnull=True)
    if assignee_id is not None:
        tasks = tasks.filter(assignee_id=assignee_id)
    if client_id is not None:
        tasks = tasks.filter(client_id=client_id)
    return tasks.order_by("-opened_at", "-id")


def task_get(*, agency: Agency, task_id: object) -> Task:
    return get_for_agency_or_404(Task.objects.select_related("client"), agency, task_id)

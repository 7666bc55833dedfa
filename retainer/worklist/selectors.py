from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from retainer.accounts.models import Agency
from retainer.conflicts.selectors import open_conflicts
from retainer.core.tenancy import get_for_agency_or_404
from retainer.lifecycle.selectors import keep_in_touch_due
from retainer.recovery.selectors import unhappy_list
from retainer.scope.selectors import unannounced_shifts
from retainer.touchpoints.selectors import touchpoints_missed
from retainer.worklist.models import Task, TaskKind

ESCALATIONS = (TaskKind.ESCALATION, TaskKind.CONFLICT)
# Sections that can list most of a manager's clients or milestones, in wide rows: their
# first rows are read by key (`head_and_count(by_key=True)`).
LONG_SECTIONS = frozenset({"statuses", "retrospectives"})


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


def attention_sections(*, agency: Agency, manager_id: int | None,
                       now: datetime) -> dict[str, QuerySet]:
    """What needs attention today, section by section, for one manager (their clients, the
    tasks assigned to them) or the whole agency: the attention page and the dashboard read
    the same lists."""
    today = now.astimezone(ZoneInfo(agency.timezone)).date()
    tasks = task_list(agency=agency, assignee_id=manager_id)
    missed = touchpoints_missed(agency=agency, manager_id=manager_id, today=today)
    return {
        "escalations": tasks.filter(kind__in=ESCALATIONS),
        "conflicts": open_conflicts(agency=agency, manager_id=manager_id),
        "unhappy": unhappy_list(agency=agency, manager_id=manager_id),
        "reviews": tasks.filter(kind=TaskKind.REVIEW),
        "shifts": unannounced_shifts(agency=agency, manager_id=manager_id, now=now),
        "statuses": missed.statuses,
        "retrospectives": missed.retrospectives,
        "keep_in_touch": keep_in_touch_due(agency=agency, manager_id=manager_id, today=today),
        "tasks": tasks.exclude(kind__in=(*ESCALATIONS, TaskKind.REVIEW)),
    }

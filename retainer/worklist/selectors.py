from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import router
from django.db.models import QuerySet

from retainer.accounts.models import Agency
from retainer.conflicts.selectors import open_conflicts
from retainer.core.pagination import head_and_count
from retainer.core.prepared import PreparedHeads
from retainer.core.tenancy import get_for_agency_or_404
from retainer.lifecycle.selectors import keep_in_touch_due
from retainer.policy.services import policy_current
from retainer.recovery.selectors import unhappy_list
from retainer.rules.policy import Policy
from retainer.scope.selectors import unannounced_shifts
from retainer.touchpoints.selectors import touchpoints_missed
from retainer.worklist.models import Task, TaskKind

ESCALATIONS = (TaskKind.ESCALATION, TaskKind.CONFLICT)
SECTION_NAMES = ("escalations", "conflicts", "unhappy", "reviews", "shifts", "statuses",
                 "retrospectives", "keep_in_touch", "tasks")
# Sections that can list most of a manager's clients or milestones, in wide rows: their
# first rows are read by key (`PreparedHeads.heads(by_key=…)`).
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


def attention_sections(*, agency: Agency, manager_id: int | None, now: datetime,
                       policy: Policy | None = None) -> dict[str, QuerySet]:
    """What needs attention today, section by section, for one manager (their clients, the
    tasks assigned to them) or the whole agency: the attention page and the dashboard read
    the same lists."""
    today = _today(agency, now)
    tasks = task_list(agency=agency, assignee_id=manager_id)
    policy = policy or policy_current(agency=agency)
    missed = touchpoints_missed(agency=agency, manager_id=manager_id, today=today,
                                policy=policy)
    return {
        "escalations": tasks.filter(kind__in=ESCALATIONS),
        "conflicts": open_conflicts(agency=agency, manager_id=manager_id),
        "unhappy": unhappy_list(agency=agency, manager_id=manager_id),
        "reviews": tasks.filter(kind=TaskKind.REVIEW),
        "shifts": unannounced_shifts(agency=agency, manager_id=manager_id, now=now),
        "statuses": missed.statuses,
        "retrospectives": missed.retrospectives,
        "keep_in_touch": keep_in_touch_due(agency=agency, manager_id=manager_id, today=today,
                                           policy=policy),
        "tasks": tasks.exclude(kind__in=(*ESCALATIONS, TaskKind.REVIEW)),
    }


def _today(agency: Agency, now: datetime) -> date:
    return now.astimezone(ZoneInfo(agency.timezone)).date()


# Moved deadlines are compared with the very moment of the view, the other sections with the
# day: those are built once a day per member (`attention_heads`).
AT_THE_MOMENT = "shifts"
_ATTENTION = PreparedHeads()


def attention_heads(*, agency: Agency, manager_id: int | None, now: datetime,
                    limits: dict[str, int]) -> dict[str, tuple[list, int]]:
    """Each section of `attention_sections`: its first `limits[name]` rows and how many
    there are (`head_and_count`), in the sections' order. Their SQL follows from the
    agency, the manager, the day and the policy alone, so it is built and compiled once per
    process for each of those (`PreparedHeads`) and only run on later views: the attention
    page is read all day, and building its queries took as long as answering them."""
    policy = policy_current(agency=agency)
    key = (router.db_for_read(Task), agency.pk, agency.timezone, manager_id,
           _today(agency, now), policy, tuple(sorted(limits.items())))

    def build() -> dict[str, QuerySet]:
        sections = attention_sections(agency=agency, manager_id=manager_id, now=now,
                                      policy=policy)
        return {name: rows for name, rows in sections.items() if name != AT_THE_MOMENT}

    heads = _ATTENTION.heads(key, build, limits, LONG_SECTIONS)
    heads[AT_THE_MOMENT] = head_and_count(
        unannounced_shifts(agency=agency, manager_id=manager_id, now=now),
        limits[AT_THE_MOMENT])
    return {name: heads[name] for name in SECTION_NAMES}

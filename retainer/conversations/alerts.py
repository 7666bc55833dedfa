"""Near-breach and breach alerts for reply clocks (BRIEF C8): the client's account manager
is told in the app and by e-mail — and only inside the agency's working hours, never at
midnight. Run by `manage.py check_reply_clocks` every few minutes; outside working hours a
run does nothing and the first run of the next working window catches up.

A breached message from an unhappy client in group A or B (BRIEF C4) escalates at once: every
owner of the agency is told as well, and an escalation task opens for an owner. The group is
assessed afresh for those clients, since the waiting message may be what made them unhappy."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency, Membership
from retainer.accounts.roles import Role
from retainer.clients.models import Client
from retainer.conversations.models import Interaction
from retainer.conversations.selectors import AWAITING_REPLY, waiting_items, waiting_list
from retainer.core.calendar import business_calendar
from retainer.notifications.models import NotificationKind
from retainer.notifications.services import notify
from retainer.policy.services import policy_current
from retainer.recovery.services import dissatisfaction_refresh
from retainer.rules.business_time import is_working_time
from retainer.rules.recovery import GROUP_A, GROUP_B
from retainer.rules.response import ClockState
from retainer.worklist.models import TaskKind
from retainer.worklist.services import task_open

# Due times further ahead than this cannot be near: the longest target the policy allows is
# 240 business hours, six working weeks.
HORIZON = timedelta(days=60)
KINDS = {ClockState.NEAR: NotificationKind.REPLY_NEAR,
         ClockState.BREACHED: NotificationKind.REPLY_BREACHED}


def reply_clocks_check(*, now: datetime | None = None) -> int:
    """Notify about every reply that is near its due time or past it; returns how many
    notifications were created (each is created once per person and message)."""
    now = now or timezone.now()
    created = 0
    due_soon = Interaction.objects.filter(AWAITING_REPLY, reply_due_at__lte=now + HORIZON)
    for agency in Agency.objects.filter(pk__in=due_soon.values("agency_id")):
        created += _check_agency(agency, now)
    return created


def _check_agency(agency: Agency, now: datetime) -> int:
    calendar = business_calendar(agency)
    if not is_working_time(calendar, now):
        return 0
    rows = waiting_list(agency=agency, due_by=now + HORIZON)
    items = [item for item in waiting_items(rows, calendar=calendar,
                                            policy=policy_current(agency=agency), now=now)
             if item.state in KINDS]
    if not items:
        return 0
    owners = [m.user for m in Membership.objects.filter(agency=agency, role=Role.OWNER)
              .select_related("user").order_by("created_at", "id")]
    managers = _managers(agency, {item.row["client__account_manager_id"] for item in items})
    created = 0
    for item in items:
        row = item.row
        manager = managers.get(row["client__account_manager_id"])
        for user in [manager] if manager else owners:
            notification = notify(
                agency=agency, user=user, kind=KINDS[item.state],
                subject_key=f"interaction:{row['id']}",
                params={"client": row["client__name"], "received": row["occurred_at"].isoformat(),
                        "due": row["reply_due_at"].isoformat(), "excerpt": row["text"][:200]},
                url=reverse("client_detail", kwargs={"client_id": row["client_id"]}),
            )
            created += notification is not None
    breached = [item.row for item in items if item.state == ClockState.BREACHED]
    if breached and owners:
        created += _escalate(agency, breached, owners, now)
    return created


def _escalate(agency: Agency, rows: list[dict], owners: list, now: datetime) -> int:
    """Tell every owner about each breached message of a client in group A or B, and open
    (or add to) the client's escalation task, assigned to the first owner."""
    groups = dissatisfaction_refresh(agency=agency, now=now,
                                     client_ids=sorted({row["client_id"] for row in rows}))
    unhappy = [row for row in rows if groups.get(row["client_id"]) in (GROUP_A, GROUP_B)]
    clients = Client.objects.in_bulk({row["client_id"] for row in unhappy})
    zone = ZoneInfo(agency.timezone)
    created = 0
    for row in unhappy:
        group = groups[row["client_id"]]
        url = reverse("client_detail", kwargs={"client_id": row["client_id"]})
        for owner in owners:
            notification = notify(
                agency=agency, user=owner, kind=NotificationKind.ESCALATION,
                subject_key=f"interaction:{row['id']}",
                params={"client": row["client__name"], "group": group,
                        "received": row["occurred_at"].isoformat(),
                        "due": row["reply_due_at"].isoformat(), "excerpt": row["text"][:200]},
                url=url,
            )
            created += notification is not None
        assignee = owners[0]
        with translation.override(assignee.language or settings.LANGUAGE_CODE):
            reason = _("A message of %(received)s from a client in group %(group)s waits past "
                       "its response target: «%(excerpt)s»") % {
                "received": timezone.localtime(row["occurred_at"], zone).strftime("%Y-%m-%d %H:%M"),
                "group": group, "excerpt": row["text"][:120]}
        task_open(client=clients[row["client_id"]], kind=TaskKind.ESCALATION, reason=reason,
                  now=now, assignee_id=assignee.pk)
    return created


def _managers(agency: Agency, ids: set) -> dict:
    """Account managers who are still members of the agency (one who left gets nothing;
    the owners are told instead)."""
    members = Membership.objects.filter(agency=agency, user_id__in=ids - {None})
    return {m.user_id: m.user for m in members.select_related("user")}

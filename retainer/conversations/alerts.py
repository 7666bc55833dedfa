"""Near-breach and breach alerts for reply clocks (BRIEF C8): the client's account manager
is told in the app and by e-mail — and only inside the agency's working hours, never at
midnight. Run by `manage.py check_reply_clocks` every few minutes; outside working hours a
run does nothing and the first run of the next working window catches up."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from retainer.accounts.models import Agency, Membership
from retainer.accounts.roles import Role
from retainer.conversations.models import Interaction
from retainer.conversations.selectors import AWAITING_REPLY, waiting_items, waiting_list
from retainer.core.calendar import business_calendar
from retainer.notifications.models import NotificationKind
from retainer.notifications.services import notify
from retainer.policy.services import policy_current
from retainer.rules.business_time import is_working_time
from retainer.rules.response import ClockState

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
    rows = waiting_list(agency=agency).filter(reply_due_at__lte=now + HORIZON)
    items = [item for item in waiting_items(rows, calendar=calendar,
                                            policy=policy_current(agency=agency), now=now)
             if item.state in KINDS]
    if not items:
        return 0
    owners = [m.user for m in Membership.objects.filter(agency=agency, role=Role.OWNER)
              .select_related("user")]
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
    return created


def _managers(agency: Agency, ids: set) -> dict:
    """Account managers who are still members of the agency (one who left gets nothing;
    the owners are told instead)."""
    members = Membership.objects.filter(agency=agency, user_id__in=ids - {None})
    return {m.user_id: m.user for m in members.select_related("user")}

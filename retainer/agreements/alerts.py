"""Retainer burn alerts (BRIEF C1): when the hours used in a period reach one of the policy's
thresholds (80 % and 100 % by default), the client's account manager — or the owners, when
the client has none — is told once per period and threshold, in the app and by e-mail."""

from __future__ import annotations

from django.urls import reverse

from retainer.accounts.models import Membership
from retainer.accounts.roles import Role
from retainer.agreements.models import RetainerPeriod
from retainer.notifications.models import NotificationKind
from retainer.notifications.services import notify
from retainer.policy.services import policy_current
from retainer.rules.retainer import burn_alerts, burn_pct


def burn_alerts_send(*, period: RetainerPeriod) -> int:
    """Notify about every threshold the period has reached; returns how many notifications
    are new (a threshold already announced is not announced again)."""
    agency = period.agreement.agency
    policy = policy_current(agency=agency)
    plan = period.as_plan()
    reached = burn_alerts(plan, (policy.burn_alert_first_pct, policy.burn_alert_second_pct))
    if not reached:
        return 0
    client = period.agreement.client
    members = Membership.objects.filter(agency=agency).select_related("user")
    manager = members.filter(user_id=client.account_manager_id).first()
    readers = [manager.user] if manager else [m.user for m in members.filter(role=Role.OWNER)]
    created = 0
    for threshold in reached:
        for user in readers:
            created += notify(
                agency=agency, user=user, kind=NotificationKind.BURN_ALERT,
                subject_key=f"period:{period.pk}:{threshold}",
                params={"client": client.name, "agreement": period.agreement.title,
                        "threshold": threshold, "burn": burn_pct(plan),
                        "used": str(plan.used_hours), "available": str(plan.available_hours),
                        "starts_on": period.starts_on.isoformat()},
                url=reverse("agreement_detail", kwargs={"agreement_id": period.agreement_id}),
            ) is not None
    return created

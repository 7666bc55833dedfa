from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from retainer.accounts.models import Agency, User
from retainer.accounts.roles import Role
from retainer.agreements.models import Deliverable, DeliverableStatus
from retainer.conversations.models import Interaction
from retainer.conversations.selectors import AWAITING_REPLY
from retainer.core.tokens import token_hash
from retainer.feeds.models import CalendarFeed
from retainer.lifecycle.selectors import keep_in_touch_schedule

# A calendar needs what is coming and a little of what just passed, not years of history.
PAST_DAYS = 30
FUTURE_DAYS = 365
MAX_EVENTS = 1000


def calendar_feed_get(*, agency: Agency, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.for_agency(agency).filter(user=user).first()


def calendar_feed_find(raw: str) -> CalendarFeed | None:
    if not raw or len(raw) > 100:
        return None
    return (CalendarFeed.objects.select_related("agency", "user")
            .filter(token_hash=token_hash(raw)).first())


def _clients_of(feed: CalendarFeed, model_filter: str) -> dict:
    """An owner sees every client; anyone else the clients they manage."""
    membership = feed.user.memberships.filter(agency=feed.agency).first()
    if membership is None:
        return {"pk__in": []}
    if membership.role == Role.OWNER:
        return {}
    return {model_filter: feed.user.pk}


def reply_deadlines(feed: CalendarFeed) -> QuerySet:
    return (
        Interaction.objects.for_agency(feed.agency)
        .filter(AWAITING_REPLY, reply_due_at__isnull=False,
                **_clients_of(feed, "client__account_manager_id"))
        .order_by("reply_due_at")
        .values("id", "client_id", "client__name", "text", "reply_due_at", "occurred_at")[
            :MAX_EVENTS
        ]
    )


def deliverable_deadlines(feed: CalendarFeed, today: date) -> QuerySet:
    return (
        Deliverable.objects.for_agency(feed.agency)
        .exclude(status=DeliverableStatus.APPROVED)
        .filter(planned_due__gte=today - timedelta(days=PAST_DAYS),
                planned_due__lte=today + timedelta(days=FUTURE_DAYS),
                **_clients_of(feed, "agreement__client__account_manager_id"))
        .order_by("planned_due")
        .values("id", "title", "planned_due", "status", "agreement__client_id",
                "agreement__client__name")[:MAX_EVENTS]
    )


def keep_in_touch_reminders(feed: CalendarFeed, today: date) -> QuerySet:
    """Past clients' keep-in-touch reminders due within the feed's year ahead, the overdue
    ones included however old: a reminder stays until someone gets in touch."""
    return (
        keep_in_touch_schedule(agency=feed.agency, today=today,
                               due_by=today + timedelta(days=FUTURE_DAYS))
        .filter(**_clients_of(feed, "account_manager_id"))
        .values("id", "name", "last_contact_on", "contact_due_on")[:MAX_EVENTS]
    )

from __future__ import annotations

from django.db import transaction

from retainer.accounts.models import Agency, User
from retainer.core.tokens import new_token, token_hash
from retainer.feeds.models import CalendarFeed


@transaction.atomic
def calendar_feed_issue(*, agency: Agency, user: User) -> str:
    """A new secret link for the member; any earlier link stops working. Returns the token,
    which is never stored and so can be shown only now."""
    raw = new_token()
    CalendarFeed.objects.update_or_create(
        agency=agency, user=user, defaults={"token_hash": token_hash(raw),
                                            "last_fetched_at": None},
    )
    return raw


@transaction.atomic
def calendar_feed_revoke(*, agency: Agency, user: User) -> None:
    CalendarFeed.objects.for_agency(agency).filter(user=user).delete()

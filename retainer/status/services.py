"""Issuing and revoking status links, and the client's ratings."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from retainer.agreements.models import Agreement, Deliverable
from retainer.core.tokens import new_token, token_hash
from retainer.status.models import Rating, StatusLink


@transaction.atomic
def status_link_issue(*, agreement: Agreement, user=None, now=None) -> str:
    """A new secret link to the agreement's status page; the previous one stops working.
    Returns the token, which is never stored and so can be shown only now."""
    now = now or timezone.now()
    StatusLink.objects.filter(agreement=agreement, revoked_at__isnull=True).update(revoked_at=now)
    raw = new_token()
    StatusLink.objects.create(agency_id=agreement.agency_id, agreement=agreement,
                              token_hash=token_hash(raw), created_by=user, created_at=now)
    return raw


@transaction.atomic
def status_link_revoke(*, agreement: Agreement, now=None) -> int:
    """Stop the agreement's link; returns how many were active (0 or 1)."""
    return StatusLink.objects.filter(agreement=agreement, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now())


def status_link_opened(*, link: StatusLink, now=None) -> None:
    """Note when the client last opened the page: one UPDATE, no read."""
    StatusLink.objects.filter(pk=link.pk).update(last_opened_at=now or timezone.now())


@transaction.atomic
def rating_record(*, deliverable: Deliverable, score: int, comment: str = "",
                  now=None) -> Rating:
    """The client's rating of an approved deliverable; rating again replaces it."""
    if not 1 <= score <= 5:
        raise ValueError(f"A rating is 1 to 5, not {score}.")
    rating, _created = Rating.objects.update_or_create(
        deliverable=deliverable,
        defaults={"agency_id": deliverable.agency_id, "score": score,
                  "comment": comment.strip(), "rated_at": now or timezone.now()},
    )
    return rating

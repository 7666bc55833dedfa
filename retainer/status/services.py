"""Issuing and revoking status links, and the client's ratings."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from retainer.agreements.models import Agreement
from retainer.status.models import StatusLink


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def status_link_issue(*, agreement: Agreement, user=None, now=None) -> str:
    """A new secret link to the agreement's status page; the previous one stops working.
    Returns the token, which is never stored and so can be shown only now."""
    now = now or timezone.now()
    StatusLink.objects.filter(agreement=agreement, revoked_at__isnull=True).update(revoked_at=now)
    raw = StatusLink.new_token()
    StatusLink.objects.create(agency_id=agreement.agency_id, agreement=agreement,
                              token_hash=token_hash(raw), created_by=user, created_at=now)
    return raw


@transaction.atomic
def status_link_revoke(*, agreement: Agreement, now=None) -> int:
    """Stop the agreement's link; returns how many were active (0 or 1)."""
    return StatusLink.objects.filter(agreement=agreement, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now())

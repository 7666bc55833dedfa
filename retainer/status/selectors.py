"""Reads for the client's status page and the staff card that manages its link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone

from retainer.agreements.models import Agreement, Deliverable, DeliverableStatus
from retainer.core.tokens import token_hash
from retainer.rules.deliverables import is_late
from retainer.scope.models import Discrepancy
from retainer.status.models import Rating, StatusLink

# The page shows the newest entries of the register and says how many there are in all, so
# that it costs the same whether the agreement has five entries or five thousand.
REGISTER_LIMIT = 50
# Longer than any token we issue; anything longer is not looked up at all.
MAX_TOKEN_LENGTH = 100

NEW_LINK_SESSION_KEY = "status_link_new"


def status_link_find(raw: str) -> StatusLink | None:
    """The active link for a token, or None. Only the token's SHA-256 is compared, through
    the unique index, so the time taken says nothing about how close a guess was; a revoked
    link is found by the same single query as an unknown one and treated alike."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    return (
        StatusLink.objects.select_related("agency", "agreement__client")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True)
        .first()
    )


@dataclass(frozen=True)
class ChainRow:
    """One deliverable as the client sees it: plan vs actual."""

    deliverable: Deliverable
    rating: Rating | None
    late: bool
    can_rate: bool


@dataclass(frozen=True)
class StatusPage:
    link: StatusLink
    chain: list[ChainRow]
    register: list[Discrepancy]
    register_total: int
    today: date

    @property
    def agreement(self) -> Agreement:
        return self.link.agreement

    @property
    def register_partial(self) -> bool:
        return self.register_total > len(self.register)


def status_page(link: StatusLink, *, now=None) -> StatusPage:
    """Everything the page shows, in three queries whatever the size of the register: the
    deliverables with their ratings, the newest register entries, and the register's count."""
    agency = link.agency
    today = timezone.localdate(now or timezone.now(), ZoneInfo(agency.timezone))
    deliverables = (
        Deliverable.objects.for_agency(agency)
        .filter(agreement_id=link.agreement_id)
        .select_related("rating")
        .order_by("planned_due", "id")
    )
    chain = []
    for deliverable in deliverables:
        rating = getattr(deliverable, "rating", None)
        chain.append(ChainRow(deliverable=deliverable, rating=rating,
                              late=is_late(deliverable.planned_due, deliverable.actual_done, today),
                              can_rate=deliverable.status == DeliverableStatus.APPROVED))
    entries = Discrepancy.objects.for_agency(agency).filter(agreement_id=link.agreement_id)
    register = list(
        entries.select_related("agreed_by")
        .order_by("-agreed_at", "-id")[:REGISTER_LIMIT]
    )
    return StatusPage(link=link, chain=chain, register=register,
                      register_total=entries.count(), today=today)


def approved_deliverable(link: StatusLink, deliverable_id: int) -> Deliverable | None:
    """A deliverable the link's client may rate: of this agreement, and approved."""
    return (
        Deliverable.objects.for_agency(link.agency)
        .filter(pk=deliverable_id, agreement_id=link.agreement_id,
                status=DeliverableStatus.APPROVED)
        .first()
    )


def status_url(raw: str) -> str:
    return settings.RETAINER_BASE_URL.rstrip("/") + reverse("status_page", args=[raw])


def status_link_card(*, request, agreement: Agreement) -> dict:
    """What the agreement page's card "Client status page" needs: the active link, if any;
    its full URL once, right after it was made (the token is not stored, so this is the only
    time it can be shown); and the client's ratings of this agreement so far."""
    link = (
        StatusLink.objects.for_agency(agreement.agency_id)
        .filter(agreement=agreement, revoked_at__isnull=True)
        .select_related("created_by")
        .first()
    )
    url = None
    fresh = request.session.get(NEW_LINK_SESSION_KEY)
    if fresh and fresh.get("agreement_id") == agreement.pk:
        del request.session[NEW_LINK_SESSION_KEY]
        if link is not None and link.token_hash == token_hash(fresh["token"]):
            url = status_url(fresh["token"])
    ratings = Rating.objects.for_agency(agreement.agency_id).filter(
        deliverable__agreement=agreement).aggregate(count=Count("id"), average=Avg("score"))
    return {"link": link, "url": url, "ratings": ratings}

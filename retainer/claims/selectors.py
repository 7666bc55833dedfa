from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from retainer.accounts.models import Agency
from retainer.claims.models import Claim, Concession
from retainer.core.tenancy import get_for_agency_or_404

# What a list of claims filters on besides the outcomes.
UNASSESSED = "unassessed"
REVIEW = "review"


def claim_list(*, agency: Agency, client_id: int | None = None, state: str = "",
               founded: bool | None = None, q: str = "") -> QuerySet[Claim]:
    claims = Claim.objects.for_agency(agency).select_related(
        "client", "concession", "concession__decided_by")
    if client_id is not None:
        claims = claims.filter(client_id=client_id)
    if state == UNASSESSED:
        claims = claims.filter(concession__isnull=True)
    elif state == REVIEW:
        claims = claims.filter(concession__review=True)
    elif state:
        claims = claims.filter(concession__outcome=state)
    if founded is not None:
        claims = claims.filter(concession__founded=founded)
    if q.strip():
        words = q.strip().casefold()
        claims = claims.filter(Q(folded__contains=words) | Q(client__name_folded__contains=words))
    return claims.order_by("-made_at", "-id")


def claim_get(*, agency: Agency, claim_id: object) -> Claim:
    return get_for_agency_or_404(
        Claim.objects.select_related(
            "client__agency", "client__account_manager", "agreement", "deliverable", "kpi",
            "message", "source", "created_by"),
        agency, claim_id)


def concession_of(claim: Claim) -> Concession | None:
    try:
        return Concession.objects.select_related("decided_by", "overridden_by", "task").get(
            claim=claim)
    except Concession.DoesNotExist:
        return None


def overrides(*, agency: Agency) -> QuerySet[Concession]:
    return (Concession.objects.for_agency(agency).exclude(override_reason="")
            .select_related("claim", "client", "overridden_by")
            .order_by("-overridden_at", "-id"))


def overrides_per_manager(*, agency: Agency) -> list[dict]:
    """Each manager's assessments, and how many concessions they overrode."""
    concessions = Concession.objects.for_agency(agency)
    people: dict[int | None, dict] = {}

    def person(key, full_name, email) -> dict:
        return people.setdefault(key, {"name": full_name or email or "—", "decisions": 0,
                                       "overridden": 0})

    for row in (concessions.values("decided_by_id", "decided_by__full_name",
                                   "decided_by__email").annotate(n=Count("id"))):
        person(row["decided_by_id"], row["decided_by__full_name"],
               row["decided_by__email"])["decisions"] = row["n"]
    for row in (concessions.exclude(override_reason="")
                .values("overridden_by_id", "overridden_by__full_name",
                        "overridden_by__email").annotate(n=Count("id"))):
        person(row["overridden_by_id"], row["overridden_by__full_name"],
               row["overridden_by__email"])["overridden"] = row["n"]
    rows = sorted(people.values(), key=lambda row: (-row["overridden"], row["name"]))
    for row in rows:
        row["share"] = round(100 * row["overridden"] / row["decisions"]) if row["decisions"] \
            else 0
    return rows


@dataclass(frozen=True)
class ConcededCost:
    """What granted concessions cost (work at the client's rate and money), in the agency's
    currency: the client's economics carry it as a cost of keeping the client."""

    month: Decimal
    year: Decimal  # the last 12 months
    month_count: int
    year_count: int


def _period_starts(agency: Agency, now: datetime) -> tuple[datetime, datetime]:
    zone = ZoneInfo(agency.timezone)
    today = now.astimezone(zone).date()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # the 29th of February
        year_ago = date(today.year - 1, 2, 28)
    return (datetime.combine(today.replace(day=1), time(), tzinfo=zone),
            datetime.combine(year_ago, time(), tzinfo=zone) + timedelta(days=1))


def conceded_cost(*, agency: Agency, client_id: int | None = None,
                  manager_id: int | None = None, now: datetime | None = None) -> ConcededCost:
    """The cost of the concessions granted this month and in the last 12 months, for one
    client, one manager's clients or the whole agency: one aggregate query."""
    month, year = _period_starts(agency, now or timezone.now())
    granted = Concession.objects.for_agency(agency).filter(granted=True, decided_at__gte=year)
    if client_id is not None:
        granted = granted.filter(client_id=client_id)
    if manager_id is not None:
        granted = granted.filter(client__account_manager_id=manager_id)
    totals = granted.aggregate(
        month=Sum("cost", filter=Q(decided_at__gte=month)),
        year=Sum("cost", filter=Q(decided_at__gte=year)),
        month_count=Count("id", filter=Q(decided_at__gte=month)),
        year_count=Count("id", filter=Q(decided_at__gte=year)),
    )
    return ConcededCost(month=totals["month"] or Decimal(0), year=totals["year"] or Decimal(0),
                        month_count=totals["month_count"], year_count=totals["year_count"])


def unfounded_recent(*, agency: Agency, client_id: int, days: int,
                     now: datetime | None = None) -> int:
    """The client's unfounded claims made in the last `days` days."""
    since = (now or timezone.now()) - timedelta(days=days)
    return Concession.objects.for_agency(agency).filter(
        client_id=client_id, founded=False, claim__made_at__gte=since).count()

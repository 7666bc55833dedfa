from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from retainer.accounts.models import Agency
from retainer.agreements.models import DueDateChange
from retainer.conversations.models import Direction, Interaction
from retainer.core.tenancy import get_for_agency_or_404
from retainer.scope.models import ClientRequest, Decision

# What a list of requests shows filters on.
UNDECIDED = "undecided"
AWAITING_ANSWER = "awaiting_answer"


def request_list(*, agency: Agency, client_id: int | None = None,
                 manager_id: int | None = None, state: str = "") -> QuerySet[ClientRequest]:
    requests = ClientRequest.objects.for_agency(agency).select_related(
        "client", "deliverable", "decision", "decision__decided_by")
    if client_id is not None:
        requests = requests.filter(client_id=client_id)
    if manager_id is not None:
        requests = requests.filter(client__account_manager_id=manager_id)
    if state == UNDECIDED:
        requests = requests.filter(decision__isnull=True)
    elif state == AWAITING_ANSWER:
        requests = requests.filter(decision__outcome="choice", decision__answer="")
    elif state:
        requests = requests.filter(decision__outcome=state)
    return requests.order_by("-created_at", "-id")


def request_get(*, agency: Agency, request_id: object) -> ClientRequest:
    return get_for_agency_or_404(
        ClientRequest.objects.select_related(
            "client__agency", "client__account_manager", "agreement", "deliverable", "source",
            "created_by"),
        agency, request_id)


def decision_of(client_request: ClientRequest) -> Decision | None:
    try:
        return Decision.objects.select_related("decided_by").get(request=client_request)
    except Decision.DoesNotExist:
        return None


def overrides(*, agency: Agency) -> QuerySet[Decision]:
    return (Decision.objects.for_agency(agency).exclude(override_reason="")
            .select_related("request", "client", "decided_by")
            .order_by("-decided_at", "-id"))


def overrides_per_manager(*, agency: Agency) -> list[dict]:
    """Each manager's decisions and how many of them overrode the rules."""
    rows = (Decision.objects.for_agency(agency).values("decided_by_id", "decided_by__full_name",
                                                       "decided_by__email")
            .annotate(decisions=Count("id"), overridden=Count("id", filter=~Q(override_reason="")))
            .order_by("-overridden", "decided_by__full_name", "decided_by__email"))
    return [
        {"name": row["decided_by__full_name"] or row["decided_by__email"] or "—",
         "decisions": row["decisions"], "overridden": row["overridden"],
         "share": round(100 * row["overridden"] / row["decisions"]) if row["decisions"] else 0}
        for row in rows
    ]


def unannounced_shifts(*, agency: Agency, client_id: int | None = None,
                       manager_id: int | None = None, now=None) -> QuerySet[DueDateChange]:
    """Due dates that moved with no message to the client logged before the notice was due,
    and not agreed by the client: article 002's deadlines shifted without a word."""
    now = now or timezone.now()
    notice = Interaction.objects.filter(
        client_id=OuterRef("client_id"), direction=Direction.OUTBOUND,
        occurred_at__gte=OuterRef("changed_at"), occurred_at__lte=OuterRef("notice_due_at"))
    shifts = DueDateChange.objects.for_agency(agency).filter(
        agreed_by_client=False, notice_due_at__lt=now).exclude(Exists(notice))
    if client_id is not None:
        shifts = shifts.filter(client_id=client_id)
    if manager_id is not None:
        shifts = shifts.filter(client__account_manager_id=manager_id)
    return shifts.select_related("deliverable", "client", "changed_by").order_by(
        "-changed_at", "-id")

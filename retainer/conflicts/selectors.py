from __future__ import annotations

from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone

from retainer.accounts.models import Agency
from retainer.agreements.models import Channel
from retainer.agreements.selectors import current_agreement
from retainer.conflicts.models import ConflictCase, ConflictHandover, ConflictStep
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.core.calendar import business_calendar
from retainer.core.tenancy import get_for_agency_or_404
from retainer.policy.services import policy_current
from retainer.rules import conflicts as rules
from retainer.rules.policy import Policy

# What a list of cases filters on.
OPEN = "open"
CLOSED = "closed"

# The suggestions read the latest messages only: a ping-pong, a run of the client's
# messages waiting for us and our last word all sit at the end of the log.
RECENT_MESSAGES = 200
SPOKEN = (Channel.CALL, Channel.MEETING)


def case_list(*, agency: Agency, state: str = "", manager_id: int | None = None,
              client_id: int | None = None) -> QuerySet[ConflictCase]:
    """Open cases first, the oldest on top (an unresolved conflict grows more dangerous with
    age), then closed ones, the latest closed first."""
    cases = ConflictCase.objects.for_agency(agency).select_related("client", "manager")
    if state == OPEN:
        cases = cases.filter(closed_at__isnull=True)
    elif state == CLOSED:
        cases = cases.filter(closed_at__isnull=False)
    if manager_id is not None:
        cases = cases.filter(manager_id=manager_id)
    if client_id is not None:
        cases = cases.filter(client_id=client_id)
    return cases.order_by(F("closed_at").desc(nulls_first=True), "opened_at", "id")


def open_conflicts(*, agency: Agency, manager_id: int | None = None
                   ) -> QuerySet[ConflictCase]:
    """Open conflicts by age, the oldest first: for one manager's cases, or all of the
    agency's (the owner's view of what needs attention)."""
    return case_list(agency=agency, state=OPEN, manager_id=manager_id)


def case_get(*, agency: Agency, conflict_id: object) -> ConflictCase:
    return get_for_agency_or_404(
        ConflictCase.objects.select_related("client__agency", "manager", "opened_by", "source"),
        agency, conflict_id)


def case_steps(case: ConflictCase) -> list[ConflictStep]:
    return list(case.steps.select_related("recorded_by").order_by("at", "id"))


def case_handovers(case: ConflictCase) -> list[ConflictHandover]:
    return list(case.handovers.select_related("from_manager", "to_manager", "handed_by")
                .order_by("handed_at", "id"))


def case_facts(case: ConflictCase, now: datetime) -> tuple[rules.ConflictCase, Policy]:
    """The case as the rules see it at `now`, with the agency's policy: the calendar and the
    response target of the client's current agreement date the acknowledgement of a pause."""
    agency = case.client.agency
    agreement = current_agreement(agency=agency, client_id=case.client_id)
    facts = rules.ConflictCase(
        opened_at=case.opened_at, now=now, calendar=business_calendar(agency),
        response_target_hours=agreement.response_target_hours if agreement else None,
        resolved=case.closed_at is not None)
    return facts, policy_current(agency=agency)


def case_messages(case: ConflictCase, now: datetime) -> list[rules.CaseMessage]:
    rows = (Interaction.objects.filter(agency_id=case.agency_id, client_id=case.client_id,
                                       kind=Kind.MESSAGE, occurred_at__lte=now)
            .order_by("-occurred_at", "-id")
            .values_list("occurred_at", "direction", "negativity", "channel")[:RECENT_MESSAGES])
    return [rules.CaseMessage(at=at, inbound=direction == Direction.INBOUND,
                              negativity=negativity or 0.0, spoken=channel in SPOKEN)
            for at, direction, negativity, channel in reversed(rows)]


def case_suggestions(case: ConflictCase, now: datetime | None = None
                     ) -> list[rules.Suggestion]:
    """What article 003 suggests for the case now, from the client's latest messages."""
    now = now or timezone.now()
    if case.closed_at is not None:
        return []
    facts, policy = case_facts(case, now)
    return rules.suggest(facts, case_messages(case, now), policy)

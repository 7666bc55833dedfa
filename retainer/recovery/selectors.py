"""Reads for unhappy clients: the signals of one client or of every client of an agency in
a constant number of aggregate queries, the client's economics, the stored assessments and
the plans."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from retainer.accounts.models import Agency
from retainer.agreements.economics import client_economics
from retainer.agreements.selectors import current_agreement
from retainer.clients.models import Client
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.core.calendar import business_calendar
from retainer.core.tenancy import get_for_agency_or_404
from retainer.recovery.models import (
    DissatisfactionAssessment,
    MessageCues,
    PaymentHold,
    PlanStatus,
    RecoveryPlan,
    RecoveryStep,
)
from retainer.rules import recovery as rules
from retainer.rules.business_time import business_time_between
from retainer.rules.claims import ClientEconomics
from retainer.rules.policy import Policy

# The messages that tell the client's mood now: article 004's groups describe how a client
# behaves at present. A week holds a flare-up and its aftermath; over a month, the calm
# messages of the weeks before would average the anger away.
RECENT = timedelta(days=7)
# Silence is counted over at most this much calendar time: far past the policy's longest
# quiet setting (480 business hours), and it bounds the business-time walk per client.
SILENCE_HORIZON = timedelta(days=120)


def signals_gather(*, agency: Agency, now: datetime, calendar=None,
                   client_ids: list[int] | None = None) -> dict[int, rules.DissatisfactionSignals]:
    """The signals of the given clients, or of every client with anything to show, as of
    `now`: three aggregate queries whatever the number of clients (the messages grouped by
    client, their cues grouped by client, the open payment holds). A client with nothing
    to show is absent; its signals are the empty `DissatisfactionSignals()`."""
    calendar = calendar or business_calendar(agency)
    since = now - RECENT
    messages = Interaction.objects.for_agency(agency).filter(kind=Kind.MESSAGE,
                                                             occurred_at__lte=now)
    cues = MessageCues.objects.for_agency(agency).filter(occurred_at__gte=since,
                                                         occurred_at__lte=now).exclude(cues="")
    holds = PaymentHold.objects.for_agency(agency).filter(released_at__isnull=True)
    if client_ids is not None:
        messages = messages.filter(client_id__in=client_ids)
        cues = cues.filter(client_id__in=client_ids)
        holds = holds.filter(client_id__in=client_ids)
    inbound = Q(direction=Direction.INBOUND)
    recent = inbound & Q(occurred_at__gte=since)
    talk = messages.values("client_id").order_by().annotate(
        negativity=Avg("negativity", filter=recent & Q(negativity__isnull=False)),
        threats=Count("pk", filter=recent & Q(flags__contains=" threat ")),
        last_in=Max("occurred_at", filter=inbound),
        last_out=Max("occurred_at", filter=Q(direction=Direction.OUTBOUND)),
    )
    said = cues.values("client_id").order_by().annotate(**{
        cue: Count("pk", filter=Q(cues__contains=f" {cue} ")) for cue in
        (rules.DISCOUNT_DEMAND, rules.PAYMENTS_HELD, rules.ESCALATION, rules.WISH_TO_SETTLE)})
    facts: dict[int, dict] = {}
    for row in talk:
        silence = timedelta(0)
        last_out, last_in = row["last_out"], row["last_in"]
        if last_out is not None and (last_in is None or last_out > last_in):
            silence = business_time_between(calendar, max(last_out, now - SILENCE_HORIZON),
                                            now)
        facts[row["client_id"]] = {
            "negativity": () if row["negativity"] is None
            else (min(1.0, max(0.0, round(row["negativity"], 4))),),
            "threat": row["threats"] > 0, "silence": max(silence, timedelta(0))}
    for row in said:
        entry = facts.setdefault(row["client_id"], {})
        entry["discount_demand"] = row[rules.DISCOUNT_DEMAND] > 0
        entry["escalation"] = row[rules.ESCALATION] > 0
        entry["wish_to_settle"] = row[rules.WISH_TO_SETTLE] > 0
        # "We won't pay until…" holds the payments as surely as a hold the manager records.
        entry["payments_held"] = row[rules.PAYMENTS_HELD] > 0
    for client_id in holds.values_list("client_id", flat=True):
        facts.setdefault(client_id, {})["payments_held"] = True
    return {client_id: rules.DissatisfactionSignals(**values)
            for client_id, values in facts.items()}


def churn_risk(score: Decimal, policy: Policy) -> Decimal:
    """The chance of losing the client, read from how unhappy they are: none when content,
    certain from the threshold of group A on."""
    if score <= 0:
        return Decimal(0)
    return min(Decimal(1), (score / policy.unhappy_group_a_from).quantize(Decimal("0.01")))


def economics(*, client: Client, score: Decimal, policy: Policy) -> ClientEconomics:
    """What the client is worth (`retainer.agreements.economics`), at the churn risk their
    dissatisfaction gives."""
    return client_economics(
        client=client, agreement=current_agreement(agency=client.agency, client_id=client.pk),
        churn_risk=churn_risk(score, policy), policy=policy)


def assessment_of(client: Client) -> DissatisfactionAssessment | None:
    return (DissatisfactionAssessment.objects.filter(client=client)
            .select_related("assessed_by").first())


def open_hold(client: Client) -> PaymentHold | None:
    return PaymentHold.objects.filter(client=client, released_at__isnull=True).first()


def _steps() -> Prefetch:
    return Prefetch("steps", queryset=RecoveryStep.objects.select_related("owner", "done_by")
                    .order_by("position", "id"))


def current_plan(client: Client) -> RecoveryPlan | None:
    """The plan in progress, or else the latest one finished; a replaced plan is history."""
    return (RecoveryPlan.objects.filter(client=client).exclude(status=PlanStatus.REPLACED)
            .select_related("created_by").prefetch_related(_steps())
            .order_by("-created_at", "-id").first())


def step_get(*, agency: Agency, step_id: object) -> RecoveryStep:
    return get_for_agency_or_404(
        RecoveryStep.objects.select_related("plan__client__agency", "owner", "done_by"),
        agency, step_id)


def unhappy_list(*, agency: Agency, group: str = "",
                 manager_id: int | None = None) -> QuerySet[DissatisfactionAssessment]:
    """Clients in group A, B or C, the worst first."""
    planned = RecoveryPlan.objects.filter(client_id=OuterRef("client_id"),
                                          status=PlanStatus.ACTIVE)
    rows = (DissatisfactionAssessment.objects.for_agency(agency).exclude(group="")
            .select_related("client__account_manager").annotate(planned=Exists(planned)))
    if group:
        rows = rows.filter(group=group)
    if manager_id is not None:
        rows = rows.filter(client__account_manager_id=manager_id)
    return rows.order_by("group", "-score", "client_id")


def group_counts(*, agency: Agency) -> dict[str, int]:
    rows = (DissatisfactionAssessment.objects.for_agency(agency).exclude(group="")
            .values("group").order_by().annotate(n=Count("pk")))
    return {row["group"]: row["n"] for row in rows}


def evidence_of(*, client: Client, now: datetime) -> dict[str, list[str]]:
    """The words of the client's recent messages behind each cue and threat, newest first,
    a few per signal."""
    found: dict[str, list[str]] = {}
    since = now - RECENT
    for evidence in (MessageCues.objects.filter(client=client, occurred_at__gte=since)
                     .exclude(cues="").order_by("-occurred_at", "-id")
                     .values_list("evidence", flat=True)[:20]):
        for item in evidence:
            words = found.setdefault(item["cue"], [])
            if item["text"] not in words and len(words) < 3:
                words.append(item["text"])
    threats = (Interaction.objects.filter(client=client, direction=Direction.INBOUND,
                                          occurred_at__gte=since, flags__contains=" threat ")
               .order_by("-occurred_at", "-id").values_list("triage", flat=True)[:10])
    for triage in threats:
        for item in (triage or {}).get("evidence", []):
            words = found.setdefault(rules.THREAT, [])
            if item.get("kind") == "threat" and item["text"] not in words and len(words) < 3:
                words.append(item["text"])
    return found

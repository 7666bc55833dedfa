"""Writes for unhappy clients: reading the cues of new messages, assessing one client or all
of them, recording held payments, making the recovery plan and working through its steps.

An assessment is refreshed, never accumulated: one row per client, written in bulk for a
whole agency. A plan is made from a fresh assessment under the client's row lock, so two
managers pressing the button at once make one plan and replace the other; its steps are
written with their audit trail. Every refusal is a ValidationError raised before anything
is written.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from retainer.accounts.models import Agency, Membership, User
from retainer.clients.models import Client
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.core.calendar import business_calendar
from retainer.policy.services import policy_current
from retainer.recovery.cues import read_cues
from retainer.recovery.models import (
    DissatisfactionAssessment,
    HoldKind,
    MessageCues,
    PaymentHold,
    PlanStatus,
    RecoveryPlan,
    RecoveryStep,
)
from retainer.recovery.selectors import RECENT, economics, signals_gather
from retainer.rules import recovery as rules
from retainer.rules.business_time import add_business_days
from retainer.rules.scope import as_record

BATCH = 1000
FAULTY_WORK_MAX_MIN = 100 * 8 * 60  # a hundred working days: more is a new project
# How many business days each step gets by default. The apology and the admission go out
# at once (article 004: every day of waiting makes an unhappy client angrier); the gestures
# of starting over follow within a fortnight.
DUE_IN_DAYS = {
    rules.APOLOGY_LETTER: 1, rules.ADMIT_FAULT_IN_WRITING: 1, rules.NEUTRAL_COLLEAGUE: 1,
    rules.PERSONAL_MEETING: 5, rules.GIFT_TO_WORK_ADDRESS: 5, rules.FUTURE_DISCOUNT: 10,
    rules.CLOSE_ANOTHER_NEED: 10,
}
ASSESSED_FIELDS = ["group", "score", "contributions", "reasons", "policy_version",
                   "assessed_at", "assessed_by"]


def messages_read(*, agency: Agency, now: datetime,
                  client_ids: list[int] | None = None) -> int:
    """Read the cues of the recent inbound messages not read yet; returns how many were
    read. Batches are read afresh: rows read leave the query."""
    pending = Interaction.objects.for_agency(agency).filter(
        direction=Direction.INBOUND, kind=Kind.MESSAGE, occurred_at__gte=now - RECENT,
        recovery_cues__isnull=True)
    if client_ids is not None:
        pending = pending.filter(client_id__in=client_ids)
    pending = pending.order_by("id").values_list("id", "client_id", "occurred_at", "text")
    done = 0
    while batch := list(pending[:BATCH]):
        rows = []
        for interaction_id, client_id, occurred_at, text in batch:
            hits = read_cues(text)
            rows.append(MessageCues(
                agency_id=agency.pk, interaction_id=interaction_id, client_id=client_id,
                occurred_at=occurred_at, cues=f" {' '.join(hit.cue for hit in hits)} "
                if hits else "", evidence=[{"cue": hit.cue, "text": hit.text[:200]}
                                           for hit in hits]))
        # A reader running at the same time may have read some of them: theirs stand.
        MessageCues.objects.bulk_create(rows, ignore_conflicts=True)
        done += len(batch)
    return done


def _contributions(result: rules.Dissatisfaction) -> list[dict]:
    return [{"signal": part.signal, "observed": part.observed, "weight": part.weight,
             "points": str(part.points)} for part in result.contributions]


def _assess(agency: Agency, now: datetime, user: User | None,
            client_ids: list[int]) -> tuple[dict, dict]:
    """Assess the clients and store the results: (signals, results) by client id."""
    policy = policy_current(agency=agency)
    messages_read(agency=agency, now=now, client_ids=client_ids)
    signals = signals_gather(agency=agency, now=now, client_ids=client_ids)
    content = rules.DissatisfactionSignals()
    results = {client_id: rules.assess_dissatisfaction(signals.get(client_id, content), policy)
               for client_id in client_ids}
    rows = [DissatisfactionAssessment(
        agency_id=agency.pk, client_id=client_id, group=result.group or "",
        score=result.score, contributions=_contributions(result),
        reasons=[reason.as_dict() for reason in result.reasons],
        policy_version=result.policy_version, assessed_at=now, assessed_by=user,
    ) for client_id, result in results.items()]
    for start in range(0, len(rows), BATCH):
        DissatisfactionAssessment.objects.bulk_create(
            rows[start:start + BATCH], update_conflicts=True, unique_fields=["client"],
            update_fields=ASSESSED_FIELDS)
    return signals, results


@transaction.atomic
def dissatisfaction_assess(*, client: Client, user: User | None = None,
                           now: datetime | None = None) -> DissatisfactionAssessment:
    """Assess the client afresh from the signals in the database and store it."""
    _assess(client.agency, now or timezone.now(), user, [client.pk])
    return DissatisfactionAssessment.objects.get(client=client)


def dissatisfaction_refresh(*, agency: Agency, now: datetime | None = None,
                            client_ids: list[int] | None = None) -> dict[int, str]:
    """Assess every client of the agency (or the given ones) and store the results; returns
    each client's group ("" when content). A constant number of queries per thousand
    clients, whatever their messages."""
    now = now or timezone.now()
    clients = Client.objects.for_agency(agency)
    if client_ids is not None:
        clients = clients.filter(pk__in=client_ids)
    ids = list(clients.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        _signals, results = _assess(agency, now, None, ids)
    return {client_id: result.group or "" for client_id, result in results.items()}


def _agency_member(agency_id: int, user: User | None, field: str) -> None:
    if user is not None and not Membership.objects.filter(agency_id=agency_id,
                                                          user_id=user.pk).exists():
        raise ValidationError({field: _("Choose a member of the agency.")})


@transaction.atomic
def payment_hold_set(*, client: Client, kind: str, since: date, note: str = "",
                     user: User | None, now: datetime | None = None) -> PaymentHold:
    """Record that the client holds payments back (or correct the open record), and assess
    the client again: it is one of the signals."""
    now = now or timezone.now()
    if kind not in HoldKind.values:
        raise ValidationError({"kind": _("Choose what the client holds back.")})
    if since > timezone.localdate(now):
        raise ValidationError({"since": _("The date cannot be in the future.")})
    # Holds of one client are written one at a time: the open one is found, not doubled.
    Client.objects.select_for_update().filter(pk=client.pk).first()
    hold = PaymentHold.objects.filter(client=client, released_at__isnull=True).first()
    if hold is None:
        hold = PaymentHold(agency_id=client.agency_id, client=client, recorded_by=user,
                           recorded_at=now)
    hold.kind, hold.since, hold.note = kind, since, note.strip()[:300]
    hold.save()
    dissatisfaction_assess(client=client, user=user, now=now)
    return hold


@transaction.atomic
def payment_hold_release(*, client: Client, user: User | None,
                         now: datetime | None = None) -> PaymentHold:
    now = now or timezone.now()
    hold = (PaymentHold.objects.select_for_update()
            .filter(client=client, released_at__isnull=True).first())
    if hold is None:
        raise ValidationError(_("No payments of this client are recorded as held."))
    hold.released_at, hold.released_by = now, user
    hold.save()
    dissatisfaction_assess(client=client, user=user, now=now)
    return hold


def _signals_record(signals: rules.DissatisfactionSignals) -> dict:
    return as_record(signals) | {"silence": signals.silence // timedelta(minutes=1)}


def _due(action: str, calendar, today: date, faulty_work_min: int, capacity_hours) -> date:
    if action == rules.REDO_AT_OUR_COST:
        days = max(1, math.ceil(faulty_work_min / (float(capacity_hours) * 60)))
    else:
        days = DUE_IN_DAYS[action]
    return add_business_days(calendar, today, days)


@transaction.atomic
def plan_create(*, client: Client, user: User | None, faulty_work_min: int = 0,
                our_fault: bool = False, now: datetime | None = None) -> RecoveryPlan:
    """A plan from a fresh assessment (the rules' strategies and costed checklist), replacing
    the plan in progress. Refused while the client shows no dissatisfaction."""
    now = now or timezone.now()
    if faulty_work_min is None or not 0 <= faulty_work_min <= FAULTY_WORK_MAX_MIN:
        raise ValidationError({"faulty_work_min": _(
            "The work to redo is between 0 and %(max)s minutes.") % {
                "max": FAULTY_WORK_MAX_MIN}})
    # One plan of a client at a time: a second manager waits here and replaces the first.
    client = Client.objects.select_for_update().select_related("agency").get(pk=client.pk)
    agency = client.agency
    policy = policy_current(agency=agency)
    signals, results = _assess(agency, now, user, [client.pk])
    if results[client.pk].group is None:
        raise ValidationError(_("%(client)s shows no dissatisfaction now: there is nothing to "
                                "recover.") % {"client": client.name})
    facts = replace(signals.get(client.pk, rules.DissatisfactionSignals()),
                    faulty_work_min=faulty_work_min, our_fault=bool(our_fault))
    unhappy = rules.assess_dissatisfaction(facts, policy)
    worth = economics(client=client, score=unhappy.score, policy=policy)
    result = rules.plan(unhappy, worth, policy)
    for previous in RecoveryPlan.objects.select_for_update().filter(
            client=client, status=PlanStatus.ACTIVE):
        previous.status, previous.closed_at = PlanStatus.REPLACED, now
        previous.save()
    plan = RecoveryPlan.objects.create(
        agency_id=agency.pk, client=client, group=result.group, strategies=list(result.strategies),
        score=unhappy.score, total_cost=result.total_cost, start_over_cost=result.start_over_cost,
        promising=result.promising, currency=result.currency,
        reasons=[reason.as_dict() for reason in result.reasons],
        inputs={"signals": _signals_record(facts), "economics": as_record(worth)},
        policy_version=result.policy_version, faulty_work_min=faulty_work_min,
        our_fault=bool(our_fault), created_by=user, created_at=now,
    )
    calendar = business_calendar(agency)
    today = timezone.localdate(now, timezone=ZoneInfo(agency.timezone))
    manager_id = client.account_manager_id if Membership.objects.filter(
        agency=agency, user_id=client.account_manager_id).exists() else None
    steps = [RecoveryStep(
        agency_id=agency.pk, plan=plan, action=item.action, strategy=item.strategy,
        position=position, work_min=item.work_min, cost=item.cost,
        # The colleague who takes over is, by definition, not the one handling it now.
        owner_id=None if item.action == rules.NEUTRAL_COLLEAGUE else manager_id,
        due_on=_due(item.action, calendar, today, faulty_work_min,
                    policy.daily_capacity_hours),
    ) for position, item in enumerate(result.items, start=1)]
    bulk_create_with_history(steps, RecoveryStep, default_user=user, default_date=now)
    return plan


STEP_FIELDS = ("owner", "due_on", "cost", "note", "done")


@transaction.atomic
def step_update(*, step: RecoveryStep, data: dict, user: User | None,
                now: datetime | None = None) -> RecoveryStep:
    """Change a step's owner, due date, cost or note, or tick it done (or not done). The plan
    is done when its last step is; unticking one opens it again."""
    now = now or timezone.now()
    unknown = set(data) - set(STEP_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    plan = RecoveryPlan.objects.select_for_update().get(pk=step.plan_id)
    step = RecoveryStep.objects.select_for_update().get(pk=step.pk)
    if plan.status == PlanStatus.REPLACED:
        raise ValidationError(_("This plan was replaced by a newer one; work on the current "
                                "plan."))
    if "cost" in data:
        cost = data["cost"]
        if cost is None or Decimal(cost) < 0:
            raise ValidationError({"cost": _("A cost cannot be below zero.")})
        step.cost = Decimal(cost).quantize(Decimal("0.01"))
    if "owner" in data:
        _agency_member(plan.agency_id, data["owner"], "owner")
        step.owner = data["owner"]
    if "due_on" in data:
        step.due_on = data["due_on"]
    if "note" in data:
        step.note = (data["note"] or "").strip()[:2000]
    if "done" in data and bool(data["done"]) != step.is_done:
        if data["done"]:
            step.done_at, step.done_by = now, user
        else:
            step.done_at, step.done_by = None, None
    step.save()
    _plan_follow(plan, now)
    return step


def _plan_follow(plan: RecoveryPlan, now: datetime) -> None:
    """The plan's status and total after a step changed."""
    steps = list(RecoveryStep.objects.filter(plan=plan).values_list("done_at", "cost"))
    total = sum((cost for _done, cost in steps), Decimal(0))
    finished = all(done is not None for done, _cost in steps)
    status = PlanStatus.DONE if finished else PlanStatus.ACTIVE
    if status == PlanStatus.ACTIVE and plan.status == PlanStatus.DONE and (
            RecoveryPlan.objects.filter(client_id=plan.client_id, status=PlanStatus.ACTIVE)
            .exists()):
        raise ValidationError(_("A newer plan is in progress; this one stays done."))
    if status != plan.status or total != plan.total_cost:
        plan.status, plan.total_cost = status, total
        plan.closed_at = now if status == PlanStatus.DONE else None
        plan.save()

"""Writes for agreements, deliverables, KPIs and retainer periods."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from retainer.agreements.alerts import burn_alerts_send
from retainer.agreements.models import (
    Agreement,
    AgreementKind,
    Deliverable,
    DueDateChange,
    KpiMeasurement,
    PromisedKpi,
    RetainerPeriod,
)
from retainer.clients.models import Client
from retainer.core.calendar import business_calendar
from retainer.core.services import model_update
from retainer.policy.services import policy_current
from retainer.rules.business_time import add_business_days, closing_time
from retainer.rules.retainer import plan_periods


@transaction.atomic
def agreement_create(*, client: Client, data: dict) -> Agreement:
    agreement = Agreement.objects.create(agency_id=client.agency_id, client=client, **data)
    retainer_periods_sync(agreement=agreement)
    _refresh_reply_clocks(client.pk)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, data: dict) -> Agreement:
    stored = Agreement.objects.get(pk=agreement.pk)
    model_update(instance=agreement, data=data)
    retainer_periods_sync(agreement=agreement)
    if any(getattr(stored, name) != getattr(agreement, name) for name in REPLY_CLOCK_TERMS):
        _refresh_reply_clocks(agreement.client_id)
    return agreement


# Terms that decide which agreement is current and its response target.
REPLY_CLOCK_TERMS = ("response_target_hours", "status", "starts_on")


def _refresh_reply_clocks(client_id: int) -> None:
    # Imported here: conversations builds on agreements, not the other way round.
    from retainer.conversations.tasks import conversation_refresh

    transaction.on_commit(lambda: conversation_refresh.enqueue(client_id))


@transaction.atomic
def deliverable_create(*, agreement: Agreement, data: dict) -> Deliverable:
    return Deliverable.objects.create(agency_id=agreement.agency_id, agreement=agreement, **data)


@transaction.atomic
def deliverable_update(*, deliverable: Deliverable, data: dict, user=None,
                       agreed_by_client: bool = False) -> Deliverable:
    """Save a deliverable's changes; a moved due date is recorded as a `DueDateChange` that
    the client must hear of within the policy's notice time, unless the client agreed to it
    (a shift the client chose in the discrepancy register)."""
    before = Deliverable.objects.filter(pk=deliverable.pk).values_list("planned_due",
                                                                        flat=True).get()
    model_update(instance=deliverable, data=data)
    if deliverable.planned_due != before:
        due_changes_record(changes=[(deliverable, before)], user=user,
                           agreed_by_client=agreed_by_client)
    return deliverable


def due_changes_record(*, changes: list[tuple[Deliverable, date]], user=None,
                       agreed_by_client: bool = False, now=None, calendar=None,
                       notice_days: int | None = None, client_id: int | None = None
                       ) -> list[DueDateChange]:
    """Record moved due dates — each deliverable with its due date before the move — and
    when the client must have heard of them: the close of the working day
    `unannounced_shift_notice_days` business days later. A caller moving deliverables of one
    client passes the calendar, the notice days and the client it already holds."""
    if not changes:
        return []
    now = now or timezone.now()
    first = changes[0][0]
    if calendar is None or notice_days is None:
        agency = first.agency
        calendar = business_calendar(agency)
        notice_days = policy_current(agency=agency).unannounced_shift_notice_days
    if client_id is None:
        client_id = first.agreement.client_id
    local_day = timezone.localtime(now, ZoneInfo(calendar.timezone)).date()
    notice_day = add_business_days(calendar, local_day, notice_days)
    notice_due_at = max(closing_time(calendar, notice_day) or now, now)
    return DueDateChange.objects.bulk_create([DueDateChange(
        agency_id=deliverable.agency_id, deliverable=deliverable, client_id=client_id,
        before=before, after=deliverable.planned_due, changed_at=now, changed_by=user,
        notice_due_at=notice_due_at, agreed_by_client=agreed_by_client,
    ) for deliverable, before in changes])


@transaction.atomic
def kpi_create(*, agreement: Agreement, data: dict) -> PromisedKpi:
    return PromisedKpi.objects.create(agency_id=agreement.agency_id, agreement=agreement, **data)


@transaction.atomic
def measurement_create(*, kpi: PromisedKpi, data: dict) -> KpiMeasurement:
    return KpiMeasurement.objects.create(agency_id=kpi.agency_id, kpi=kpi, **data)


@transaction.atomic
def retainer_period_record_usage(*, period: RetainerPeriod, used_hours) -> RetainerPeriod:
    """Record the hours used in a period; the carry-over of every later period follows."""
    period.used_hours = used_hours
    period.save(update_fields=["used_hours"])
    retainer_periods_sync(agreement=period.agreement)
    period.refresh_from_db()
    burn_alerts_send(period=period)
    return period


def retainer_periods_sync(*, agreement: Agreement, today: date | None = None) -> None:
    """Keep the retainer's periods in step with its terms, up to the current period: the
    included hours and carry-over are recomputed, the used hours kept."""
    if agreement.kind != AgreementKind.RETAINER or not agreement.included_hours:
        RetainerPeriod.objects.filter(agreement=agreement).delete()
        return
    today = today or timezone.localdate()
    until = min(today, agreement.ends_on) if agreement.ends_on else today
    existing = {p.starts_on: p for p in RetainerPeriod.objects.filter(agreement=agreement)}
    plans = plan_periods(
        starts_on=agreement.starts_on,
        until=until,
        period_months=agreement.period_months,
        included_hours=agreement.included_hours,
        carry_over=agreement.carry_over,
        used_hours={start: p.used_hours for start, p in existing.items()},
    )
    planned_starts = {plan.starts_on for plan in plans}
    RetainerPeriod.objects.filter(agreement=agreement).exclude(
        starts_on__in=planned_starts
    ).delete()
    for plan in plans:
        RetainerPeriod.objects.update_or_create(
            agreement=agreement,
            starts_on=plan.starts_on,
            defaults={
                "agency_id": agreement.agency_id,
                "ends_on": plan.ends_on,
                "included_hours": plan.included_hours,
                "carried_over_hours": plan.carried_over_hours,
                "used_hours": plan.used_hours,
            },
        )

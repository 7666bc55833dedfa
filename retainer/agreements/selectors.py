from __future__ import annotations

from datetime import date
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet

from retainer.accounts.models import Agency
from retainer.agreements.models import (
    Agreement,
    AgreementStatus,
    Deliverable,
    KpiMeasurement,
    PromisedKpi,
    RetainerPeriod,
)
from retainer.core.tenancy import get_for_agency_or_404
from retainer.rules.policy import Policy
from retainer.rules.retainer import burn_alerts, burn_pct


def agreement_list(*, agency: Agency, client_id: int | None = None) -> QuerySet[Agreement]:
    agreements = Agreement.objects.for_agency(agency)
    if client_id is not None:
        agreements = agreements.filter(client_id=client_id)
    return agreements.order_by("-starts_on", "-id")


# A client's current agreement is among its most recent ones; looking at a few avoids an
# ordering expression the database would evaluate for every agreement the client ever had.
CURRENT_AMONG = 10


def agreement_get(*, agency: Agency, agreement_id: object) -> Agreement:
    return get_for_agency_or_404(Agreement.objects.select_related("client"), agency, agreement_id)


def agreement_detail(*, agency: Agency, agreement_id: object) -> Agreement:
    latest = KpiMeasurement.objects.order_by("-measured_on", "-id")
    queryset = Agreement.objects.select_related("client").prefetch_related(
        "deliverables",
        "periods",
        Prefetch("kpis", queryset=PromisedKpi.objects.prefetch_related(
            Prefetch("measurements", queryset=latest)
        )),
    )
    return get_for_agency_or_404(queryset, agency, agreement_id)


def current_agreement(*, agency: Agency, client_id: int) -> Agreement | None:
    """The active agreement that started last; else the latest of any status."""
    recent = list(agreement_list(agency=agency, client_id=client_id)[:CURRENT_AMONG])
    return next((a for a in recent if a.status == AgreementStatus.ACTIVE), None) or (
        recent[0] if recent else None
    )


def deliverable_list(*, agency: Agency, agreement_id: int | None = None) -> QuerySet[Deliverable]:
    deliverables = Deliverable.objects.for_agency(agency)
    if agreement_id is not None:
        deliverables = deliverables.filter(agreement_id=agreement_id)
    return deliverables.order_by("planned_due", "id")


class DeliverablePlan(NamedTuple):
    """What a timeline needs of a deliverable, read as a plain row."""

    title: str
    status: str
    planned_start: date | None
    planned_due: date
    actual_done: date | None


def deliverable_plans(*, agency: Agency, agreement_id: int) -> list[DeliverablePlan]:
    rows = deliverable_list(agency=agency, agreement_id=agreement_id).values_list(
        *DeliverablePlan._fields
    )
    return [DeliverablePlan(*row) for row in rows]


def deliverable_get(*, agency: Agency, deliverable_id: object) -> Deliverable:
    return get_for_agency_or_404(
        Deliverable.objects.select_related("agreement__client"), agency, deliverable_id
    )


def kpi_get(*, agency: Agency, kpi_id: object) -> PromisedKpi:
    return get_for_agency_or_404(
        PromisedKpi.objects.select_related("agreement__client"), agency, kpi_id
    )


def period_get(*, agency: Agency, period_id: object) -> RetainerPeriod:
    return get_for_agency_or_404(
        RetainerPeriod.objects.select_related("agreement__client"), agency, period_id
    )


def period_burn(*, agreement: Agreement, policy: Policy) -> list[dict]:
    """Each retainer period with its burn and the policy's alerts it has reached."""
    thresholds = (policy.burn_alert_first_pct, policy.burn_alert_second_pct)
    rows = []
    for period in agreement.periods.all():
        plan = period.as_plan()
        alerts = burn_alerts(plan, thresholds)
        rows.append({
            "period": period,
            "burn": burn_pct(plan),
            "alert": bool(alerts),
            "over": policy.burn_alert_second_pct in alerts,
        })
    return rows


def agreement_history(*, agreement: Agreement, limit: int = 30) -> list[dict]:
    """Who changed what and when, for the agreement, its deliverables and KPIs, newest first.
    Two queries per kind of record whatever the history's length: the newest records, then
    the earlier versions of the same objects to diff against."""
    sources = [
        agreement.history.all(),
        Deliverable.history.filter(agreement_id=agreement.pk),
        PromisedKpi.history.filter(agreement_id=agreement.pk),
    ]
    pairs = []
    for history in sources:
        newest = list(history.select_related("history_user").order_by("-history_date")[:limit])
        if not newest:
            continue
        versions: dict[int, list] = {}
        for version in history.filter(id__in={r.id for r in newest}).order_by("history_date"):
            versions.setdefault(version.id, []).append(version)
        for record in newest:
            chain = versions[record.id]
            index = next(i for i, v in enumerate(chain) if v.history_id == record.history_id)
            pairs.append((record, chain[index - 1] if index > 0 else None))
    pairs.sort(key=lambda pair: pair[0].history_date, reverse=True)
    rows = []
    for record, previous in pairs[:limit]:
        model = record.instance_type
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = model._meta.get_field(change.field)
                changes.append((field.verbose_name, change.old, change.new))
        rows.append({
            "record": record,
            "label": model._meta.verbose_name,
            "name": str(record.instance),
            "changes": changes,
        })
    return rows

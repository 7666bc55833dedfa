"""The monthly client report over the API: the same selector and wording as the page."""

from dataclasses import asdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.api import ERRORS, validated
from retainer.core.permissions import authorize
from retainer.reports.document import worded_spots
from retainer.reports.forms import MonthForm
from retainer.reports.schemas import MonthlyReportOut
from retainer.reports.selectors import MonthlyReport, monthly_report

reports_router = Router(tags=["monthly client reports"])


class MonthFilter(Schema):
    month: str = ""


def _minutes(span: timedelta | None) -> int | None:
    return None if span is None else int(span.total_seconds()) // 60


def _out(report: MonthlyReport) -> dict:
    replies = report.replies
    return {
        "client_id": report.client.pk, "month": f"{report.month:%Y-%m}",
        "language": report.language, "currency": report.currency, "running": report.running,
        "before_client": report.before_client, "agreements": report.agreements,
        "weak_spots": [{"code": item.spot.code, "params": item.spot.as_dict(), "text": item.text}
                       for item in worded_spots(report)],
        "delivery": asdict(report.delivery),
        "replies": {"messages": replies.messages, "answered": replies.answered,
                    "median_minutes": _minutes(replies.median),
                    "worst_minutes": _minutes(replies.worst),
                    "target_minutes": _minutes(report.reply_target),
                    "breaches": replies.breaches,
                    "unanswered_breaches": replies.unanswered_breaches},
        "kpis": [{"name": row.kpi.name, "unit": row.kpi.unit, "target": row.kpi.target,
                  "tolerance_pct": row.kpi.tolerance_pct, "direction": row.kpi.direction,
                  "actual": row.actual, "measured_on": row.measured_on, "missed": row.missed}
                 for row in report.kpis],
        "hours": [asdict(row) for row in report.hours],
        "budgets": [asdict(row) for row in report.budgets],
        "register_entries": report.register,
        "requests": asdict(report.requests),
        "ratings": [asdict(row) for row in report.ratings],
        "founded_claims": report.founded_claims, "policy_version": report.policy_version,
    }


@reports_router.get("/clients/{client_id}", response={200: MonthlyReportOut, **ERRORS})
def get_client_report(request: HttpRequest, client_id: int, filters: Query[MonthFilter]):
    """The client's report of a month (`month` as YYYY-MM; the previous month if omitted):
    delivered vs planned, the register entries, response times in business time, KPI
    actuals vs targets, hours vs the plan, and the weak spots — each as a code, its figures
    and the sentence the client reads, in the client's language."""
    authorize(request, Perm.VIEW)
    client = client_get(agency=request.agency, client_id=client_id)
    today = timezone.localdate(timezone=ZoneInfo(request.agency.timezone))
    month = validated(MonthForm, {"month": filters.month}, today=today).cleaned_data["month"]
    return _out(monthly_report(agency=request.agency, client=client, month=month))

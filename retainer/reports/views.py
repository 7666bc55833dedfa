"""The monthly client report: its page, its PDF, and the index of clients to report on."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get, client_list
from retainer.core.pagination import paginate, query_without_page
from retainer.core.pdf import PdfUnavailable, pdf_response, pdf_unavailable, render_pdf
from retainer.core.permissions import require
from retainer.reports.document import report_context, report_filename, report_pdf_html
from retainer.reports.forms import MonthForm, ReportFilterForm
from retainer.reports.selectors import monthly_report, previous_month


def _today(request):
    return timezone.localdate(timezone=ZoneInfo(request.agency.timezone))


@require(Perm.VIEW)
def report_index(request):
    """Clients with links to a month's report (the last complete one unless chosen): all of
    them or the user's own, searched by name."""
    today = _today(request)
    filters = ReportFilterForm(request.GET, today=today)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    month = criteria.get("month") or previous_month(today)
    page = paginate(request, client_list(
        agency=request.agency, q=criteria.get("q") or "",
        manager=request.user.pk if criteria.get("mine") else None))
    return render(request, "reports/report_list.html", {
        "filters": filters, "page": page, "month": month, "month_value": f"{month:%Y-%m}",
        "q": criteria.get("q") or "", "mine": bool(criteria.get("mine")),
        "query": query_without_page(request),
    })


def _month_or_error(request, client):
    """The month asked for, or the page saying what is wrong with the asking (400)."""
    form = MonthForm(request.GET, today=_today(request))
    if form.is_valid():
        return form.cleaned_data["month"], None
    return None, render(request, "reports/report.html", {"client": client, "form": form},
                        status=400)


@require(Perm.VIEW)
def client_report(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    month, refusal = _month_or_error(request, client)
    if refusal is not None:
        return refusal
    report = monthly_report(agency=request.agency, client=client, month=month)
    return render(request, "reports/report.html", report_context(
        agency=request.agency, report=report) | {"form": MonthForm(
            initial={"month": f"{month:%Y-%m}"}, today=_today(request))})


@require(Perm.VIEW)
def client_report_pdf(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    month, refusal = _month_or_error(request, client)
    if refusal is not None:
        return refusal
    report = monthly_report(agency=request.agency, client=client, month=month)
    try:
        body = render_pdf(report_pdf_html(agency=request.agency, report=report))
    except PdfUnavailable as error:
        return pdf_unavailable(request, error, back=reverse(
            "client_report", kwargs={"client_id": client.pk}) + f"?month={month:%Y-%m}")
    return pdf_response(body, report_filename(report), attachment=False)

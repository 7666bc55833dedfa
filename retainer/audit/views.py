"""The audit log page and its CSV export: owners only."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from retainer.accounts.roles import Perm
from retainer.audit.export import audit_csv
from retainer.audit.forms import AuditFilterForm
from retainer.audit.selectors import audit_entries, describe, entries_in_batches
from retainer.core.pagination import paginate_log, query_without_page
from retainer.core.permissions import require


@require(Perm.MANAGE_MEMBERS)
def audit_log(request):
    form = AuditFilterForm(request.GET, agency=request.agency)
    page = None
    if form.is_valid():
        page = paginate_log(request, audit_entries(agency=request.agency, **form.filters()))
        page.object_list = describe(page.object_list)
    return render(request, "audit/log.html", {
        "form": form, "page": page, "query": query_without_page(request),
    })


@require(Perm.MANAGE_MEMBERS)
def audit_log_csv(request):
    form = AuditFilterForm(request.GET, agency=request.agency)
    if not form.is_valid():
        # The page links here only with filters it accepted: this is a hand-made address.
        return HttpResponseBadRequest("\n".join(
            text for errors in form.errors.values() for text in errors),
            content_type="text/plain; charset=utf-8")
    rows = audit_entries(agency=request.agency, **form.filters())
    zone = ZoneInfo(request.agency.timezone)
    response = StreamingHttpResponse(audit_csv(entries_in_batches(rows), zone),
                                     content_type="text/csv; charset=utf-8")
    today = timezone.localdate(timezone=zone).isoformat()
    response["Content-Disposition"] = content_disposition_header(True, f"audit-{today}.csv")
    response["Cache-Control"] = "private, no-store"
    return response

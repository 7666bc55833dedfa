"""The discrepancy register of an agreement: the page and its three exports."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from retainer.accounts.roles import Perm
from retainer.agreements.selectors import agreement_get
from retainer.core.pagination import paginate, query_without_page
from retainer.core.pdf import PdfUnavailable, pdf_response, pdf_unavailable, render_pdf
from retainer.core.permissions import require
from retainer.scope.register import (
    export_filename,
    export_rows,
    register_csv,
    register_entries,
    register_kind,
    register_pdf_html,
    register_totals,
    xlsx_bytes,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agreement_and_kind(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    return agreement, register_kind(request.GET.get("kind"))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require(Perm.VIEW)
def agreement_register(request, agreement_id):
    agreement, kind = _agreement_and_kind(request, agreement_id)
    page = paginate(request, register_entries(agreement=agreement, kind=kind))
    return render(request, "scope/register.html", {
        "agreement": agreement, "client": agreement.client, "kind": kind, "page": page,
        "totals": register_totals(agreement=agreement), "query": query_without_page(request),
        "export_query": f"?kind={kind}" if kind else "",
    })


@require(Perm.VIEW)
def agreement_register_csv(request, agreement_id):
    agreement, kind = _agreement_and_kind(request, agreement_id)
    words, rows = export_rows(agency=request.agency, agreement=agreement, kind=kind)
    response = StreamingHttpResponse(register_csv(words, rows),
                                     content_type="text/csv; charset=utf-8")
    return _attachment(response, export_filename(agreement, "register", "csv"))


@require(Perm.VIEW)
def agreement_register_xlsx(request, agreement_id):
    agreement, kind = _agreement_and_kind(request, agreement_id)
    words, rows = export_rows(agency=request.agency, agreement=agreement, kind=kind)
    body = xlsx_bytes(words, rows, title=agreement.title)
    return _attachment(HttpResponse(body, content_type=XLSX_TYPE),
                       export_filename(agreement, "register", "xlsx"))


@require(Perm.VIEW)
def agreement_register_pdf(request, agreement_id):
    agreement, kind = _agreement_and_kind(request, agreement_id)
    html = register_pdf_html(agency=request.agency, agreement=agreement, kind=kind)
    try:
        body = render_pdf(html)
    except PdfUnavailable as error:
        return pdf_unavailable(request, error, back=reverse(
            "agreement_register", kwargs={"agreement_id": agreement.pk}))
    return pdf_response(body, export_filename(agreement, "register", "pdf"))

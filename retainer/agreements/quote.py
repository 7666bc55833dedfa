"""The agreement summary / quote (BRIEF C1): one A4 page in the client's language with the
deliverables, their estimate and timing, the price, the promised KPIs and — as important —
what is not promised, the communication rules and what happens when changes come (the
kickoff checklist discussed at the first call).

The page is laid out by WeasyPrint at a regular density first; an agreement too long for one
page is laid out again more compactly, so a realistic agreement always prints on one sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from retainer.accounts.models import Agency
from retainer.accounts.roles import Perm
from retainer.agreements.models import Agreement, Deliverable, PromisedKpi
from retainer.core.pdf import (
    FONT_STACK,
    PdfUnavailable,
    pdf_response,
    pdf_unavailable,
    render_document,
)
from retainer.core.permissions import require
from retainer.core.tenancy import get_for_agency_or_404
from retainer.rules.scope.reply import estimate, money

TEMPLATE = "agreements/quote_pdf.html"
# Tried in order until the summary fits on one page.
DENSITIES = ("regular", "compact", "tight")


def quote_agreement(*, agency: Agency, agreement_id: object) -> Agreement:
    """The agreement with its client, deliverables (by due date) and KPIs: three queries."""
    queryset = Agreement.objects.select_related("client").prefetch_related(
        Prefetch("deliverables", queryset=Deliverable.objects.order_by("planned_due", "id")),
        Prefetch("kpis", queryset=PromisedKpi.objects.order_by("id")),
    )
    return get_for_agency_or_404(queryset, agency, agreement_id)


@dataclass(frozen=True)
class QuoteLine:
    title: str
    start: date | None
    due: date
    hours: str


@dataclass(frozen=True)
class QuoteKpi:
    name: str
    target: str
    direction: str
    tolerance: str


def _number(value: Decimal, language: str, digits: int = 2) -> str:
    return format_decimal(value, format="#,##0." + "#" * digits, locale=language)


def quote_context(*, agency: Agency, agreement: Agreement, today: date | None = None) -> dict:
    """Everything the summary shows, with numbers and money already written the way the
    client's language writes them."""
    language = agreement.client.reading_language
    currency = agency.currency
    deliverables = list(agreement.deliverables.all())
    total_hours = sum((d.estimate_hours for d in deliverables), Decimal(0))
    by_estimate = total_hours * agreement.hourly_rate
    price = agreement.budget if agreement.budget is not None else by_estimate
    with translation.override(language):
        kpis = [
            QuoteKpi(
                name=kpi.name,
                target=f"{_number(kpi.target, language, 3)} {kpi.unit}".strip(),
                direction=str(kpi.get_direction_display()),
                tolerance=(f"± {_number(kpi.tolerance_pct, language)} %"
                           if kpi.tolerance_pct else ""),
            )
            for kpi in agreement.kpis.all()
        ]
        channels = agreement.channel_labels
    return {
        "agency": agency,
        "agreement": agreement,
        "client": agreement.client,
        "language": language,
        "font_stack": FONT_STACK,
        "today": today or timezone.localdate(timezone=ZoneInfo(agency.timezone)),
        "lines": [
            QuoteLine(d.title, d.planned_start, d.planned_due,
                      _number(d.estimate_hours, language))
            for d in deliverables
        ],
        "kpis": kpis,
        "channels": channels,
        "total_hours": _number(total_hours, language),
        "price": money(price, currency, language),
        "price_is_budget": agreement.budget is not None,
        "hourly_rate": money(agreement.hourly_rate, currency, language),
        "response_hours": _number(agreement.response_target_hours, language),
        "threshold": estimate(agreement.free_change_threshold_min, language),
        "free_budget": estimate(agreement.monthly_free_budget_min, language),
        "included_hours": (_number(agreement.included_hours, language)
                           if agreement.included_hours else ""),
    }


def quote_html(context: dict, density: str = DENSITIES[0]) -> str:
    with translation.override(context["language"]):
        return render_to_string(TEMPLATE, context | {"density": density})


def quote_document(*, agency: Agency, agreement: Agreement, today: date | None = None):
    """The laid-out summary: the first density at which it takes one page, else the most
    compact one (an agreement with dozens of deliverables takes more than a page)."""
    context = quote_context(agency=agency, agreement=agreement, today=today)
    for density in DENSITIES:
        document = render_document(quote_html(context, density))
        if len(document.pages) == 1:
            break
    return document


def quote_filename(agreement: Agreement) -> str:
    slug = slugify(agreement.title, allow_unicode=True)[:60].strip("-")
    return f"quote-{agreement.pk}{'-' + slug if slug else ''}.pdf"


@require(Perm.VIEW)
def agreement_quote_pdf(request, agreement_id):
    """The one-page summary / quote as a PDF, opened in the browser to print or send."""
    agreement = quote_agreement(agency=request.agency, agreement_id=agreement_id)
    try:
        document = quote_document(agency=request.agency, agreement=agreement)
    except PdfUnavailable as error:
        return pdf_unavailable(request, error, back=reverse(
            "agreement_detail", kwargs={"agreement_id": agreement.pk}))
    return pdf_response(document.write_pdf(), quote_filename(agreement), attachment=False)

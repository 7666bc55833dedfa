"""The monthly report as the client reads it — on the web page and as a PDF on the agency's
letterhead — in the client's language, with the weak spots first (article 003: laid bare,
not hidden)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from babel.dates import format_date
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from retainer.accounts.models import Agency
from retainer.core.pdf import FONT_STACK
from retainer.reports.selectors import MonthlyReport
from retainer.reports.wording import weak_spot_text
from retainer.rules.report import WeakSpot

PDF_TEMPLATE = "reports/report_pdf.html"


@dataclass(frozen=True)
class WordedSpot:
    spot: WeakSpot
    text: str


def worded_spots(report: MonthlyReport) -> list[WordedSpot]:
    return [WordedSpot(spot, weak_spot_text(spot, language=report.language,
                                            currency=report.currency))
            for spot in report.weak_spots]


def month_name(month: date, language: str) -> str:
    """"март 2026", "березень 2026", "March 2026": the month as its language names it alone."""
    return format_date(month, "LLLL yyyy", locale=language)


def report_context(*, agency: Agency, report: MonthlyReport) -> dict:
    return {
        "agency": agency, "report": report, "client": report.client,
        "language": report.language, "spots": worded_spots(report),
        "month_name": month_name(report.month, report.language),
        "month_value": report.month.strftime("%Y-%m"),
    }


def report_pdf_html(*, agency: Agency, report: MonthlyReport, today: date | None = None) -> str:
    context = report_context(agency=agency, report=report) | {
        "font_stack": FONT_STACK,
        "issued": today or timezone.localdate(timezone=ZoneInfo(agency.timezone)),
    }
    with translation.override(report.language):
        return render_to_string(PDF_TEMPLATE, context)


def report_filename(report: MonthlyReport) -> str:
    slug = slugify(report.client.name, allow_unicode=True)[:60].strip("-")
    return f"report-{report.month:%Y-%m}-{report.client.pk}{'-' + slug if slug else ''}.pdf"

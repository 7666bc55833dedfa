"""The discrepancy register of an agreement (BRIEF C2): what the register page reads, and its
exports — CSV, XLSX and PDF — written in the client's language, because the register is the
record both sides look at.

The entries' own texts (subject, before, after) were written in the client's language when
they were recorded (`scope.services`); the exports add headers, types and yes/no in the same
language. The words are looked up once, before the rows are written, so a streamed CSV needs
no active translation while it is being sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency
from retainer.agreements.models import Agreement
from retainer.core.csv_export import csv_chunks, inert
from retainer.core.labels import label
from retainer.scope.models import Discrepancy, DiscrepancyKind

# Rows fetched from the database at a time while an export is written.
EXPORT_CHUNK = 2000


def register_kind(value: object) -> str:
    """A type to filter by, from a query parameter; anything unknown means all types."""
    return value if isinstance(value, str) and value in DiscrepancyKind.values else ""


def register_entries(*, agreement: Agreement, kind: str = "") -> QuerySet[Discrepancy]:
    """The agreement's entries in the order they were agreed, each with the names the register
    shows (contact, source request, deliverable) joined in — one query for any number."""
    entries = Discrepancy.objects.filter(agency_id=agreement.agency_id, agreement_id=agreement.pk)
    if kind:
        entries = entries.filter(kind=kind)
    return (
        entries.select_related("agreed_by")
        .annotate(request_title=F("request__title"), deliverable_title=F("deliverable__title"))
        .order_by("agreed_at", "id")
    )


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    count: int
    bonuses: int
    not_communicated: int


@dataclass(frozen=True)
class RegisterTotals:
    kinds: list[KindTotal]
    count: int
    bonuses: int
    not_communicated: int


def register_totals(*, agreement: Agreement) -> RegisterTotals:
    """Entries, bonuses and entries not yet communicated, per type and overall (one query)."""
    rows = {
        row["kind"]: row
        for row in Discrepancy.objects.filter(
            agency_id=agreement.agency_id, agreement_id=agreement.pk,
        ).values("kind").annotate(
            count=Count("id"),
            bonuses=Count("id", filter=Q(is_bonus=True)),
            not_communicated=Count("id", filter=Q(communicated=False)),
        ).order_by()
    }
    kinds = [
        KindTotal(kind, label(DiscrepancyKind, kind), row.get("count", 0), row.get("bonuses", 0),
                  row.get("not_communicated", 0))
        for kind in DiscrepancyKind.values
        for row in [rows.get(kind, {})]
    ]
    return RegisterTotals(
        kinds=kinds, count=sum(k.count for k in kinds), bonuses=sum(k.bonuses for k in kinds),
        not_communicated=sum(k.not_communicated for k in kinds),
    )


# --- exports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterWords:
    """The export's words in one language, looked up once."""

    language: str
    header: tuple[str, ...]
    kinds: dict[str, str]
    yes: str
    no: str


def register_words(language: str) -> RegisterWords:
    with translation.override(language):
        return RegisterWords(
            language=language,
            header=(_("Date agreed"), _("Type"), _("Subject"), _("Before"), _("After"),
                    _("Deliverable"), _("Agreed by (client side)"), _("Bonus"),
                    _("Communicated to the client"), _("Source request")),
            kinds={kind: str(name) for kind, name in DiscrepancyKind.choices},
            yes=_("yes"), no=_("no"),
        )


def register_rows(entries: Iterable[Discrepancy], words: RegisterWords, zone: ZoneInfo
                  ) -> Iterator[tuple]:
    """One tuple per entry, in the header's order; the first item is the local date."""
    for entry in entries:
        yield (
            timezone.localtime(entry.agreed_at, zone).date(),
            words.kinds.get(entry.kind, entry.kind),
            entry.subject,
            entry.before,
            entry.after,
            entry.deliverable_title or "",
            entry.agreed_by_display,
            words.yes if entry.is_bonus else words.no,
            words.yes if entry.communicated else words.no,
            entry.request_title or "",
        )


def export_rows(*, agency: Agency, agreement: Agreement, kind: str = ""):
    """The words and the (lazily fetched) rows of an export of the agreement's register."""
    words = register_words(agreement.client.reading_language)
    entries = register_entries(agreement=agreement, kind=kind).iterator(chunk_size=EXPORT_CHUNK)
    return words, register_rows(entries, words, ZoneInfo(agency.timezone))


def register_csv(words: RegisterWords, rows: Iterable[tuple]) -> Iterator[str]:
    """The register as CSV text in chunks; an entry's subject comes from what a client wrote,
    so every text is made inert."""
    return csv_chunks(words.header, ([day.isoformat(), *(inert(text) for text in texts)]
                                     for day, *texts in rows))


XLSX_DATE_FORMATS = {"ru": "DD.MM.YYYY", "uk": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
XLSX_WIDTHS = (12, 12, 40, 36, 44, 28, 24, 8, 14, 40)
SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def xlsx_bytes(words: RegisterWords, rows: Iterable[tuple], title: str) -> bytes:
    """The register as an Excel workbook: a bold header row, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title.translate(SHEET_TITLE_FORBIDDEN).strip()
                                         or "register")[:31])
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in words.header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    date_format = XLSX_DATE_FORMATS.get(words.language, "YYYY-MM-DD")
    for day, *texts in rows:
        day_cell = WriteOnlyCell(sheet, value=day)
        day_cell.number_format = date_format
        cells = [day_cell]
        for text in texts:
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        sheet.append(cells)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


# WeasyPrint lays out some 60 register rows a second: the PDF holds the latest entries up to
# this many (about 50 pages, a few seconds); the CSV and XLSX exports hold every entry.
PDF_MAX_ENTRIES = 500


def register_pdf_html(*, agency: Agency, agreement: Agreement, kind: str = "",
                      today: date | None = None, limit: int = PDF_MAX_ENTRIES) -> str:
    """The printable register: agency, client, agreement, totals and the entries (the latest
    `limit` of them, saying so when there are more), in the client's language."""
    from retainer.core.pdf import FONT_STACK

    language = agreement.client.reading_language
    words = register_words(language)
    zone = ZoneInfo(agency.timezone)
    latest = list(register_entries(agreement=agreement, kind=kind).reverse()[:limit])
    rows = list(register_rows(reversed(latest), words, zone))
    with translation.override(language):
        totals = register_totals(agreement=agreement)
        total = next((k.count for k in totals.kinds if k.kind == kind), 0) if kind \
            else totals.count
        return render_to_string("scope/register_pdf.html", {
            "agency": agency, "agreement": agreement, "client": agreement.client,
            "words": words, "rows": rows, "totals": totals, "shown": len(rows),
            "total": total, "kind_label": words.kinds.get(kind, ""), "font_stack": FONT_STACK,
            "today": today or timezone.localdate(timezone=zone), "language": language,
        })


def export_filename(agreement: Agreement, stem: str, extension: str) -> str:
    slug = slugify(agreement.title, allow_unicode=True)[:60].strip("-")
    return f"{stem}-{agreement.pk}{'-' + slug if slug else ''}.{extension}"

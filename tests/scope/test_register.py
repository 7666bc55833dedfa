"""The discrepancy register of an agreement: the page (filter, totals, pagination, a query
count that does not grow with the register) and its CSV, XLSX and PDF exports in the
client's language."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from retainer.core import pdf
from retainer.scope.models import ClientRequest, Discrepancy, DiscrepancyKind
from retainer.scope.register import register_pdf_html, register_totals, register_words
from tests.factories import AgreementFactory, ClientFactory

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


def url(agreement, suffix="register/") -> str:
    return f"/agreements/{agreement.pk}/{suffix}"


def add_entries(world, n: int, *, start: datetime | None = None, **fields) -> list[Discrepancy]:
    """n register entries of the world's agreement, every type in turn, each from a request
    and agreed by a contact (so that the page must join both)."""
    start = start or datetime(2026, 3, 2, 23, 30, tzinfo=MOSCOW)
    request = ClientRequest.objects.create(
        agency=world.client.agency, client=world.client, agreement=world.agreement,
        title="Новый размер баннера", estimate_min=30, created_at=start,
    )
    kinds = DiscrepancyKind.values
    return Discrepancy.objects.bulk_create(
        Discrepancy(
            agency=world.client.agency, agreement=world.agreement, client=world.client,
            kind=kinds[i % len(kinds)], subject=f"Правка №{i}", before="Не входит в договор",
            after="Сделано бесплатно как бонус сверх договора (30 минут)",
            agreed_by=world.contact, agreed_at=start + timedelta(minutes=i), request=request,
            deliverable=world.deliverable, is_bonus=i % 2 == 0, communicated=i % 3 != 0,
            recorded_at=start + timedelta(minutes=i), **fields,
        )
        for i in range(n)
    )


# --- the page ---------------------------------------------------------------------------------


def test_the_register_page_lists_entries_with_totals_and_links(team, world, as_user):
    add_entries(world, 6)
    response = as_user(team.petro).get(url(world.agreement))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Правка №0" in page and "Правка №5" in page
    assert "Не входит в договор" in page and world.contact.name in page
    assert "02.03.2026" in page  # 23:30 in Moscow: the agency's day, not UTC's
    assert f"/requests/{Discrepancy.objects.first().request_id}/" in page
    for suffix in ("register.csv", "register.xlsx", "register.pdf"):
        assert url(world.agreement, suffix) in page
    totals = register_totals(agreement=world.agreement)
    assert (totals.count, totals.bonuses, totals.not_communicated) == (6, 3, 2)
    assert [k.count for k in totals.kinds] == [2, 2, 1, 1]


def test_the_page_filters_by_type_and_ignores_an_unknown_one(team, world, as_user):
    add_entries(world, 8)
    http = as_user(team.masha)
    deadlines = http.get(url(world.agreement) + "?kind=deadline")
    assert [e.kind for e in deadlines.context["page"].object_list] == ["deadline", "deadline"]
    assert "register.csv?kind=deadline" in deadlines.content.decode()
    everything = http.get(url(world.agreement) + "?kind=<script>")
    assert everything.status_code == 200
    assert len(everything.context["page"].object_list) == 8


def test_an_empty_register_says_so(team, world, as_user):
    response = as_user(team.masha).get(url(world.agreement))
    assert response.context["totals"].count == 0
    assert '<p class="empty">' in response.content.decode()
    filtered = as_user(team.masha).get(url(world.agreement) + "?kind=kpi")
    assert filtered.status_code == 200


def test_the_register_pages_through_long_registers(team, world, as_user, settings):
    settings.RETAINER_PAGE_SIZE = 5
    add_entries(world, 12)
    http = as_user(team.masha)
    third = http.get(url(world.agreement) + "?page=3")
    assert [e.subject for e in third.context["page"].object_list] == ["Правка №10", "Правка №11"]
    assert http.get(url(world.agreement) + "?page=x").status_code == 200


def test_query_count_is_the_same_for_5_and_5000_entries(team, world, as_user):
    http = as_user(team.masha)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = http.get(path)
        assert response.status_code == 200
        return len(captured)

    add_entries(world, 5)
    small = (queries(url(world.agreement)), queries(url(world.agreement) + "?kind=scope&page=2"))
    Discrepancy.objects.all().delete()
    add_entries(world, 5000)
    large = (queries(url(world.agreement)), queries(url(world.agreement) + "?kind=scope&page=2"))
    assert small == large


def test_another_agreement_entries_stay_out(team, world, as_user):
    add_entries(world, 2)
    other = AgreementFactory(client=world.client)
    page = as_user(team.masha).get(url(other))
    assert page.context["totals"].count == 0
    assert "Правка №0" not in page.content.decode()


# --- exports ---------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("language", ["ru", "uk", "en"])
def test_csv_is_in_the_client_language_whatever_the_reader(team, world, as_user, language):
    type(world.client).objects.filter(pk=world.client.pk).update(language=language)
    add_entries(world, 3)
    response = as_user(team.masha).get(url(world.agreement, "register.csv"),
                                       HTTP_ACCEPT_LANGUAGE="en" if language != "en" else "ru")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".csv" in response["Content-Disposition"]
    rows = read_csv(response)
    words = register_words(language)
    assert tuple(rows[0]) == words.header
    deliverable_header = {"ru": "Результат", "uk": "Результат", "en": "Deliverable"}[language]
    assert deliverable_header in rows[0]
    with translation.override(language):
        scope_label = str(DiscrepancyKind.SCOPE.label)
    assert rows[1] == ["2026-03-02", scope_label, "Правка №0", "Не входит в договор",
                       "Сделано бесплатно как бонус сверх договора (30 минут)",
                       world.deliverable.title, world.contact.name, words.yes, words.no,
                       "Новый размер баннера"]
    assert len(rows) == 4


def test_csv_streams_a_large_register_and_neutralizes_formulas(team, world, as_user):
    add_entries(world, 2500)
    Discrepancy.objects.filter(subject="Правка №1").update(subject="=HYPERLINK(\"x\")")
    response = as_user(team.masha).get(url(world.agreement, "register.csv") + "?kind=budget")
    assert response.streaming
    rows = read_csv(response)
    assert len(rows) == 1 + 2500 // 4
    everything = read_csv(as_user(team.masha).get(url(world.agreement, "register.csv")))
    assert everything[2][2] == "'=HYPERLINK(\"x\")"


def test_xlsx_has_a_bold_header_dates_as_dates_and_client_words(team, world, as_user):
    add_entries(world, 4)
    Discrepancy.objects.filter(subject="Правка №1").update(subject="=1+1")
    response = as_user(team.masha).get(url(world.agreement, "register.xlsx"),
                                       HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == register_words("ru").header
    assert "Результат" in rows[0]
    assert sheet["A1"].font.bold
    assert isinstance(rows[1][0], datetime)  # a date cell: openpyxl reads it as a datetime
    assert rows[1][0].date() == date(2026, 3, 2)
    assert sheet["A2"].number_format == "DD.MM.YYYY"
    assert rows[1][2] == "Правка №0" and rows[1][6] == world.contact.name
    assert rows[2][2] == "=1+1" and sheet["C3"].data_type == "s"
    assert len(rows) == 5


def test_register_pdf(team, world, as_user):
    add_entries(world, 30)
    response = as_user(team.masha).get(url(world.agreement, "register.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF") and len(response.content) > 1024


def test_register_pdf_names_agency_client_and_agreement_in_the_client_language(team, world):
    add_entries(world, 3)
    html = register_pdf_html(agency=team.agency, agreement=world.agreement,
                             today=date(2026, 3, 5))
    assert team.agency.name in html and world.client.name in html
    assert world.agreement.title in html and "Правка №2" in html
    assert "Клиент" in html and "Результат" in html and "05.03.2026" in html
    english = ClientFactory(agency=team.agency, language="en")
    world.agreement.client = english
    html = register_pdf_html(agency=team.agency, agreement=world.agreement)
    assert "Client" in html and "Deliverable" in html


def test_a_long_register_prints_its_latest_entries_and_says_so(team, world):
    add_entries(world, 5)
    html = register_pdf_html(agency=team.agency, agreement=world.agreement, limit=3)
    assert [f"Правка №{i}" in html for i in range(5)] == [False, False, True, True, True]
    assert html.index("Правка №2") < html.index("Правка №4")  # still in agreed order
    note = html.split('<p class="note">')[1].split("</p>")[0]
    assert "3" in note and "5" in note
    full = register_pdf_html(agency=team.agency, agreement=world.agreement)
    assert 'class="note"' not in full


def test_pdf_views_explain_what_to_install_when_weasyprint_cannot_load(team, world, as_user,
                                                                       monkeypatch):
    def broken(name):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "import_module", broken)
    http = as_user(team.masha)
    for path in (url(world.agreement, "register.pdf"), url(world.agreement, "quote.pdf")):
        response = http.get(path)
        assert response.status_code == 503
        assert "apt install libpango-1.0-0 libpangoft2-1.0-0" in response.content.decode()


def test_an_entry_agreed_by_name_only(team, world, as_user):
    add_entries(world, 1, agreed_by_name="Сергей из бухгалтерии")
    Discrepancy.objects.update(agreed_by=None)
    page = as_user(team.masha).get(url(world.agreement)).content.decode()
    assert "Сергей из бухгалтерии" in page
    rows = read_csv(as_user(team.masha).get(url(world.agreement, "register.csv")))
    assert rows[1][6] == "Сергей из бухгалтерии"

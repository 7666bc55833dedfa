"""The report's page, its PDF and the reports index: in the client's language, the weak spots
stated, user text escaped, bad months refused plainly, another agency's client not found, and
the same number of queries for a long month as for a short one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from retainer.conversations.models import Interaction
from retainer.core.pdf import render_document
from retainer.reports.document import report_pdf_html
from retainer.reports.selectors import monthly_report
from retainer.scope.models import Discrepancy
from retainer.status.services import rating_record
from tests.factories import ClientFactory, DeliverableFactory, MeasurementFactory
from tests.reports.conftest import MARCH, at, make_march

pytestmark = pytest.mark.django_db


def page_url(client, name="client_report", month="2026-03"):
    url = reverse(name, kwargs={"client_id": client.pk})
    return f"{url}?month={month}" if month is not None else url


def printed(html: str) -> str:
    """The text of the laid-out pages, as a reader sees it."""
    words = []
    for page in render_document(html).pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if hasattr(box, "text"):
                words.append(box.text)
            stack.extend(reversed(getattr(box, "children", [])))
    return " ".join(" ".join(words).split())


def test_the_page_states_the_weak_spots_in_the_client_language(team, march, as_user):
    response = as_user(team.petro).get(page_url(march.client))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ru"' in html
    assert html.count('class="weak-spot"') == 9
    assert 'data-code="deliverable_late"' in html and 'data-code="claims_founded"' in html
    # Dates and figures as the client's language writes them.
    spots = html.split('class="weak-spots"')[1].split("</section>")[0]
    assert "Лендинг" in spots and "25.03.2026" in spots and "2026-03-25" not in html
    assert "1,2 %" in spots and "1,5 %" in spots and "12\u00a0000,00\u00a0₽" in spots
    assert "Клиент" in html  # the report's own words are the client's, not the user's
    assert reverse("client_report_pdf", kwargs={"client_id": march.client.pk}) in html


def test_an_english_client_reads_english(team, as_user):
    march = make_march(team, name="Acme Ltd", language="en")
    html = as_user(team.masha).get(page_url(march.client)).content.decode()
    assert 'lang="en"' in html and "2026-03-25" in html
    assert "“Лендинг”, due 2026-03-25, was not delivered on time: 7 days overdue." in html
    assert "1 of your claims was founded: we got it wrong, and we said so." in html
    assert "You rated “Баннеры” 2 out of 5." in html


def test_the_previous_month_by_default(team, march, as_user):
    html = as_user(team.masha).get(page_url(march.client, month=None)).content.decode()
    assert 'value="2026-11"' in html  # the tests run in December 2026


@pytest.mark.parametrize("month", ["2026-13", "март", "2026-3", "1999-12", "2027-01",
                                   "2026-03' OR 1=1"])
def test_a_bad_month_is_refused_with_a_reason(team, march, as_user, month):
    http = as_user(team.masha)
    for name in ("client_report", "client_report_pdf"):
        response = http.get(page_url(march.client, name, month))
        assert response.status_code == 400
        html = response.content.decode()
        assert 'role="alert"' in html
    api = http.get(f"/api/reports/clients/{march.client.pk}?month={month}")
    assert api.status_code == 422


def test_a_month_before_the_client_was_ours_is_an_honest_empty_report(team, as_user):
    march = make_march(team, name="Acme Ltd", language="en")
    response = as_user(team.masha).get(page_url(march.client, month="2025-06"))
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Acme Ltd was not yet our client in June 2025: nothing was planned, delivered or "
            "agreed, so this report is empty.") in html
    assert 'class="weak-spot"' not in html and "Nothing was due or delivered" in html


def test_the_pdf_opens_on_the_letterhead_in_the_client_language(team, march, as_user):
    team.agency.legal_name = "ООО «Северный ветер»"
    team.agency.letterhead = "Москва, ул. Ветреная, 1"
    team.agency.save()
    response = as_user(team.petro).get(page_url(march.client, "client_report_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = report_pdf_html(agency=team.agency, report=monthly_report(
        agency=team.agency, client=march.client, month=MARCH))
    assert '<html lang="ru">' in html
    text = printed(html)
    for expected in ("ООО «Северный ветер»", "Москва, ул. Ветреная, 1", "ООО «Ромашка»",
                     "Клиент", "Лендинг", "25.03.2026"):
        assert expected in text


def test_user_text_is_printed_as_text(team, as_user):
    march = make_march(team, name="<b>Acme</b> & <script>x()</script>")
    DeliverableFactory(agreement=march.agreement, title="<i>Баннер</i>",
                       planned_due=MARCH + timedelta(days=3))
    html = as_user(team.masha).get(page_url(march.client)).content.decode()
    assert "<b>Acme</b>" not in html and "<script>x()</script>" not in html
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp;" in html
    assert "<i>Баннер</i>" not in html and "&lt;i&gt;Баннер&lt;/i&gt;" in html
    pdf_html = report_pdf_html(agency=team.agency, report=monthly_report(
        agency=team.agency, client=march.client, month=MARCH))
    assert "<b>Acme</b>" not in pdf_html
    assert "<b>Acme</b> & <script>x()</script>" in printed(pdf_html)


def test_another_agency_client_is_not_found(team, rival, march, as_user):
    http = as_user(rival.olena)
    for name in ("client_report", "client_report_pdf"):
        assert http.get(page_url(march.client, name)).status_code == 404
    assert http.get(f"/api/reports/clients/{march.client.pk}").status_code == 404


def test_the_client_page_links_to_the_report(team, march, as_user):
    html = as_user(team.petro).get(
        reverse("client_detail", kwargs={"client_id": march.client.pk})).content.decode()
    assert reverse("client_report", kwargs={"client_id": march.client.pk}) in html
    assert reverse("client_report_pdf", kwargs={"client_id": march.client.pk}) in html


def test_the_index_lists_clients_with_last_month_links_mine_and_search(team, march, as_user):
    ClientFactory(agency=team.agency, name="Чужой клиент Ивана", account_manager=team.ivan.user)
    http = as_user(team.masha)
    html = http.get(reverse("report_list")).content.decode()
    assert "ООО «Ромашка»" in html and "Чужой клиент Ивана" in html
    assert f"{page_url(march.client, month='2026-11')}" in html
    mine = http.get(reverse("report_list") + "?mine=on").content.decode()
    assert "ООО «Ромашка»" in mine and "Чужой клиент Ивана" not in mine
    found = http.get(reverse("report_list") + "?q=ромаш").content.decode()
    assert "ООО «Ромашка»" in found and "Чужой клиент Ивана" not in found
    chosen = http.get(reverse("report_list") + "?month=2026-03").content.decode()
    assert page_url(march.client) in chosen
    bad = http.get(reverse("report_list") + "?month=2026-99")
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()


def grow(team, march, times: int) -> None:
    """More of everything in March: deliverables, messages, register entries, ratings."""
    for index in range(times):
        deliverable = DeliverableFactory(
            agreement=march.agreement, title=f"Пост {index}", estimate_hours=1, actual_hours=2,
            planned_due=MARCH + timedelta(days=index % 28),
            actual_done=MARCH + timedelta(days=(index + 2) % 28), status="approved")
        rating_record(deliverable=deliverable, score=1 + index % 5, now=at(3, 20, 12))
        MeasurementFactory(kpi=march.agreement.kpis.first(),
                           measured_on=MARCH + timedelta(days=index % 28))
        Discrepancy.objects.create(
            agency=team.agency, agreement=march.agreement, client=march.client, kind="scope",
            subject=f"Бонус {index}", after="сделано", agreed_at=at(3, 1 + index % 28, 12),
            is_bonus=True, recorded_at=at(3, 1 + index % 28, 12))
    Interaction.objects.bulk_create(
        Interaction(agency=team.agency, client=march.client, channel="email", direction="in",
                    occurred_at=at(3, 2 + index % 20, 10), text=f"Вопрос {index}",
                    reply_target_seconds=4 * 3600,
                    replied_at=at(3, 2 + index % 20, 15))
        for index in range(times * 3))


def test_the_page_the_pdf_html_and_the_api_cost_the_same_queries_for_a_long_month(
        team, march, as_user):
    http = as_user(team.masha)
    urls = [page_url(march.client), f"/api/reports/clients/{march.client.pk}?month=2026-03",
            reverse("report_list")]

    def queries():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert http.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    grow(team, march, 2)
    ClientFactory(agency=team.agency)
    few = queries()
    grow(team, march, 25)
    for _index in range(30):
        ClientFactory(agency=team.agency)
    assert queries() == few
    assert few[0] <= 25

"""The apology letter: on the agency's letterhead, dated, in the client's language, ready to
sign, saying what we apologise for and what we will do; user text printed as text."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from retainer.core.pdf import render_document
from retainer.recovery.letter import letter_context, letter_html, letter_plan
from retainer.recovery.services import plan_create, step_update
from tests.factories import ContactFactory
from tests.recovery.conftest import ANGRY, NOW, unhappy_client

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 23)


@pytest.fixture
def agency(team):
    agency = team.agency
    agency.legal_name = "ООО «Северный ветер»"
    agency.letterhead = "Москва, ул. Ветреная, 1\nИНН 7700000000"
    agency.signatory_name = "Олена Коваль"
    agency.signatory_title = "Генеральный директор"
    agency.save()
    return agency


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


def letter(agency, client, note: str = ""):
    plan = plan_create(client=client, user=None, faulty_work_min=480, our_fault=True, now=NOW)
    if note:
        step_update(step=plan.steps.get(action="apology_letter"), data={"note": note},
                    user=None, now=NOW)
    plan, step = letter_plan(client)
    return letter_html(letter_context(agency=agency, client=client, plan=plan, step=step,
                                      today=DAY))


def test_the_letter_is_on_the_letterhead_dated_and_ready_to_sign(team, agency):
    client = unhappy_client(team, ANGRY, "ООО «Гнев»")
    ContactFactory(client=client, name="Ирина Петрова", position="Директор по маркетингу",
                   is_decision_maker=True)
    html = letter(agency, client, note="ошибки в макетах весенней кампании")
    assert '<html lang="ru">' in html
    text = printed(html)
    for expected in ("ООО «Северный ветер»", "ИНН 7700000000", "Олена Коваль",
                     "Генеральный директор", "23.11.2026", "ООО «Гнев»", "Ирина Петрова",
                     "ошибки в макетах весенней кампании"):
        assert expected in text
    # What we will do, with the due dates the plan set (the redo: two business days).
    assert "25.11.2026" in text


def test_an_english_client_gets_the_english_letter(team, agency):
    client = unhappy_client(team, "This is the third time. We will sue you and won't pay.",
                            "Acme Ltd", language="en")
    html = letter(agency, client)
    assert '<html lang="en">' in html
    text = printed(html)
    assert "2026-11-23" in text and "Letter of apology" in text
    assert "the fault is ours" in text


def test_user_text_with_markup_is_printed_as_text(team, agency):
    client = unhappy_client(team, ANGRY, "<b>Acme</b> & <script>x()</script>")
    html = letter(agency, client, note="<i>the delay</i>")
    assert "<b>Acme</b>" not in html and "&lt;b&gt;Acme&lt;/b&gt; &amp;" in html
    assert "<i>the delay</i>" not in html
    text = printed(html)
    assert "<b>Acme</b> & <script>x()</script>" in text
    assert "<i>thedelay</i>" in text.replace(" ", "")  # a line may break inside the tag


def test_the_letter_page_is_a_pdf_and_404_without_a_plan(team, agency, as_user):
    from datetime import timedelta

    from django.utils import timezone

    client = unhappy_client(team, ANGRY, "ООО «Гнев»", when=timezone.now() - timedelta(hours=1))
    http = as_user(team.petro)
    url = reverse("recovery_letter_pdf", kwargs={"client_id": client.pk})
    assert http.get(url).status_code == 404
    plan_create(client=client, user=None)
    response = http.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

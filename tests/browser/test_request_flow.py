"""A manager in Debian's chromium turns a client's message into a request, decides it, sends
the client the choice, records the client's answer, and finds it in the register and on the
client's status page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from retainer.conversations.services import interaction_create
from retainer.status.services import status_link_issue
from tests.browser.conftest import log_in
from tests.conftest import make_team
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ContactFactory,
    DeliverableFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_message_to_the_register(live_server, browser_page):
    team = make_team("Северный ветер", "veter.example")
    client = ClientFactory(agency=team.agency, name="Кофейня «Зерно»", language="ru",
                           account_manager=team.masha.user)
    agreement = AgreementFactory(client=client, title="Сайт кофейни")
    DeliverableFactory(agreement=agreement, title="Лендинг", planned_due=date(2026, 12, 11))
    ContactFactory(client=client, name="Анна", email="anna@zerno.example",
                   is_decision_maker=True)
    interaction_create(client=client, data={
        "channel": "telegram", "direction": "in",
        "text": "Добавьте, пожалуйста, на лендинг блок с отзывами",
        "occurred_at": timezone.now() - timedelta(minutes=30)})

    page = browser_page
    log_in(page, live_server.url, team.masha.user)

    page.goto(f"{live_server.url}/clients/{client.pk}/")
    # The page's panels arrive by htmx after it has loaded and push the log down: a click
    # aimed before they land can hit whatever moves under it.
    page.wait_for_load_state("networkidle")
    page.locator("#interaction-log >> text=record as a request").click()
    assert "блок с отзывами" in page.locator("textarea[name=details]").input_value()
    page.select_option("select[name=deliverable]", label="Лендинг (Сайт кофейни)")
    page.fill("input[name=title]", "Блок с отзывами")
    page.fill("input[name=estimate_min]", "240")
    page.click("main button[type=submit]")

    page.click("text=Decide by the rules")
    assert "client's choice" in page.locator(".outcome").inner_text().lower()
    reply = page.locator("#reply-text").input_value().replace("\u00a0", " ")
    assert "Блок с отзывами" in reply and "12 000" in reply

    page.locator("select[name=channel]").select_option("telegram")
    page.click("text=Send and log")
    assert page.locator(".reply .badge.ok").count() == 1

    page.check("input[name=answer][value=shift]")
    page.select_option("select[name=agreed_by]", label="Анна")
    page.click("text=Record the choice")
    assert "shift the deadline" in page.locator("main").inner_text().lower()

    page.goto(f"{live_server.url}/agreements/{agreement.pk}/register/")
    assert "Блок с отзывами" in page.locator("main").inner_text()

    token = status_link_issue(agreement=agreement)
    page.goto(f"{live_server.url}/s/{token}/")
    status = page.locator("body").inner_text()
    assert "Блок с отзывами" in status and "Лендинг" in status
    assert page.dialogs == []

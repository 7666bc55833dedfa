"""A manager in Debian's chromium works the Waiting-for-us queue: sees a client's message
with its triage badge and due time, stops its clock while waiting for the client, and
filters the client's log by flag (htmx, under the Content-Security-Policy)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from retainer.conversations.services import interaction_create
from tests.browser.conftest import log_in
from tests.conftest import make_team
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_work_the_waiting_queue(live_server, browser_page):
    team = make_team("Северный ветер", "veter.example")
    client = ClientFactory(agency=team.agency, name="Кофейня «Зерно»",
                           account_manager=team.masha.user)
    for text, ago in [("Вы сорвали сроки, лендинг до сих пор не готов!", 50),
                      ("Спасибо, баннеры отличные", 60)]:
        interaction_create(client=client, data={
            "channel": "telegram", "direction": "in", "text": text,
            "occurred_at": timezone.now() - timedelta(minutes=ago)})
    page = browser_page
    log_in(page, live_server.url, team.masha.user)

    page.click("nav.mainnav >> text=Waiting for us")
    page.wait_for_url(f"{live_server.url}/waiting/")
    rows = page.locator("table.waiting tbody tr")
    assert rows.count() == 2
    assert "сорвали сроки" in page.locator("table.waiting").inner_text()
    assert page.locator("table.waiting .badge.flag-claim").count() == 1
    # The unread count arrives by htmx after the page loaded.
    page.wait_for_selector(".tools a.notifications")

    rows.first.locator("text=Wait for the client").click()
    page.wait_for_url(f"{live_server.url}/waiting/")
    assert page.locator("table.waiting").inner_text().count("waiting for the client") == 2

    page.goto(f"{live_server.url}/clients/{client.pk}/")
    # The page's panels arrive by htmx after it has loaded and push the log down: a click
    # aimed before they land can hit whatever moves under it.
    page.wait_for_load_state("networkidle")
    page.locator("#interaction-log nav.tabs >> text=claim").click()
    page.wait_for_url(f"{live_server.url}/clients/{client.pk}/?flag=claim")
    log = page.locator("#interaction-log")
    assert "сорвали сроки" in log.inner_text()
    assert "баннеры отличные" not in log.inner_text()
    assert log.locator("mark.ev-claim").count() >= 1
    assert page.dialogs == []

"""A person in Debian's chromium: logs in, opens a client, logs an interaction with a
<script> in it (shown as text, never run), and switches the interface to Ukrainian."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.conftest import make_team
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_add_an_interaction_and_switch_language(live_server, browser_page):
    team = make_team("Северный ветер", "veter.example")
    client = ClientFactory(agency=team.agency, name="Кофейня «Зерно»",
                           account_manager=team.masha.user)
    page = browser_page

    log_in(page, live_server.url, team.masha.user)

    page.click("text=Кофейня «Зерно»")
    page.wait_for_url(f"{live_server.url}/clients/{client.pk}/")
    page.click("text=Log an interaction")
    page.select_option("select[name=channel]", "telegram")
    page.select_option("select[name=direction]", "in")
    page.select_option("select[name=author]", "")
    page.fill("textarea[name=text]", "<script>alert('xss')</script> где макет?")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/clients/{client.pk}/")

    shown = page.locator(".interaction .text").first
    assert shown.inner_text() == "<script>alert('xss')</script> где макет?"
    assert page.dialogs == []
    assert "&lt;script&gt;" in page.content()

    page.click("button[name=language][value=uk]")
    page.wait_for_load_state()
    assert page.locator("nav.mainnav").inner_text().split("\n")[:2] == ["Дашборд", "Клієнти"]
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("text=Записати взаємодію").count() == 1
    team.masha.user.refresh_from_db()
    assert team.masha.user.language == "uk"  # e-mails to her are now written in Ukrainian

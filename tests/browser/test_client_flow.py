"""A person in Debian's chromium: logs in, opens a client, logs an interaction with a
<script> in it (shown as text, never run), and switches the interface to Ukrainian."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import make_team
from tests.factories import PASSWORD, ClientFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(tmp_path):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the live
    # server makes happen in its own threads, and the few made here are before it starts.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(locale="en-US")
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.dialogs = dialogs
        yield page
        context.close()
        browser.close()


def test_log_in_add_an_interaction_and_switch_language(live_server, browser_page):
    team = make_team("Северный ветер", "veter.example")
    client = ClientFactory(agency=team.agency, name="Кофейня «Зерно»",
                           account_manager=team.masha.user)
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", team.masha.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/clients/")

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
    assert page.locator("nav.mainnav").inner_text().startswith("Клієнти")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("text=Записати взаємодію").count() == 1
    team.masha.user.refresh_from_db()
    assert team.masha.user.language == "uk"  # e-mails to her are now written in Ukrainian

"""The owner logs in and lands on the dashboard in Debian's chromium: the charts are drawn
under the Content-Security-Policy (their stylesheets admitted, nothing refused, nothing
fetched from elsewhere) and each one's numbers open as a table."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.conftest import make_team
from tests.dashboard.conftest import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_lands_on_the_dashboard(live_server, browser_page):
    from django.utils import timezone

    team = make_team("Северный ветер", "veter.example")
    build(team, timezone.now())
    page = browser_page
    refused, requested = [], []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, live_server.url, team.olena.user)
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "The agency today"
    charts = page.locator("figure.chart svg")
    assert charts.count() == 6
    # pygal's stylesheet applied: the health bands are coloured, not the default black.
    assert page.locator("figure.chart svg .color-0").first.evaluate(
        "node => getComputedStyle(node).fill") != "rgb(0, 0, 0)"
    page.locator("main details summary").first.click()
    assert page.locator("main details[open] table").first.is_visible()
    assert refused == []
    assert all(url.startswith(live_server.url) for url in requested)

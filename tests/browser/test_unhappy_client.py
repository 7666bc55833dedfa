"""A manager in Debian's chromium sees an angry client's message make the client group A on
the client page, makes the recovery plan, ticks the apology letter done in place, and finds
the client on the needs-attention page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from retainer.conversations.services import interaction_create
from retainer.recovery.models import RecoveryStep
from tests.browser.conftest import log_in
from tests.conftest import make_team
from tests.factories import AgreementFactory, ClientFactory
from tests.recovery.conftest import ANGRY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_angry_message_to_a_recovery_plan(live_server, browser_page):
    team = make_team("Северный ветер", "veter.example")
    client = ClientFactory(agency=team.agency, name="Кофейня «Зерно»", language="ru",
                           account_manager=team.masha.user, expected_annual_value=900_000)
    AgreementFactory(client=client, budget=300_000)
    interaction_create(client=client, data={  # assessed again once saved
        "channel": "email", "direction": "in", "text": ANGRY,
        "occurred_at": timezone.now() - timedelta(hours=1)})

    page = browser_page
    log_in(page, live_server.url, team.masha.user)
    page.goto(f"{live_server.url}/clients/{client.pk}/")
    panel = page.locator("#recovery-panel")
    assert "the death group" in panel.locator("h2").inner_text()
    assert "threats" in panel.inner_text()

    panel.locator("text=Make a recovery plan").click()
    letter = page.locator("#recovery-panel tr", has_text="formal apology letter")
    letter.locator("button[aria-pressed=false]").wait_for()  # the panel came back with it
    strategies = page.locator("#recovery-panel p strong").first.inner_text()
    assert strategies == "soften the blow"  # group A never starts over
    letter.locator("button[aria-pressed=false]").click()
    page.locator("#recovery-panel tr", has_text="formal apology letter").locator(
        "button[aria-pressed=true]").wait_for()
    assert RecoveryStep.objects.get(plan__client=client, action="apology_letter").done_at

    page.goto(f"{live_server.url}/attention/")
    assert "Кофейня «Зерно»" in page.locator("main").inner_text()
    assert page.dialogs == []

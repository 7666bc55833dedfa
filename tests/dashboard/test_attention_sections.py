"""The attention page's sections added with the dashboard: statuses overdue, retrospectives
not held and past clients due a reminder — on the page and, the first few, on the
dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgreementFactory,
    ClientFactory,
    DeliverableFactory,
    InteractionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(team):
    """Ромашка's weekly status is a month late and its approved logo had no retrospective;
    Лютик, a past client, was last heard of forty days ago."""
    today = timezone.localdate()
    romashka = ClientFactory(agency=team.agency, name="Ромашка", account_manager=team.masha.user)
    agreement = AgreementFactory(client=romashka, starts_on=today - timedelta(days=30))
    DeliverableFactory(agreement=agreement, title="Логотип", status="approved",
                       actual_done=today - timedelta(days=3))
    lutik = ClientFactory(agency=team.agency, name="Лютик", stage="ended",
                          account_manager=team.ivan.user)
    InteractionFactory(client=lutik, direction="out",
                       occurred_at=timezone.now() - timedelta(days=40))
    return romashka, lutik


def test_the_attention_page_lists_them(team, overdue, english):
    page = english(team.masha).get(reverse("attention")).content.decode()
    assert "Status updates overdue" in page and "Ромашка" in page
    assert "Логотип" in page and "no retrospective yet" in page
    assert "Лютик" not in page  # Ivan's past client
    everyone = english(team.masha).get(reverse("attention") + "?who=all").content.decode()
    assert "Лютик" in everyone and "a reminder of us due" in everyone


def test_the_dashboard_shows_the_first_of_them(team, overdue, english):
    page = english(team.olena).get(reverse("home")).content.decode()
    assert "Status updates overdue" in page and "Логотип" in page and "Лютик" in page
    assert f'href="{reverse("touchpoints_missed")}?who=all"' in page
    assert f'href="{reverse("keep_in_touch")}?who=all"' in page

"""The dashboard's figures are kept for DASHBOARD_CACHE_SECONDS, per agency, manager and day:
a new client shows once they are computed again, never another agency's or manager's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache

from retainer.dashboard import charts
from retainer.dashboard.selectors import dashboard_figures_kept
from tests.dashboard.conftest import NOW
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def clients(team, *, manager=None, now=NOW, agency=None):
    return dashboard_figures_kept(agency=agency or team.agency,
                                  manager_id=manager.pk if manager else None, now=now).clients


def test_figures_are_kept_until_computed_again(team, kept):
    ClientFactory(agency=team.agency)
    first = dashboard_figures_kept(agency=team.agency, manager_id=None, now=NOW)
    ClientFactory(agency=team.agency)
    assert clients(team) == first.clients == 1
    assert dashboard_figures_kept(agency=team.agency, manager_id=None,
                                  now=NOW + timedelta(seconds=5)).as_of == NOW
    cache.clear()  # what the minute running out does
    assert clients(team) == 2


def test_while_one_view_computes_them_again_the_others_are_served_the_kept(team, kept,
                                                                          monkeypatch):
    from retainer.dashboard import selectors

    ClientFactory(agency=team.agency)
    dashboard_figures_kept(agency=team.agency, manager_id=None, now=NOW)
    ClientFactory(agency=team.agency)
    later = NOW + timedelta(seconds=61)  # the minute is up
    computed, meanwhile = [], []
    compute = selectors.dashboard_figures

    def computing(**kwargs):
        computed.append(kwargs["now"])
        if len(computed) == 1:  # another view comes while this one computes
            meanwhile.append(dashboard_figures_kept(agency=team.agency, manager_id=None,
                                                    now=later + timedelta(seconds=1)))
        return compute(**kwargs)

    monkeypatch.setattr(selectors, "dashboard_figures", computing)
    again = dashboard_figures_kept(agency=team.agency, manager_id=None, now=later)
    assert [(figures.as_of, figures.clients) for figures in meanwhile] == [(NOW, 1)]
    assert (again.as_of, again.clients) == (later, 2)
    assert computed == [later]
    assert dashboard_figures_kept(agency=team.agency, manager_id=None,
                                  now=later + timedelta(seconds=2)).as_of == later


def test_each_agency_manager_and_day_has_its_own(team, rival, kept):
    ClientFactory(agency=team.agency, account_manager=team.masha.user)
    assert clients(team) == 1
    assert clients(team, manager=team.masha.user) == 1
    ClientFactory(agency=team.agency, account_manager=team.masha.user)
    ClientFactory(agency=rival.agency)
    assert clients(team, agency=rival.agency) == 1
    assert clients(team, manager=team.masha.user) == 1  # kept
    assert clients(team, now=NOW + timedelta(days=1)) == 2  # a new day: computed again


def test_the_page_says_how_old_its_figures_are(team, english, kept):
    ClientFactory(agency=team.agency)
    page = english(team.olena).get("/?who=all").content.decode()
    assert "computed again every minute" in page


def test_without_keeping_every_view_computes_afresh(team, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    ClientFactory(agency=team.agency)
    assert clients(team) == 1
    ClientFactory(agency=team.agency)
    assert clients(team) == 2


def test_the_kept_figures_carry_each_response_s_own_nonce(team, live_portfolio, english, kept,
                                                          monkeypatch):
    drawn = []
    draw = charts.dashboard_charts
    monkeypatch.setattr(charts, "dashboard_charts",
                        lambda *args, **kwargs: drawn.append(1) or draw(*args, **kwargs))
    nonces = []
    for _view in range(2):
        response = english(team.olena).get("/?who=all")
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        styles = re.findall(r"<style\b[^>]*>", response.content.decode())
        assert len(styles) >= 6 and all(f'nonce="{nonce}"' in style for style in styles)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert len(drawn) == 1  # the second view served the kept figures, drawings and all
    ukrainian = english(team.olena)
    ukrainian.cookies["django_language"] = "uk"
    assert "Клієнти за станом" in ukrainian.get("/?who=all").content.decode()
    assert len(drawn) == 2  # each language is drawn in its own words


def test_kept_figures_show_the_numbers_per_manager_to_the_owner_alone(team, live_portfolio,
                                                                       english, kept):
    owner = english(team.olena).get("/?who=all").content.decode()
    assert "Per manager" in owner
    sales = english(team.ivan).get("/?who=all").content.decode()
    assert "Per manager" not in sales
    assert "The agency today" in sales and "Needs attention today" in sales

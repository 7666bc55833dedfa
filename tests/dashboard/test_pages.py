"""The dashboard page: the owner's and the managers' home, its charts and their tables."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboard.conftest import build
from tests.factories import ClientFactory, ConflictCaseFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_home_is_the_dashboard(team, live_portfolio, english):
    page = english(team.olena).get(HOME)
    assert page.status_code == 200
    html = page.content.decode()
    assert "The agency today" in html
    assert html.count("<svg") == 6  # health, its year, stages, breaches, concessions, burn


def test_the_owner_sees_the_agency_and_a_manager_their_clients(team, live_portfolio, english):
    owner = english(team.olena).get(HOME).content.decode()
    masha = english(team.masha).get(HOME).content.decode()
    assert "The agency today" in owner and "Омега" in owner  # Ivan's client burns too
    assert "My clients today" in masha and "Омега" not in masha
    everything = english(team.masha).get(HOME + "?who=all").content.decode()
    assert "Омега" in everything
    mine = english(team.olena).get(HOME + "?who=mine").content.decode()
    assert "You manage no clients yet" in mine


def test_only_the_owner_sees_the_numbers_per_manager(team, live_portfolio, english):
    assert "Per manager" in english(team.olena).get(HOME).content.decode()
    assert "Per manager" not in english(team.ivan).get(HOME + "?who=all").content.decode()


def test_each_chart_has_its_numbers_as_a_table(team, live_portfolio, english):
    html = english(team.olena).get(HOME).content.decode()
    concessions = html[html.index("This month's concessions cost"):]
    assert "12,000" in concessions[:200] and "1,050,000" in concessions[:300]
    numbers = re.findall(r"<details", html[html.index("<main"):])
    assert len(numbers) == 6
    assert re.search(r"<th scope=\"row\">red</th><td class=\"num\">2</td>", html)


def test_nothing_is_fetched_from_elsewhere_and_no_script_is_inlined(team, live_portfolio,
                                                                   english):
    response = english(team.olena).get(HOME)
    html = response.content.decode()
    for address in re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html):
        assert not re.match(r"(?:[a-z]+:)?//", address), address
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(' src="/static/' in script for script in scripts)  # the layout's
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    styles = re.findall(r"<style\b[^>]*>", html)
    assert styles and all(f'nonce="{nonce}"' in style for style in styles)
    assert 'style="' not in html


def test_the_attention_sections_link_to_their_pages(team, live_portfolio, english):
    ConflictCaseFactory(client=live_portfolio.clients["alfa"], title="Баннер не продаёт")
    html = english(team.olena).get(HOME).content.decode()
    assert "Баннер не продаёт" in html
    assert f'href="{reverse("conflict_list")}?who=all"' in html
    alfa = live_portfolio.clients["alfa"].pk
    assert f'href="{reverse("client_detail", kwargs={"client_id": alfa})}"' in html


def test_an_empty_agency_says_what_to_do_first(team, english):
    html = english(team.olena).get(HOME).content.decode()
    assert "No clients yet" in html and reverse("client_new") in html
    assert "<svg" not in html
    specialist = english(team.petro).get(HOME).content.decode()
    assert "No clients yet" in specialist and reverse("client_new") not in specialist


def test_a_client_without_history_draws_no_broken_chart(team, english):
    ClientFactory(agency=team.agency, account_manager=team.masha.user)
    html = english(team.masha).get(HOME).content.decode()
    assert "No client has a health score yet." in html
    assert "No reply came after its response target" in html
    assert html.count("<svg") == 1  # the stages: one client, in courtship


def test_the_dashboard_reads_in_russian_and_ukrainian(team, live_portfolio, as_user):
    http = as_user(team.olena)
    for language in ("ru", "uk"):
        http.cookies["django_language"] = language
        response = http.get(HOME)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


def queries(http, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_portfolio(team, english):
    http = english(team.olena)

    def grow(n):
        for _copy in range(n):
            build(team, live_now())
        return (queries(http, HOME), queries(http, HOME + "?who=mine"),
                queries(http, "/api/dashboard"))

    small = grow(1)
    assert grow(3) == small


def live_now():
    from django.utils import timezone

    return timezone.now()

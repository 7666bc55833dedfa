"""The bar at the top of every page: the pages of a day's work at hand, the others behind
one "More" menu, and every link of it leads to a page the member may open."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def nav_links(html: str) -> tuple[list[str], list[str]]:
    nav = re.search(r'<nav class="mainnav">(.*?)</nav>', html, re.S).group(1)
    menu = re.search(r'<details class="more">(.*?)</details>', nav, re.S).group(1)
    at_hand = re.findall(r'href="([^"]+)"', nav.replace(menu, ""))
    return at_hand, re.findall(r'href="([^"]+)"', menu)


def test_the_days_work_is_at_hand_and_the_rest_behind_more(team, english):
    html = english(team.olena).get("/").content.decode()
    at_hand, more = nav_links(html)
    assert at_hand == ["/", "/clients/", "/waiting/", "/attention/", "/requests/", "/claims/"]
    assert len(more) == 10 and "/policy/" in more and "/api/docs" in more
    assert "<summary>More</summary>" in html


@pytest.mark.parametrize("member", ["olena", "masha", "petro"])
def test_every_link_of_the_bar_opens_for_the_member(team, as_user, member):
    http = as_user(getattr(team, member))
    at_hand, more = nav_links(http.get("/").content.decode())
    for link in at_hand + more:
        assert http.get(link).status_code == 200, link
    assert ("/agency/settings/" in more) == (member == "olena")  # the owner edits the agency

"""The health pages: a client's scorecard with the figures behind it, the trend chart and
its table, what pulled the score down and the open follow-up task; the client page's panel;
the list by band, stage and manager; the managers' scorecard; the owner's refresh — each
with a bounded number of queries."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from retainer.health.metrics import previous_month
from retainer.health.models import HealthScore
from retainer.worklist.models import Task, TaskKind
from tests.factories import (
    ClientFactory,
    ConflictCaseFactory,
    HealthScoreFactory,
    InteractionFactory,
)

pytestmark = pytest.mark.django_db


def this_month():
    return timezone.localdate().replace(day=1)


@pytest.fixture
def alfa(team):
    return ClientFactory(agency=team.agency, name="Альфа", stage="storm",
                         account_manager=team.masha.user)


def test_the_client_page_explains_the_score_with_its_figures(team, alfa, english):
    InteractionFactory(client=alfa, occurred_at=timezone.now() - timedelta(minutes=5),
                       flags=" status_check ")
    ConflictCaseFactory(client=alfa, opened_at=timezone.now() - timedelta(days=10))
    last = previous_month(this_month())
    HealthScoreFactory(client=alfa, month=last, score=81, band="green")
    page = english(team.masha).get(reverse("client_health", kwargs={"client_id": alfa.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Empathy", "Personalization", "Honesty", "Expectation management",
                  "Resolving difficulties", "Time/effort balance"):
        assert label in html
    assert "1 of 1 messages from the client asked where the work stands" in html
    assert "no data: neutral" in html
    # What pulled it down: the conflict open past the escalation days, worth most in a storm.
    pulled = html.split("What pulled the score down")[1].split("</section>")[0]
    assert "Resolving difficulties" in pulled and "open longer than 7 days" in pulled
    # The trend: a chart image with no script to fetch, and the same numbers as a table.
    (src,) = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    svg = base64.b64decode(src).decode()
    assert "<svg" in svg and "<script src" not in svg and "cdn" not in svg.lower()
    assert f"<td>{last:%m.%Y}</td><td class=\"num\">81</td>" in html


def test_the_open_follow_up_task_is_shown(team, alfa, english):
    Task.objects.create(agency=team.agency, client=alfa, kind=TaskKind.HEALTH,
                        reason="Здоровье упало в красную зону", opened_at=timezone.now())
    html = english(team.petro).get(
        reverse("client_health", kwargs={"client_id": alfa.pk})).content.decode()
    assert "Follow-up task" in html and "Здоровье упало в красную зону" in html


def test_the_client_panel_shows_the_score_band_and_a_link(team, alfa, english):
    response = english(team.masha).get(
        reverse("client_health_panel", kwargs={"client_id": alfa.pk}))
    html = response.content.decode()
    assert "<strong class=\"score\">50</strong>" in html  # nothing measured: neutral
    assert reverse("client_health", kwargs={"client_id": alfa.pk}) in html
    detail = english(team.masha).get(reverse("client_detail", kwargs={"client_id": alfa.pk}))
    assert reverse("client_health_panel", kwargs={"client_id": alfa.pk}) in \
        detail.content.decode()


def test_the_list_filters_by_band_stage_and_manager(team, english):
    month = this_month()
    red = HealthScoreFactory(client__agency=team.agency, client__name="Красный",
                             client__stage="storm", client__account_manager=team.masha.user,
                             month=month, score=20, band="red", weakest="difficulties")
    HealthScoreFactory(client__agency=team.agency, client__name="Зелёный",
                       client__stage="support", client__account_manager=team.ivan.user,
                       month=month, score=90, band="green")
    HealthScoreFactory(client=red.client, month=previous_month(month), score=70, band="green")
    http = english(team.masha)
    url = reverse("health_list")
    everyone = http.get(url).content.decode()
    assert everyone.index("Красный") < everyone.index("Зелёный")  # the weakest first
    assert "Resolving difficulties" in everyone
    assert "Зелёный" not in http.get(url, {"band": "red"}).content.decode()
    assert "Красный" not in http.get(url, {"stage": "support"}).content.decode()
    assert "Зелёный" not in http.get(url, {"who": "mine"}).content.decode()
    earlier = http.get(url, {"month": previous_month(month).strftime("%Y-%m")}).content.decode()
    assert "Красный" in earlier and "Зелёный" not in earlier
    # A filter that matches nothing says so; unknown values are ignored.
    assert "No client matches" in http.get(url, {"band": "amber"}).content.decode()
    assert "Красный" in http.get(url, {"band": "purple", "month": "x"}).content.decode()


def test_the_list_before_any_score_says_how_they_come(team, english):
    html = english(team.olena).get(reverse("health_list")).content.decode()
    assert "No health scores yet" in html and reverse("health_refresh") in html
    assert reverse("health_refresh") not in english(team.masha).get(
        reverse("health_list")).content.decode()


def test_the_managers_scorecard_averages_their_clients(team, english):
    month = this_month()
    for score, empathy in ((40, 20), (80, 60)):
        HealthScoreFactory(client__agency=team.agency, client__account_manager=team.masha.user,
                           month=month, score=score, empathy=empathy,
                           band="green" if score >= 60 else "amber")
    HealthScoreFactory(client__agency=team.agency, client__account_manager=team.ivan.user,
                       month=month, score=20, band="red")
    html = english(team.olena).get(reverse("manager_scorecard")).content.decode()
    rows = re.findall(r"<tr><td>(\w+)</td>\s*<td class=\"num\">(\d+)</td><td class=\"num\">"
                      r"(\d+)</td>\s*<td class=\"num\"><strong>(\d+)</strong></td>\s*"
                      r"<td class=\"num\">(\d+)</td>", html)
    assert rows == [("Ivan", "1", "1", "20", "50"), ("Masha", "2", "0", "60", "40")]


def test_the_owner_computes_the_month_again(team, alfa, english):
    response = english(team.olena).post(reverse("health_refresh"))
    assert response.status_code == 302 and response["Location"] == reverse("health_list")
    assert HealthScore.objects.filter(client=alfa, month=this_month()).exists()
    assert english(team.masha).post(reverse("health_refresh")).status_code == 403


def _queries(http, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def test_pages_take_the_same_queries_for_3_and_for_30_clients(team, rival, as_user):
    month = this_month()
    for agency, count in ((team.agency, 3), (rival.agency, 30)):
        for index in range(count):
            score = HealthScoreFactory(client__agency=agency, month=month, score=index,
                                       band="red")
            InteractionFactory(client=score.client, flags=" status_check ")
            ConflictCaseFactory(client=score.client)
    counts = {}
    for member in (team.masha, rival.masha):
        http = as_user(member)
        client_id = HealthScore.objects.filter(agency=member.agency).first().client_id
        counts[member.agency_id] = [
            _queries(http, reverse(name)) for name in ("health_list", "manager_scorecard")
        ] + [_queries(http, reverse(name, kwargs={"client_id": client_id}))
             for name in ("client_health", "client_health_panel")]
    assert counts[team.agency.pk] == counts[rival.agency.pk]

"""The pages: the client page's panel (what is due, milestones waiting, the latest held, a
form), the list with its filters, pages and empty state, the missed page, and recording and
editing — with bad input shown back and nothing written, and a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from retainer.agreements.models import DeliverableStatus
from retainer.touchpoints.models import Touchpoint
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    DeliverableFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def alfa(team):
    client = ClientFactory(agency=team.agency, name="Альфа", account_manager=team.masha.user)
    AgreementFactory(client=client, starts_on=ago(60))
    return client


@pytest.fixture
def milestone(alfa):
    return DeliverableFactory(agreement=alfa.agreements.get(), title="Макеты главной",
                              status=DeliverableStatus.APPROVED, actual_done=ago(4))


def panel(http, client) -> str:
    return http.get(reverse("client_touchpoints", kwargs={"client_id": client.pk})
                    ).content.decode()


def test_the_panel_says_the_status_is_overdue_and_which_milestone_waits(team, alfa, milestone,
                                                                       english):
    TouchpointFactory(client=alfa, held_on=ago(10), notes="Отчёт за неделю",
                      feedback_requested=True, feedback="")
    page = panel(english(team.masha), alfa)
    assert f"overdue since {ago(3).isoformat()}" in page
    assert f"last held {ago(10).isoformat()}" in page
    assert "Макеты главной" in page and "record the retrospective" in page
    assert "Отчёт за неделю" in page and "Feedback asked for, not received yet." in page
    assert 'name="notes"' in page  # the form to record one


def test_the_panel_after_a_recent_status_shows_the_next_one(team, alfa, english):
    TouchpointFactory(client=alfa, held_on=ago(2), feedback="Всё отлично")
    page = panel(english(team.petro), alfa)
    assert f"next due {(ago(2) + timedelta(days=7)).isoformat()}" in page
    assert "Всё отлично" in page


def test_the_panel_of_a_client_without_an_agreement(team, english):
    beta = ClientFactory(agency=team.agency)
    page = panel(english(team.masha), beta)
    assert "No active agreement: no status is due." in page
    assert "No status or retrospective recorded with this client yet." in page


def test_recording_from_the_panel_returns_to_the_client(team, alfa, english):
    http = english(team.petro)
    detail = reverse("client_detail", kwargs={"client_id": alfa.pk})
    response = http.post(reverse("touchpoint_new", kwargs={"client_id": alfa.pk}), {
        "kind": "status", "held_on": timezone.localdate().isoformat(),
        "notes": "Созвонились, показали прогресс", "feedback_requested": "on", "next": detail})
    assert response.status_code == 302 and response["Location"] == detail
    status = Touchpoint.objects.get()
    assert (status.held_by, status.feedback_requested) == (team.petro.user, True)
    assert "next due" in panel(http, alfa)


def test_a_refused_retrospective_is_shown_with_its_reason_and_nothing_written(
        team, alfa, milestone, english):
    TouchpointFactory(client=alfa, kind="retrospective", deliverable=milestone,
                      held_on=ago(1))
    response = english(team.masha).post(
        reverse("touchpoint_new", kwargs={"client_id": alfa.pk}),
        {"kind": "retrospective", "deliverable": milestone.pk,
         "held_on": timezone.localdate().isoformat(), "notes": "Ещё раз"})
    assert response.status_code == 200
    assert "This milestone already has its retrospective" in response.content.decode()
    assert Touchpoint.objects.count() == 1


def test_the_record_page_prefills_a_retrospective_from_its_milestone(team, alfa, milestone,
                                                                     english):
    url = reverse("touchpoint_new", kwargs={"client_id": alfa.pk})
    page = english(team.masha).get(f"{url}?kind=retrospective&deliverable={milestone.pk}"
                                   ).content.decode()
    assert f'<option value="{milestone.pk}" selected>' in page
    assert '<option value="retrospective" selected>' in page


def test_a_milestone_of_another_client_is_not_a_choice(team, alfa, english):
    other = DeliverableFactory(status=DeliverableStatus.APPROVED, actual_done=ago(3),
                               agreement=AgreementFactory(client=ClientFactory(
                                   agency=team.agency)))
    response = english(team.masha).post(
        reverse("touchpoint_new", kwargs={"client_id": alfa.pk}),
        {"kind": "retrospective", "deliverable": other.pk,
         "held_on": timezone.localdate().isoformat(), "notes": "x"})
    assert "Select a valid choice" in response.content.decode()
    assert not Touchpoint.objects.exists()


def test_the_feedback_is_added_later_on_the_edit_page(team, alfa, english):
    status = TouchpointFactory(client=alfa, held_on=ago(3))
    http = english(team.masha)
    url = reverse("touchpoint_edit", kwargs={"touchpoint_id": status.pk})
    response = http.post(url, {"held_on": ago(3).isoformat(), "notes": status.notes,
                               "feedback_requested": "on", "feedback": "Хотим чаще отчёты"})
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.feedback == "Хотим чаще отчёты"
    refused = http.post(url, {"held_on": ago(3).isoformat(), "notes": ""})
    assert refused.status_code == 200 and "Write what was discussed." in refused.content.decode()
    status.refresh_from_db()
    assert status.notes


def test_the_list_filters_by_kind_manager_and_client(team, alfa, milestone, english):
    TouchpointFactory(client=alfa, held_on=ago(5), notes="Статус Альфы")
    TouchpointFactory(client=alfa, kind="retrospective", deliverable=milestone, held_on=ago(2),
                      notes="Ретро по макетам")
    beta = ClientFactory(agency=team.agency, name="Бета", account_manager=team.ivan.user)
    TouchpointFactory(client=beta, held_on=ago(1), notes="Статус Беты")
    http = english(team.masha)
    url = reverse("touchpoint_list")

    def shown(query: str) -> list[str]:
        page = http.get(url + query).content.decode()
        notes = ["Статус Альфы", "Ретро по макетам", "Статус Беты"]
        return [n for _i, n in sorted((page.index(n), n) for n in notes if n in page)]

    assert shown("") == ["Статус Беты", "Ретро по макетам", "Статус Альфы"]
    assert shown("?kind=retrospective") == ["Ретро по макетам"]
    assert shown("?who=mine") == ["Ретро по макетам", "Статус Альфы"]
    assert shown(f"?client={beta.pk}") == ["Статус Беты"]
    assert "Nothing recorded matches this filter." in http.get(
        url + f"?client={beta.pk}&kind=retrospective").content.decode()


def test_the_list_pages_and_says_when_it_is_empty(team, alfa, english, settings):
    http = english(team.masha)
    assert "No status or retrospective recorded yet." in http.get(
        reverse("touchpoint_list")).content.decode()
    settings.RETAINER_PAGE_SIZE = 2
    for week in range(3):
        TouchpointFactory(client=alfa, held_on=ago(7 * week), notes=f"Неделя {week}")
    first = http.get(reverse("touchpoint_list")).content.decode()
    second = http.get(reverse("touchpoint_list") + "?page=2").content.decode()
    assert "Неделя 0" in first and "Неделя 1" in first and "Неделя 2" not in first
    assert "Неделя 2" in second and "Page 2 of 2" in second


def test_the_missed_page_lists_overdue_statuses_and_milestones_without_a_retrospective(
        team, alfa, milestone, english):
    TouchpointFactory(client=alfa, held_on=ago(12))
    fresh = ClientFactory(agency=team.agency, name="Свежий", account_manager=team.ivan.user)
    AgreementFactory(client=fresh, starts_on=ago(2))
    http = english(team.masha)
    statuses = http.get(reverse("touchpoints_missed")).content.decode()
    assert "Альфа" in statuses and "Свежий" not in statuses
    assert ago(5).isoformat() in statuses  # due since: 12 days ago + 7
    assert "Statuses overdue (1)" in statuses and "Retrospectives not held (1)" in statuses
    retrospectives = http.get(reverse("touchpoints_missed") + "?what=retrospectives"
                              ).content.decode()
    assert "Макеты главной" in retrospectives
    mine = english(team.ivan).get(reverse("touchpoints_missed") + "?who=mine").content.decode()
    assert "No status is overdue" in mine


def _populate(team, count: int):
    for index in range(count):
        client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
        agreement = AgreementFactory(client=client, starts_on=ago(90))
        done = DeliverableFactory(agreement=agreement, status=DeliverableStatus.APPROVED,
                                  actual_done=ago(index % 9 + 1))
        # Every other client's status is overdue, from the first two clients on.
        TouchpointFactory(client=client, held_on=ago(index % 15 + (8 if index % 2 else 0)),
                          held_by=team.masha.user)
        if index % 3:  # a third of the milestones wait for their retrospective
            TouchpointFactory(client=client, kind="retrospective", deliverable=done,
                              held_on=timezone.localdate())


def _queries(http, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name,query", [
    ("touchpoint_list", ""), ("touchpoint_list", "?kind=status&who=mine"),
    ("touchpoints_missed", ""), ("touchpoints_missed", "?what=retrospectives")])
def test_pages_make_as_many_queries_for_many_clients_as_for_few(team, as_user, name, query):
    http = as_user(team.masha)
    url = reverse(name) + query
    _populate(team, 2)
    few = _queries(http, url)
    _populate(team, 20)
    assert _queries(http, url) == few


def test_the_panel_makes_as_many_queries_for_a_long_history(team, alfa, milestone, as_user):
    http = as_user(team.masha)
    url = reverse("client_touchpoints", kwargs={"client_id": alfa.pk})
    TouchpointFactory(client=alfa, held_on=ago(1))
    few = _queries(http, url)
    for week in range(30):
        TouchpointFactory(client=alfa, held_on=ago(7 * week), held_by=team.masha.user)
    assert _queries(http, url) == few

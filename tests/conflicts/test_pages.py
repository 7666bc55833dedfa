"""The conflict pages: the list (open first by age, filters, pages, empty state), a new case
from a message, the case page with its steps, suggestions, hand-over and closing, and the
client page's panel — with bad input refused and nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from retainer.conflicts.models import ConflictCase, ConflictHandover, ConflictStep
from tests.factories import ClientFactory, ConflictCaseFactory, InteractionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alfa(team):
    return ClientFactory(agency=team.agency, name="Альфа", account_manager=team.masha.user)


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def titles(page: str, names: list[str]) -> list[str]:
    """The names in the order the page shows them."""
    found = sorted((page.index(name), name) for name in names if name in page)
    return [name for _position, name in found]


def test_the_list_shows_open_cases_first_the_oldest_on_top(team, alfa, english):
    ConflictCaseFactory(client=alfa, title="Свежий", opened_at=days_ago(1))
    ConflictCaseFactory(client=alfa, title="Давний", opened_at=days_ago(9),
                        manager=team.ivan.user)
    ConflictCaseFactory(client=alfa, title="Закрытый", opened_at=days_ago(20),
                        steps_done=4, closed_at=days_ago(2), solution="Решено")
    http = english(team.masha)
    page = http.get(reverse("conflict_list")).content.decode()
    assert titles(page, ["Свежий", "Давний", "Закрытый"]) == ["Давний", "Свежий", "Закрытый"]
    closed = http.get(reverse("conflict_list") + "?state=closed").content.decode()
    assert titles(closed, ["Свежий", "Давний", "Закрытый"]) == ["Закрытый"]
    opened = http.get(reverse("conflict_list") + "?state=open").content.decode()
    assert titles(opened, ["Свежий", "Давний", "Закрытый"]) == ["Давний", "Свежий"]
    mine = http.get(reverse("conflict_list") + "?state=open&who=mine").content.decode()
    assert titles(mine, ["Свежий", "Давний", "Закрытый"]) == ["Свежий"]


def test_the_list_pages_and_says_when_it_is_empty(team, alfa, english, settings):
    http = english(team.masha)
    empty = http.get(reverse("conflict_list")).content.decode()
    assert "No conflict cases here" in empty
    settings.RETAINER_PAGE_SIZE = 2
    for index in range(3):
        ConflictCaseFactory(client=alfa, title=f"Случай {index}",
                            opened_at=days_ago(10 - index))
    first = http.get(reverse("conflict_list")).content.decode()
    second = http.get(reverse("conflict_list") + "?page=2").content.decode()
    assert "Случай 0" in first and "Случай 1" in first and "Случай 2" not in first
    assert "Случай 2" in second and "Page 2 of 2" in second


def test_a_case_from_a_message_keeps_the_link_but_not_the_emotion(team, alfa, english):
    message = InteractionFactory(client=alfa, subject="",
                                 text="Это уже третий раз!!! Баннер не продаёт вообще\nКошмар")
    http = english(team.masha)
    url = reverse("conflict_new", kwargs={"client_id": alfa.pk}) + f"?from={message.pk}"
    form = http.get(url).content.decode()
    assert 'value="Это уже третий раз!!! Баннер не продаёт вообще"' in form
    assert "Кошмар" in form  # the message is shown beside the form…
    assert "Кошмар</textarea>" not in form  # …and not copied into the summary
    response = http.post(url, {"title": "Баннер «не продаёт»", "nature": "emotion",
                               "summary": "Ждут продаж от баннера; обещан CTR."})
    case = ConflictCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "conflict_detail", kwargs={"conflict_id": case.pk})
    assert (case.source_id, case.nature, case.manager_id) == (message.pk, "emotion",
                                                              team.masha.user.pk)


def test_a_message_of_another_client_is_not_linked(team, alfa, english):
    other = InteractionFactory(client=ClientFactory(agency=team.agency), text="Чужое")
    url = reverse("conflict_new", kwargs={"client_id": alfa.pk}) + f"?from={other.pk}"
    http = english(team.masha)
    assert "Чужое" not in http.get(url).content.decode()
    http.post(url, {"title": "Тон", "summary": "Суть"})
    assert ConflictCase.objects.get().source_id is None


def test_a_case_without_a_summary_is_not_opened(team, alfa, english):
    response = english(team.masha).post(
        reverse("conflict_new", kwargs={"client_id": alfa.pk}),
        {"title": "Тон", "nature": "anger", "summary": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page and "Select a valid choice" in page
    assert not ConflictCase.objects.exists()


def test_the_case_page_walks_the_steps_to_the_solution(team, alfa, english):
    case = ConflictCaseFactory(client=alfa, title="Баннер")
    http = english(team.masha)
    detail = reverse("conflict_detail", kwargs={"conflict_id": case.pk})
    step = reverse("conflict_step", kwargs={"conflict_id": case.pk})
    page = http.get(detail).content.decode()
    assert "Record the step" in page and 'name="step" value="listen"' in page
    http.post(step, {"step": "listen", "note": "Выслушала, разделила эмоцию"})
    # A second tab still showing "listen" as next is refused, not recorded as "analyse".
    stale = http.post(step, {"step": "listen", "note": "Дубль"}, follow=True).content.decode()
    assert "the next one is “analyse the causes”" in stale
    http.post(step, {"step": "analyse", "note": "Не договорились о продажах"})
    http.post(step, {"step": "propose", "note": "A/B-тест двух баннеров"})
    page = http.get(detail).content.decode()
    assert "Solve and close the case" in page and "Record the step" not in page
    refused = http.post(reverse("conflict_close", kwargs={"conflict_id": case.pk}),
                        {"solution": ""}, follow=True).content.decode()
    assert "This field is required." in refused
    assert ConflictCase.objects.get(pk=case.pk).closed_at is None
    http.post(reverse("conflict_close", kwargs={"conflict_id": case.pk}),
              {"solution": "Тест запущен, CTR вырос"})
    page = http.get(detail).content.decode()
    assert "Тест запущен, CTR вырос" in page and "Выслушала, разделила эмоцию" in page
    assert "Solve and close the case" not in page and "Hand over" not in page
    assert list(ConflictStep.objects.filter(case=case).order_by("at", "id")
                .values_list("step", flat=True)) == ["listen", "analyse", "propose", "solve"]


def test_the_case_page_shows_the_suggestions_with_their_reasons(team, alfa, english):
    case = ConflictCaseFactory(client=alfa, opened_at=days_ago(9))
    page = english(team.masha).get(
        reverse("conflict_detail", kwargs={"conflict_id": case.pk})).content.decode()
    assert "Escalate the conflict" in page
    assert "Open for 9 days" in page and "longer than the policy&#x27;s 7" in page


def test_a_specialist_reads_the_case_but_records_nothing(team, alfa, english):
    case = ConflictCaseFactory(client=alfa)
    page = english(team.petro).get(
        reverse("conflict_detail", kwargs={"conflict_id": case.pk})).content.decode()
    assert case.summary in page
    assert "Record the step" not in page and "Hand over" not in page


def test_a_hand_over_goes_only_to_a_member(team, rival, alfa, english):
    case = ConflictCaseFactory(client=alfa)
    http = english(team.masha)
    url = reverse("conflict_handover", kwargs={"conflict_id": case.pk})
    refused = http.post(url, {"to_manager": rival.olena.user.pk, "reason": "Нейтральный"},
                        follow=True).content.decode()
    assert "Select a valid choice" in refused
    assert not ConflictHandover.objects.exists()
    http.post(url, {"to_manager": team.ivan.user.pk, "reason": "Клиент перешёл на личности"})
    page = http.get(reverse("conflict_detail", kwargs={"conflict_id": case.pk})
                    ).content.decode()
    assert "Клиент перешёл на личности" in page
    assert ConflictCase.objects.get(pk=case.pk).manager_id == team.ivan.user.pk


def test_editing_a_case(team, alfa, english):
    case = ConflictCaseFactory(client=alfa, nature="")
    http = english(team.masha)
    url = reverse("conflict_edit", kwargs={"conflict_id": case.pk})
    http.post(url, {"title": case.title, "nature": "person", "summary": "Критикуют Машу"})
    assert ConflictCase.objects.get(pk=case.pk).nature == "person"
    closed = ConflictCaseFactory(client=alfa, steps_done=4, closed_at=days_ago(1),
                                 solution="Решено", summary="Как было")
    response = http.post(reverse("conflict_edit", kwargs={"conflict_id": closed.pk}),
                         {"title": "Новое", "summary": "Другое"})
    assert "A closed case is kept as it was closed." in response.content.decode()
    assert ConflictCase.objects.get(pk=closed.pk).summary == "Как было"


def test_the_client_panel_lists_open_cases_only(team, alfa, english):
    http = english(team.petro)
    url = reverse("client_conflicts", kwargs={"client_id": alfa.pk})
    assert "No open conflicts with this client." in http.get(url).content.decode()
    ConflictCaseFactory(client=alfa, title="Открытый", steps_done=2)
    ConflictCaseFactory(client=alfa, title="Закрытый", steps_done=4, closed_at=days_ago(1),
                        solution="Решено")
    ConflictCaseFactory(client=ClientFactory(agency=team.agency), title="Чужой клиент")
    panel = http.get(url).content.decode()
    assert "Открытый" in panel and "2 / 4" in panel and "next: propose a solution" in panel
    assert "Закрытый" not in panel and "Чужой клиент" not in panel
    assert "<html" not in panel


def queries(http, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_cases_steps_or_messages(team, alfa, english):
    http = english(team.masha)

    def grow(n):
        case = None
        for index in range(n):
            case = ConflictCaseFactory(client=alfa, opened_at=days_ago(n - index),
                                       steps_done=index % 4)
        for index in range(n):
            InteractionFactory(client=alfa, direction="in" if index % 2 else "out",
                               occurred_at=days_ago(1) + timedelta(minutes=index))
        ConflictHandover.objects.create(agency=team.agency, case=case, to_manager=team.ivan.user,
                                        reason="Отпуск", handed_at=timezone.now())
        return {
            "list": queries(http, reverse("conflict_list")),
            "detail": queries(http, reverse("conflict_detail", kwargs={"conflict_id": case.pk})),
            "panel": queries(http, reverse("client_conflicts", kwargs={"client_id": alfa.pk})),
            "api": queries(http, "/api/conflicts"),
            "api case": queries(http, f"/api/conflicts/{case.pk}"),
        }

    small = grow(3)
    ConflictCase.objects.all().delete()
    assert grow(30) == small

"""The "needs attention" list, tasks, and the client page's panel."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from retainer.agreements.models import DueDateChange
from retainer.worklist.models import Task, TaskKind
from retainer.worklist.services import task_open
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ConflictCaseFactory,
    DeliverableFactory,
    DissatisfactionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(team):
    """A due date moved two days ago with nothing said to the client since."""
    client = ClientFactory(agency=team.agency, name="Ромашка", account_manager=team.masha.user)
    deliverable = DeliverableFactory(agreement=AgreementFactory(client=client), title="Макет")
    changed = timezone.now() - timedelta(days=2)
    return DueDateChange.objects.create(
        agency=team.agency, deliverable=deliverable, client=client, before=date(2026, 11, 20),
        after=date(2026, 11, 27), changed_at=changed, changed_by=team.ivan.user,
        notice_due_at=changed + timedelta(hours=20))


def test_unannounced_shifts_and_tasks_need_attention(team, moved, as_user):
    task_open(client=moved.client, kind="renegotiate", reason="3 запроса сверх договора")
    page = as_user(team.masha).get(reverse("attention")).content.decode()
    assert "Макет" in page and "Ромашка" in page and "3 запроса сверх договора" in page
    others = as_user(team.ivan).get(reverse("attention")).content.decode()  # not his client
    assert "Макет" not in others
    everyone = as_user(team.ivan).get(reverse("attention") + "?who=all").content.decode()
    assert "Макет" in everyone


def test_the_client_page_panel_shows_them(team, moved, as_user):
    panel = as_user(team.petro).get(
        reverse("client_attention", kwargs={"client_id": moved.client_id})).content.decode()
    assert "Макет" in panel


def test_one_open_task_per_client_and_kind(team, moved):
    first = task_open(client=moved.client, kind="renegotiate", reason="первый")
    again = task_open(client=moved.client, kind="renegotiate", reason="второй")
    assert again.pk == first.pk and "первый" in again.reason and "второй" in again.reason
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(agency=team.agency, client=moved.client, kind="renegotiate",
                            reason="дубль", opened_at=timezone.now())


def test_a_done_task_lets_a_new_one_open(team, moved, as_user):
    task = task_open(client=moved.client, kind="renegotiate", reason="первый")
    http = as_user(team.masha)
    http.post(reverse("task_done", kwargs={"task_id": task.pk}), {"note": "Созвонились"})
    task.refresh_from_db()
    assert task.done_at is not None and task.note == "Созвонились"
    assert task_open(client=moved.client, kind="renegotiate", reason="снова").pk != task.pk
    done = http.get(reverse("task_list") + "?show=done&who=all").content.decode()
    assert "первый" in done


def test_empty_lists_say_so(team, as_user):
    page = as_user(team.masha).get(reverse("attention")).content.decode()
    assert "<li>" not in page
    assert as_user(team.masha).get(reverse("task_list")).status_code == 200


def test_today_lists_escalations_conflicts_unhappy_clients_and_reviews(team, as_user):
    """Each manager sees what is theirs; the owner's escalation is the owner's; "all" shows
    the agency's whole list."""
    mine = ClientFactory(agency=team.agency, name="Ромашка", account_manager=team.masha.user)
    theirs = ClientFactory(agency=team.agency, name="Лютик", account_manager=team.ivan.user)
    task_open(client=mine, kind=TaskKind.REVIEW, reason="Третья необоснованная претензия")
    task_open(client=mine, kind=TaskKind.ESCALATION, reason="Клиент группы A ждёт ответа",
              assignee_id=team.olena.user.pk)
    ConflictCaseFactory(client=mine, title="Спор о баннере")
    DissatisfactionFactory(client=mine, group="A", score=Decimal("80.00"))
    ConflictCaseFactory(client=theirs, title="Спор о сроках")
    DissatisfactionFactory(client=theirs, group="C", score=Decimal("12.00"))

    def sections(user, who="mine"):
        page = as_user(user).get(reverse("attention") + f"?who={who}").content.decode()
        return {name: name in page for name in (
            "Третья необоснованная претензия", "Клиент группы A ждёт ответа", "Спор о баннере",
            "Спор о сроках", "Ромашка", "Лютик")}

    masha = sections(team.masha)
    assert masha == {"Третья необоснованная претензия": True,
                     "Клиент группы A ждёт ответа": False, "Спор о баннере": True,
                     "Спор о сроках": False, "Ромашка": True, "Лютик": False}
    assert sections(team.olena)["Клиент группы A ждёт ответа"]  # the owner's escalation
    assert all(sections(team.ivan, who="all").values())


@pytest.mark.django_db(transaction=True)
def test_a_check_outside_any_transaction_opens_and_adds_to_a_task(team):
    # The periodic commands call it in autocommit mode, where PostgreSQL's row lock needs a
    # transaction of its own.
    client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
    first = task_open(client=client, kind=TaskKind.ESCALATION, reason="первый")
    again = task_open(client=client, kind=TaskKind.ESCALATION, reason="второй")
    assert again.pk == first.pk
    assert Task.objects.get().reason == "первый\nвторой"


def test_a_section_with_a_full_list_shows_its_first_twenty_the_others_up_to_fifty(team,
                                                                                  english):
    """Overdue statuses have a page of their own, linked from the section: the day's page
    shows the first 20. Escalations have none: all of them show, up to 50."""
    for number in range(22):
        client = ClientFactory(agency=team.agency, name=f"Client {number:02}",
                               account_manager=team.masha.user)
        AgreementFactory(client=client)  # started 90 days ago, no status since: overdue
        task_open(client=client, kind=TaskKind.ESCALATION, reason=f"Waits {number:02}",
                  assignee_id=team.masha.user.pk)
    page = english(team.masha).get(reverse("attention")).content.decode()
    statuses = page[page.index("Status updates overdue"):page.index("Retrospectives not held")]
    assert "(22)" in statuses
    assert statuses.count("<li>") == 20
    assert "The first 20 are shown; the others are in the full list." in statuses
    assert reverse("touchpoints_missed") in statuses
    escalations = page[page.index("Escalations"):page.index("Open conflicts")]
    assert escalations.count("<li>") == 22 and "The first" not in escalations


def test_the_rows_escape_names_and_offer_done_only_to_who_may_decide(team, as_user):
    client = ClientFactory(agency=team.agency, name="<b>Ромашка</b>",
                           account_manager=team.masha.user)
    agreement = AgreementFactory(client=client)  # no status since its start: overdue
    DeliverableFactory(agreement=agreement, title="<i>Макет</i>", status="approved",
                       actual_done=timezone.localdate() - timedelta(days=3))
    task_open(client=client, kind=TaskKind.RENEGOTIATE, reason="Первая строка\n<script>x</script>",
              assignee_id=team.masha.user.pk)
    page = as_user(team.masha).get(reverse("attention")).content.decode()
    assert "<b>Ромашка</b>" not in page and page.count("&lt;b&gt;Ромашка&lt;/b&gt;") == 3
    assert "<i>Макет</i>" not in page and "&lt;i&gt;Макет&lt;/i&gt;" in page
    assert "Первая строка<br>&lt;script&gt;x&lt;/script&gt;" in page
    assert "статус до " in page and "пока нет" in page  # status due, none yet
    assert "ретроспективы ещё нет" in page
    task = Task.objects.get(client=client)
    done = f'action="{reverse("task_done", kwargs={"task_id": task.pk})}"'
    assert done in page and 'name="csrfmiddlewaretoken"' in page
    assert 'name="next" value="/attention/"' in page
    specialist = as_user(team.petro).get(reverse("attention") + "?who=all").content.decode()
    assert "Первая строка" in specialist and done not in specialist

"""Conflict cases through the services: the four steps in order, closing only with the
solution (also in the database), hand-overs to members of the agency only, and bad input
refused with nothing written."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from retainer.conflicts.models import ConflictCase, ConflictHandover, ConflictStep
from retainer.conflicts.selectors import open_conflicts
from retainer.conflicts.services import (
    case_close,
    case_hand_over,
    case_open,
    case_step_record,
    case_update,
)
from tests.factories import ClientFactory, ConflictCaseFactory, InteractionFactory

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
CASE = {"title": "Баннер «не продаёт»", "nature": "work",
        "summary": "Клиент ждёт продаж от баннера; в договоре обещан только CTR 1,5 %."}


@pytest.fixture(autouse=True)
def _english():
    # The refusals are read in English here.
    with translation.override("en"):
        yield


def at(day: int, hour: int = 11, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MOSCOW)


@pytest.fixture
def alfa(team):
    return ClientFactory(agency=team.agency, account_manager=team.masha.user)


@pytest.fixture
def case(team, alfa):
    return case_open(client=alfa, data=CASE, user=team.olena.user, now=at(23, 10))


def steps_of(case):
    return list(ConflictStep.objects.filter(case=case).order_by("at", "id")
                .values_list("step", "note"))


def test_a_case_is_opened_for_the_clients_account_manager(team, case):
    assert (case.manager_id, case.opened_by_id) == (team.masha.user.pk, team.olena.user.pk)
    assert case.opened_at == at(23, 10)
    assert (case.steps_done, case.next_step, case.closed_at) == (0, "listen", None)


def test_without_an_account_manager_in_the_agency_the_opener_carries_it(team, rival):
    stranger = ClientFactory(agency=team.agency, account_manager=rival.masha.user)
    case = case_open(client=stranger, data=CASE, user=team.ivan.user)
    assert case.manager_id == team.ivan.user.pk


def test_the_four_steps_go_in_order_and_the_last_closes_with_the_solution(team, case):
    masha = team.masha.user
    case_step_record(case=case, note="Выслушала, посочувствовала", user=masha, now=at(23, 11))
    with pytest.raises(ValidationError) as refused:
        case_step_record(case=case, note="Предложили…", step="propose", user=masha,
                         now=at(23, 12))
    assert "analyse the causes" in str(refused.value)
    case_step_record(case=case, note="Ожидания продаж не были оговорены", step="analyse",
                     user=masha, now=at(23, 12))
    case_step_record(case=case, note="Два варианта баннера на A/B-тест", user=masha,
                     now=at(23, 13))
    assert ConflictCase.objects.get(pk=case.pk).closed_at is None
    solved = case_step_record(case=case, note="Тест запущен, клиент доволен", user=masha,
                              now=at(24, 15))
    assert solved.step == "solve"
    stored = ConflictCase.objects.get(pk=case.pk)
    assert (stored.steps_done, stored.closed_at) == (4, at(24, 15))
    assert stored.solution == "Тест запущен, клиент доволен"
    assert [step for step, _note in steps_of(case)] == ["listen", "analyse", "propose", "solve"]
    with pytest.raises(ValidationError, match="closed"):
        case_step_record(case=case, note="Ещё", user=masha)


def test_a_case_cannot_be_closed_before_its_steps_or_without_a_solution(team):
    early = ConflictCaseFactory(client__agency=team.agency, steps_done=2)
    with pytest.raises(ValidationError) as refused:
        case_close(case=early, solution="Сделали скидку", user=team.masha.user)
    assert "propose a solution" in str(refused.value)
    ready = ConflictCaseFactory(client__agency=team.agency, steps_done=3)
    for blank in ("", "   \n "):
        with pytest.raises(ValidationError) as refused:
            case_close(case=ready, solution=blank, user=team.masha.user)
        assert refused.value.message_dict == {
            "solution": ["A case is closed only with its solution recorded."]}
    assert ConflictCase.objects.filter(closed_at__isnull=False).count() == 0
    assert ConflictStep.objects.filter(step="solve").count() == 0
    case_close(case=ready, solution="Сделали скидку", user=team.masha.user)
    assert ConflictCase.objects.get(pk=ready.pk).closed_at is not None


def test_the_database_refuses_a_closed_case_without_its_solution(team):
    case = ConflictCaseFactory(client__agency=team.agency, steps_done=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConflictCase.objects.filter(pk=case.pk).update(closed_at=at(23))
    early = ConflictCaseFactory(client__agency=team.agency, steps_done=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConflictCase.objects.filter(pk=early.pk).update(closed_at=at(23), solution="Решено")


def test_a_step_is_recorded_once_whatever_the_database(team):
    case = ConflictCaseFactory(client__agency=team.agency, steps_done=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConflictStep.objects.create(agency=team.agency, case=case, step="listen", note="x",
                                    at=at(23))


def test_a_step_needs_a_note_and_a_sensible_moment(team, case):
    masha = team.masha.user
    with pytest.raises(ValidationError) as refused:
        case_step_record(case=case, note="  ", user=masha, now=at(23, 11))
    assert set(refused.value.message_dict) == {"note"}
    with pytest.raises(ValidationError) as refused:
        case_step_record(case=case, note="Выслушала", at=at(23, 12), user=masha,
                         now=at(23, 11))
    assert set(refused.value.message_dict) == {"at"}
    with pytest.raises(ValidationError, match="Unknown step"):
        case_step_record(case=case, note="Выслушала", step="ignore", user=masha)
    case_step_record(case=case, note="Выслушала", at=at(23, 9), user=masha, now=at(23, 11))
    with pytest.raises(ValidationError) as refused:
        case_step_record(case=case, note="Причины", at=at(23, 8), user=masha, now=at(23, 11))
    assert set(refused.value.message_dict) == {"at"}
    assert steps_of(case) == [("listen", "Выслушала")]


def test_a_hand_over_records_from_whom_to_whom_when_and_why(team, case):
    handover = case_hand_over(case=case, to_manager=team.ivan.user,
                              reason="Клиент перешёл на личности, нужен нейтральный коллега",
                              user=team.olena.user, now=at(23, 16))
    assert (handover.from_manager_id, handover.to_manager_id, handover.handed_by_id) == (
        team.masha.user.pk, team.ivan.user.pk, team.olena.user.pk)
    assert handover.handed_at == at(23, 16)
    stored = ConflictCase.objects.get(pk=case.pk)
    assert stored.manager_id == team.ivan.user.pk
    # The audit trail has the manager before and after, with who changed it and when.
    history = list(stored.history.order_by("history_date", "history_id"))
    assert [(row.manager_id, row.history_user_id) for row in history] == [
        (team.masha.user.pk, team.olena.user.pk), (team.ivan.user.pk, team.olena.user.pk)]
    assert history[-1].history_date == at(23, 16)
    assert [c.pk for c in open_conflicts(agency=team.agency, manager_id=team.ivan.user.pk)] == [
        case.pk]


def test_a_case_goes_only_to_another_member_of_its_agency(team, rival, case):
    for member, field in [(rival.olena.user, "to_manager"), (team.masha.user, "to_manager")]:
        with pytest.raises(ValidationError) as refused:
            case_hand_over(case=case, to_manager=member, reason="Нейтральный коллега",
                           user=team.olena.user)
        assert set(refused.value.message_dict) == {field}
    with pytest.raises(ValidationError) as refused:
        case_hand_over(case=case, to_manager=team.ivan.user, reason=" ", user=team.olena.user)
    assert set(refused.value.message_dict) == {"reason"}
    assert not ConflictHandover.objects.exists()
    assert ConflictCase.objects.get(pk=case.pk).manager_id == team.masha.user.pk


def test_a_closed_case_is_kept_as_it_was(team):
    case = ConflictCaseFactory(client__agency=team.agency, steps_done=3)
    case_close(case=case, solution="Переделали за свой счёт", user=team.masha.user)
    with pytest.raises(ValidationError):
        case_hand_over(case=case, to_manager=team.ivan.user, reason="Отпуск",
                       user=team.olena.user)
    with pytest.raises(ValidationError):
        case_update(case=case, data={"summary": "Другое"})
    with pytest.raises(ValidationError):
        case_close(case=case, solution="Ещё раз", user=team.masha.user)
    stored = ConflictCase.objects.get(pk=case.pk)
    assert (stored.solution, stored.summary) == ("Переделали за свой счёт", case.summary)


def test_a_message_of_another_client_is_refused(team, alfa):
    other = InteractionFactory(client=ClientFactory(agency=team.agency))
    with pytest.raises(ValidationError) as refused:
        case_open(client=alfa, data=CASE, user=team.masha.user, source=other)
    assert set(refused.value.message_dict) == {"source"}
    assert not ConflictCase.objects.exists()


def test_open_conflicts_by_age_for_a_manager_or_all(team, rival, alfa):
    young = ConflictCaseFactory(client=alfa, opened_at=at(20))
    old = ConflictCaseFactory(client=alfa, opened_at=at(2), manager=team.ivan.user)
    ConflictCaseFactory(client=alfa, opened_at=at(1), steps_done=4, closed_at=at(3),
                        solution="Решено")
    ConflictCaseFactory(client=ClientFactory(agency=rival.agency), opened_at=at(1))
    assert list(open_conflicts(agency=team.agency)) == [old, young]
    assert list(open_conflicts(agency=team.agency, manager_id=team.masha.user.pk)) == [young]


def test_a_case_needs_its_title_and_summary_and_a_known_nature(team, alfa):
    for bad, fields in [({"summary": " "}, {"summary"}), ({"title": ""}, {"title"}),
                        ({"nature": "anger"}, {"nature"})]:
        with pytest.raises(ValidationError) as refused:
            case_open(client=alfa, data=CASE | bad, user=team.masha.user)
        assert set(refused.value.message_dict) == fields
    assert not ConflictCase.objects.exists()
    case = case_open(client=alfa, data=CASE | {"nature": ""}, user=team.masha.user)
    with pytest.raises(ValidationError):
        case_update(case=case, data={"summary": ""})
    assert ConflictCase.objects.get(pk=case.pk).summary == CASE["summary"]

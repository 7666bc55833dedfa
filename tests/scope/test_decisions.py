"""Deciding requests through the service and the pages: the worked example of BRIEF C2 in the
database, the register entries it writes, overrides, the client's answers and replies."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from retainer.agreements.models import DueDateChange
from retainer.conversations.models import Interaction
from retainer.scope.models import ClientRequest, Decision, Discrepancy
from retainer.scope.selectors import unannounced_shifts
from retainer.scope.services import (
    AlreadyDecided,
    decision_answer,
    decision_override,
    request_create,
    request_decide,
)
from retainer.worklist.models import Task
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ContactFactory,
    DeliverableFactory,
)

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


def at(day: int, hour: int = 11, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=MOSCOW)


@pytest.fixture
def setup(team):
    client = ClientFactory(agency=team.agency, language="ru", account_manager=team.masha.user)
    agreement = AgreementFactory(client=client)  # threshold 60, budget 180, 3000/h, 6 h a day
    logo = DeliverableFactory(agreement=agreement, title="Логотип", planned_due=date(2026, 11, 20))
    landing = DeliverableFactory(agreement=agreement, title="Лендинг",
                                 planned_due=date(2026, 11, 27))
    contact = ContactFactory(client=client, name="Анна", email="anna@client.example",
                             is_decision_maker=True)
    return client, agreement, logo, landing, contact


def ask(setup, kind, minutes, title, deliverable=None, when=None, user=None):
    client, agreement, *_ = setup
    return request_create(client=client, agreement=agreement, user=user,
                          data={"kind": kind, "estimate_min": minutes, "title": title,
                                "deliverable": deliverable}, now=when)


def test_the_worked_example_of_the_brief(team, setup):
    client, agreement, logo, landing, _contact = setup
    user = team.masha.user
    for _round in range(2):  # the two included revision rounds of the logo
        decided = request_decide(client_request=ask(setup, "revision", 40, "Правки", logo),
                                 user=user, now=at(2))
        assert decided.outcome == "included"

    banner = request_decide(client_request=ask(setup, "change", 30, "Новый размер баннера"),
                            user=user, now=at(3))
    assert (banner.outcome, banner.free_minutes_charged) == ("bonus", 30)
    assert "бонус сверх договора" in banner.reply

    third = request_decide(client_request=ask(setup, "revision", 45, "Третьи правки", logo),
                           user=user, now=at(4))
    assert (third.outcome, third.classification) == ("bonus", "over_rounds")

    block = request_decide(client_request=ask(setup, "change", 240, "Блок на лендинге", landing),
                           user=user, now=at(5))
    assert block.outcome == "choice"
    assert block.price == Decimal(12000)
    assert block.shift_days == 1
    assert block.renegotiate
    assert [shift["after"] for shift in block.shifts] == ["2026-11-30"]  # Fri 27 → Mon 30

    copy = request_decide(client_request=ask(setup, "change", 20, "Правка текста"),
                          user=user, now=at(6))
    assert copy.outcome == "bonus"
    used = sum(Decision.objects.filter(budget_period=date(2026, 11, 1))
               .values_list("free_minutes_charged", flat=True))
    assert used == 95

    december = request_decide(client_request=ask(setup, "change", 60, "Ещё баннер"),
                              user=user, now=at(1, month=12))
    assert december.outcome == "bonus"  # a new month, a new budget

    bonuses = Discrepancy.objects.filter(agreement=agreement, is_bonus=True)
    assert bonuses.count() == 4
    assert all(entry.kind == "scope" for entry in bonuses)
    tasks = Task.objects.filter(client=client, kind="renegotiate", done_at__isnull=True)
    assert tasks.count() == 1  # raised again by later requests, never duplicated


def test_a_request_is_decided_once(team, setup):
    client_request = ask(setup, "change", 30, "Баннер")
    request_decide(client_request=client_request, user=team.masha.user)
    with pytest.raises(AlreadyDecided, match="Masha"):
        request_decide(client_request=client_request, user=team.ivan.user)
    assert Decision.objects.filter(request=client_request).count() == 1


def test_an_override_needs_a_written_reason_and_is_counted(team, setup, as_user):
    client_request = ask(setup, "change", 240, "Блок на лендинге")
    decision = request_decide(client_request=client_request, user=team.masha.user)
    assert decision.outcome == "choice"
    with pytest.raises(ValidationError):
        decision_override(decision=decision, outcome="bonus", reason="ok", user=team.masha.user)

    http = as_user(team.masha)
    url = reverse("decision_override", kwargs={"request_id": client_request.pk})
    http.post(url, {"outcome": "bonus", "reason": "Старый клиент, продлевает договор на год"})
    decision.refresh_from_db()
    assert (decision.outcome, decision.computed_outcome) == ("bonus", "choice")
    assert decision.price is None and decision.free_minutes_charged == 240
    assert "бонус сверх договора" in decision.reply
    assert Discrepancy.objects.filter(request=client_request, is_bonus=True).count() == 1

    page = http.get(reverse("override_list")).content.decode()
    assert "Старый клиент, продлевает договор на год" in page
    decision_override(decision=decision, outcome="choice", reason="Клиент передумал продлевать",
                      user=team.masha.user)
    assert not Discrepancy.objects.filter(request=client_request, is_bonus=True).exists()


def test_paying_raises_the_agreed_budget_in_one_entry(team, setup):
    client, agreement, _logo, landing, contact = setup
    agreement.budget = Decimal(100000)
    agreement.save()
    decision = request_decide(client_request=ask(setup, "change", 240, "Блок", landing),
                              user=team.masha.user)
    decision_answer(decision=decision, answer="pay", user=team.masha.user, agreed_by=contact)
    agreement.refresh_from_db()
    assert agreement.budget == Decimal(112000)
    entry = Discrepancy.objects.get(request=decision.request)
    assert (entry.kind, entry.agreed_by, entry.is_bonus) == ("budget", contact, False)
    assert "112" in entry.after and "100" in entry.before
    with pytest.raises(ValidationError):
        decision_answer(decision=decision, answer="defer", user=None, agreed_by=contact)


def test_a_shift_moves_the_chain_and_is_announced(team, setup):
    client, agreement, logo, landing, contact = setup
    decision = request_decide(client_request=ask(setup, "change", 400, "Новый раздел", logo),
                              user=team.masha.user, now=at(10))
    assert decision.shift_days == 2  # 400 min ÷ 360 min a day, rounded up
    decision_answer(decision=decision, answer="shift", user=team.masha.user,
                    agreed_by_name="Анна, директор")
    logo.refresh_from_db()
    landing.refresh_from_db()
    assert logo.planned_due == date(2026, 11, 24)  # Fri 20 → Tue 24
    assert landing.planned_due == date(2026, 12, 1)  # Fri 27 → Tue 1
    entries = Discrepancy.objects.filter(request=decision.request, kind="deadline")
    assert entries.count() == 2
    changes = DueDateChange.objects.filter(client=client)
    assert changes.count() == 2 and all(change.agreed_by_client for change in changes)
    # The audit trail has each moved due date and each entry, with who recorded them.
    moved = [(row.planned_due, row.history_type, row.history_user_id)
             for row in logo.history.order_by("history_id")]
    assert moved[-1] == (date(2026, 11, 24), "~", team.masha.user.pk)
    assert landing.history.filter(planned_due=date(2026, 12, 1)).exists()
    assert {(row.id, row.history_type, row.history_user_id)
            for row in Discrepancy.history.filter(request=decision.request)} == {
        (entry.pk, "+", team.masha.user.pk) for entry in entries}
    later = datetime(2027, 1, 1, tzinfo=MOSCOW)
    assert not unannounced_shifts(agency=team.agency, now=later).exists()


def test_outside_a_request_the_audit_trail_names_who_decided_and_answered(team, setup):
    """Commands, tasks and the demo call the services with no web request behind them."""
    _client, agreement, _logo, landing, contact = setup
    masha, ivan = team.masha.user, team.ivan.user
    small = request_decide(client_request=ask(setup, "change", 30, "Запятая"), user=masha)
    paid = request_decide(client_request=ask(setup, "change", 240, "Блок", landing),
                          user=masha)
    decision_answer(decision=paid, answer="pay", user=ivan, agreed_by=contact)
    decision_override(decision=small, outcome="choice" if small.outcome != "choice" else
                      "bonus", reason="Клиент просил считать всё отдельно", user=ivan)
    for decision in (small, paid):
        assert [(row.history_type, row.history_user_id) for row in
                Decision.history.filter(id=decision.pk).order_by("history_id")] == [
            ("+", masha.pk), ("~", ivan.pk)]
    added = {(row.kind, row.history_user_id)
             for row in Discrepancy.history.filter(history_type="+")}
    assert ("budget", ivan.pk) in added and all(user for _kind, user in added)
    assert agreement.history.latest("history_id").history_user_id == ivan.pk


def test_deferring_is_registered_without_moving_anything(team, setup):
    _client, _agreement, logo, _landing, contact = setup
    decision = request_decide(client_request=ask(setup, "change", 240, "Анимация", logo),
                              user=team.masha.user)
    decision_answer(decision=decision, answer="defer", user=None, agreed_by=contact)
    logo.refresh_from_db()
    assert logo.planned_due == date(2026, 11, 20)
    assert Discrepancy.objects.get(request=decision.request).kind == "scope"


def test_a_due_date_moved_without_notice_is_flagged_until_the_client_hears(team, setup,
                                                                          as_user):
    client, _agreement, logo, _landing, _contact = setup
    http = as_user(team.masha)
    url = reverse("deliverable_edit", kwargs={"deliverable_id": logo.pk})
    form = {"title": logo.title, "estimate_hours": "8", "planned_due": "2026-12-04",
            "status": "in_progress", "approval_iterations": 0, "clarifications": 0}
    assert http.post(url, form).status_code == 302
    change = DueDateChange.objects.get(deliverable=logo)
    assert (change.before, change.after, change.agreed_by_client) == (
        date(2026, 11, 20), date(2026, 12, 4), False)
    assert change.notice_due_at > change.changed_at

    after_notice = change.notice_due_at + timedelta(minutes=1)
    assert list(unannounced_shifts(agency=team.agency, now=after_notice)) == [change]
    before_notice = change.notice_due_at - timedelta(minutes=1)
    assert not unannounced_shifts(agency=team.agency, now=before_notice).exists()

    Interaction.objects.create(agency=team.agency, client=client, channel="email",
                               direction="out", occurred_at=change.changed_at + timedelta(hours=1),
                               text="Сдвигаем логотип на 4 декабря")
    assert not unannounced_shifts(agency=team.agency, now=after_notice).exists()


def test_the_decision_panel_decides_and_sends_the_reply(team, setup, as_user):
    client, _agreement, _logo, _landing, contact = setup
    client_request = ask(setup, "change", 30, "Баннер 300×250")
    http = as_user(team.masha)
    detail = reverse("request_detail", kwargs={"request_id": client_request.pk})
    assert "Decide by the rules" in http.get(detail).content.decode() or \
        "Решить по правилам" in http.get(detail).content.decode()
    http.post(reverse("request_decide", kwargs={"request_id": client_request.pk}))
    decision = Decision.objects.get(request=client_request)
    page = http.get(detail).content.decode()
    assert decision.reply.splitlines()[0] in page

    second = http.post(reverse("request_decide", kwargs={"request_id": client_request.pk}),
                       follow=True).content.decode()
    assert "Masha" in second  # already decided by Masha

    edited = decision.reply + "\n\nС уважением, Маша"
    http.post(reverse("decision_reply", kwargs={"request_id": client_request.pk}),
              {"reply": edited, "send": "1", "channel": "email", "contact": contact.pk})
    assert mail.outbox[-1].to == ["anna@client.example"]
    assert "С уважением, Маша" in mail.outbox[-1].body
    logged = Interaction.objects.get(client=client, direction="out")
    assert logged.text == edited
    decision.refresh_from_db()
    assert decision.reply_sent_at is not None
    assert Discrepancy.objects.get(request=client_request).communicated


def test_a_request_from_a_message_keeps_its_source(team, setup, as_user):
    client, agreement, *_ = setup
    message = Interaction.objects.create(
        agency=team.agency, client=client, channel="telegram", direction="in",
        occurred_at=at(3), text="Добавьте, пожалуйста, баннер 300×250 на главную",
        flags=" request ")
    http = as_user(team.petro)  # a specialist records requests, but does not decide
    url = reverse("request_new", kwargs={"client_id": client.pk}) + f"?from={message.pk}"
    form = http.get(url).content.decode()
    assert "Добавьте, пожалуйста, баннер" in form
    response = http.post(url, {"agreement": agreement.pk, "kind": "change",
                                "title": "Баннер 300×250", "estimate_min": 30})
    assert response.status_code == 302
    assert ClientRequest.objects.get(client=client).source == message
    log = http.get(reverse("client_detail", kwargs={"client_id": client.pk})).content.decode()
    assert f"?from={message.pk}" in log


def test_bad_request_input_gets_messages_not_errors(team, setup, as_user):
    client, agreement, *_ = setup
    http = as_user(team.masha)
    url = reverse("request_new", kwargs={"client_id": client.pk})
    response = http.post(url, {"agreement": agreement.pk, "kind": "nonsense", "title": "",
                               "estimate_min": -5})
    assert response.status_code == 200
    assert not ClientRequest.objects.exists()
    other = AgreementFactory(client=ClientFactory(agency=team.agency))
    other_deliverable = DeliverableFactory(agreement=other)
    response = http.post(url, {"agreement": agreement.pk, "kind": "change", "title": "x",
                               "estimate_min": 5, "deliverable": other_deliverable.pk})
    assert response.status_code == 200 and not ClientRequest.objects.exists()

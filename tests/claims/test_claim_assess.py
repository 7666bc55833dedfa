"""Assessing claims through the service, with the facts read from the database: each kind of
target founded and unfounded, the concession's three tests in their order, the review task a
client who "sits on the neck" gets, and the record every assessment keeps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from retainer.agreements.models import Deliverable
from retainer.agreements.services import deliverable_update, measurement_create
from retainer.claims.models import Concession
from retainer.claims.services import AlreadyAssessed, claim_assess
from retainer.conversations.services import interaction_create
from retainer.worklist.models import Task
from tests.claims.conftest import NOT_PROMISED, at

pytestmark = pytest.mark.django_db


def assess(claim, team, when=None):
    return claim_assess(claim=claim, user=team.masha.user, now=when or at(26))


def rules_of(concession) -> list[str]:
    return [reason["rule"] for reason in concession.reasons]


def figures(concession, rule) -> dict:
    return next(reason["figures"] for reason in concession.reasons if reason["rule"] == rule)


# ---- founded --------------------------------------------------------------------------

def test_a_deliverable_delivered_after_its_due_date_is_fixed_and_admitted(team, deal):
    Deliverable.objects.filter(pk=deal.logo.pk).update(actual_done=date(2026, 11, 24),
                                                       status="approved")
    claim = deal.claim("deliverable", deliverable=deal.logo, made_at=at(25),
                       words="Логотип сдали на четыре дня позже срока!")
    concession = assess(claim, team)
    assert concession.founded
    assert (concession.outcome, concession.computed_outcome) == ("fix_and_admit",
                                                                 "fix_and_admit")
    # Nothing asked on top of the fix: a trivial compensation of nothing.
    assert rules_of(concession) == ["claims.deliverable_late", "claims.fix_and_admit",
                                    "claims.trivial"]
    assert figures(concession, "claims.deliverable_late") == {
        "deliverable": "Логотип", "due": "2026-11-20", "done": "2026-11-24",
        "today": "2026-11-25"}
    assert concession.reply.startswith("Здравствуйте!")
    assert "«Логотип» мы должны были сдать 20 ноября, а сдали только 24 ноября" in \
        concession.reply


def test_a_rejected_deliverable_is_founded_whatever_its_dates(team, deal):
    deliverable_update(deliverable=deal.landing, data={"status": "rejected"})
    claim = deal.claim("deliverable", deliverable=deal.landing, made_at=at(25))
    concession = assess(claim, team)
    assert concession.founded
    assert rules_of(concession)[0] == "claims.deliverable_rejected"


def test_the_due_date_is_the_one_the_agreement_held_when_the_client_complained(team, deal):
    """The logo, due the 20th, was moved to the 30th after the claim of the 25th: on the
    day of the claim it was five days late."""
    claim = deal.claim("deliverable", deliverable=deal.logo, made_at=at(25))
    deliverable_update(deliverable=deal.logo, data={"planned_due": date(2026, 11, 30)})
    concession = assess(claim, team)
    assert concession.founded
    assert figures(concession, "claims.deliverable_late")["due"] == "2026-11-20"


def test_a_kpi_below_its_tolerance_is_founded_and_a_later_measurement_does_not_count(team,
                                                                                     deal):
    measurement_create(kpi=deal.ctr, data={"measured_on": date(2026, 11, 20),
                                           "actual": Decimal("1.2")})
    # Measured after the claim: it did not exist when the client complained.
    measurement_create(kpi=deal.ctr, data={"measured_on": date(2026, 11, 26),
                                           "actual": Decimal("1.6")})
    claim = deal.claim("kpi", kpi=deal.ctr, made_at=at(25), ask="Скидка за ноябрь",
                       asked_amount=Decimal(10000))
    concession = assess(claim, team)
    assert concession.founded
    missed = figures(concession, "claims.kpi_missed")
    # 1.5 − 10 % of 1.5 = 1.35; 1.2 is below it.
    assert (Decimal(missed["bound"]), Decimal(missed["actual"])) == (Decimal("1.35"),
                                                                     Decimal("1.2"))
    assert missed["measured_on"] == "2026-11-20"
    # The 10,000 asked on top of the fix: more than 1,500, less than 45,000 of retention.
    assert rules_of(concession)[-1] == "claims.retention"
    assert concession.granted and concession.cost == Decimal("10000.00")


def test_a_kpi_within_its_tolerance_is_unfounded(team, deal):
    measurement_create(kpi=deal.ctr, data={"measured_on": date(2026, 11, 20),
                                           "actual": Decimal("1.35")})
    concession = assess(deal.claim("kpi", kpi=deal.ctr, made_at=at(25)), team)
    assert not concession.founded
    assert rules_of(concession)[0] == "claims.kpi_met"


def our_late_reply(deal):
    """The client wrote on Friday at 16:00 and we answered on Monday at 12:00: two business
    hours on Friday and three on Monday, past the 4-hour target."""
    message = interaction_create(client=deal.client, data={
        "channel": "email", "direction": "in", "occurred_at": at(20, 16),
        "text": "Когда будет готов макет?"})
    interaction_create(client=deal.client, data={
        "channel": "email", "direction": "out", "occurred_at": at(23, 12),
        "text": "Завтра пришлём."})
    message.refresh_from_db()
    return message


def test_our_reply_past_the_response_target_in_business_hours_is_founded(team, deal):
    message = our_late_reply(deal)
    claim = deal.claim("communication", message=message, made_at=at(24, 10),
                       words="Вы отвечаете по три дня!")
    concession = assess(claim, team)
    assert concession.founded
    late = figures(concession, "claims.reply_late")
    assert late["waited_min"] == "300"
    assert Decimal(late["target_hours"]) == 4


def test_a_reply_within_the_target_is_unfounded(team, deal):
    message = interaction_create(client=deal.client, data={
        "channel": "email", "direction": "in", "occurred_at": at(20, 16),
        "text": "Когда будет готов макет?"})
    interaction_create(client=deal.client, data={
        "channel": "email", "direction": "out", "occurred_at": at(23, 10),
        "text": "Сегодня пришлём."})
    concession = assess(deal.claim("communication", message=message, made_at=at(24)), team)
    assert not concession.founded
    assert figures(concession, "claims.reply_on_time")["waited_min"] == "180"


# ---- unfounded, and the concession's tests ---------------------------------------------

def test_a_result_not_promised_is_unfounded_and_a_trivial_ask_is_granted(team, deal):
    claim = deal.claim("not_promised", result="рост продаж в офлайн-магазинах",
                       ask="Ещё один вариант баннера", asked_min=20)
    assert claim.result == NOT_PROMISED  # as the agreement words it
    concession = assess(claim, team)
    assert not concession.founded
    assert concession.outcome == "concede" and concession.granted
    assert rules_of(concession) == ["claims.not_promised", "claims.trivial"]
    # 20 min at 3,000 an hour = 1,000 ≤ 30 min = 1,500.
    assert (concession.cost, concession.trivial_cost) == (Decimal(1000), Decimal(1500))
    assert f"не обещаем «{NOT_PROMISED}»" in concession.reply


def test_an_ask_worth_less_than_keeping_the_client_is_granted(team, deal):
    concession = assess(deal.claim(ask="Переделать баннеры в другом цвете", asked_min=600),
                        team)
    assert (concession.founded, concession.outcome) == (False, "concede")
    # 600 min at 3,000 = 30,000 < 300,000 × 15 % = 45,000.
    assert concession.cost == Decimal(30000)
    assert concession.retention_value == Decimal(45000)
    assert concession.acquisition_cost == Decimal(1050000)  # 350,000 ÷ ⅓
    assert rules_of(concession) == ["claims.no_term", "claims.retention"]


def test_an_ask_worth_more_than_keeping_the_client_is_refused_without_review(team, deal):
    concession = assess(deal.claim(ask="Сделать новый логотип", asked_min=1200), team)
    assert concession.cost == Decimal(60000)
    assert (concession.outcome, concession.granted, concession.review) == ("refuse", False,
                                                                           False)
    assert rules_of(concession)[-1] == "claims.not_worth"
    assert not Task.objects.filter(client=deal.client).exists()


def test_a_negative_client_is_worth_more(team, deal):
    """Angry messages raise the churn risk: 15 % + 85 % × 0.8 = 83 %, so keeping the client
    is worth 249,000, and the same 60,000 ask is granted."""
    from retainer.conversations.models import Interaction

    Interaction.objects.create(agency=team.agency, client=deal.client, channel="email",
                               direction="in", occurred_at=at(24), text="…", negativity=0.8)
    concession = assess(deal.claim(ask="Сделать новый логотип", asked_min=1200, made_at=at(25)),
                        team)
    assert concession.retention_value == Decimal(249000)
    assert concession.outcome == "concede"
    assert concession.inputs["economics_basis"]["negativity"] == "0.8"


def test_the_third_unfounded_claim_in_90_days_is_refused_and_the_relationship_reviewed(
        team, deal):
    first = assess(deal.claim(ask="Перекрасить баннер", asked_min=10, made_at=at(2, month=9)),
                   team, at(2, 12, month=9))
    second = assess(deal.claim(ask="Поменять шрифт", asked_min=10, made_at=at(20, month=10)),
                    team, at(20, 12, month=10))
    assert first.granted and second.granted  # trivial, and under the limit
    third = assess(deal.claim(ask="Перекрасить ещё раз", asked_min=10, made_at=at(25)), team)
    assert (third.outcome, third.granted, third.review) == ("refuse", False, True)
    assert figures(third, "claims.too_many_unfounded")["count"] == "3"
    task = Task.objects.get(client=deal.client, kind="review", done_at__isnull=True)
    assert third.task == task and task.assignee == team.masha.user
    assert "3" in task.reason and "90" in task.reason
    assert "Перекрасить ещё раз" in task.reason
    assert "пройтись по договору" in third.reply

    # A fourth keeps the one open task, with the new reason added.
    fourth = assess(deal.claim(ask="Убрать тень", asked_min=5, made_at=at(27)), team, at(27, 12))
    assert fourth.review and fourth.task == task
    assert Task.objects.filter(client=deal.client, kind="review").count() == 1


def test_claims_outside_the_window_or_founded_do_not_count(team, deal):
    assess(deal.claim(ask="Раз", asked_min=10, made_at=at(20, month=8)), team,
           at(20, 12, month=8))  # 97 days before the 25th of November
    Deliverable.objects.filter(pk=deal.logo.pk).update(actual_done=date(2026, 11, 24))
    assess(deal.claim("deliverable", deliverable=deal.logo, made_at=at(24, 15)), team)
    assess(deal.claim(ask="Два", asked_min=10, made_at=at(20, month=10)), team,
           at(20, 12, month=10))
    third = assess(deal.claim(ask="Три", asked_min=10, made_at=at(25)), team)
    assert (third.outcome, third.review) == ("concede", False)


def test_a_founded_claim_is_never_refused_even_at_the_limit(team, deal):
    for month, day in ((10, 1), (10, 20)):
        assess(deal.claim(ask="Мелочь", asked_min=10, made_at=at(day, month=month)), team,
               at(day, 12, month=month))
    Deliverable.objects.filter(pk=deal.logo.pk).update(actual_done=date(2026, 11, 24))
    founded = assess(deal.claim("deliverable", deliverable=deal.logo, made_at=at(25),
                                ask="Скидка", asked_amount=Decimal(500)), team)
    assert (founded.outcome, founded.granted, founded.review) == ("fix_and_admit", True, False)


# ---- the record -----------------------------------------------------------------------

def test_a_claim_is_assessed_once(team, deal):
    claim = deal.claim()
    assess(claim, team)
    with pytest.raises(AlreadyAssessed, match="Masha"):
        claim_assess(claim=claim, user=team.ivan.user)
    assert Concession.objects.filter(claim=claim).count() == 1


def test_the_assessment_keeps_its_inputs_policy_and_audit_trail(team, deal):
    concession = assess(deal.claim(ask="Перекрасить баннер", asked_min=20), team)
    inputs = concession.inputs
    assert inputs["claim"]["target"] == "nothing" and inputs["claim"]["language"] == "ru"
    assert inputs["economics"]["hourly_rate"] == "3000.00"
    assert inputs["economics"]["churn_risk"] == "0.15"
    assert inputs["economics_basis"]["margin_pct"] == 30
    assert inputs["calendar"] == "Europe/Moscow"
    assert concession.policy_version == 1
    assert [(row.history_type, row.history_user_id) for row in concession.history.all()] == [
        ("+", team.masha.user.pk)]


def test_the_reply_is_in_the_clients_language(team, deal):
    deal.client.language = "uk"
    deal.client.save()
    concession = assess(deal.claim(ask="Перефарбувати банер", asked_min=20), team)
    assert concession.reply.startswith("Добрий день!")
    assert "ваше прохання «Перефарбувати банер»" in concession.reply

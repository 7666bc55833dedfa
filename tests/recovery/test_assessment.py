"""How unhappy a client is, from what the database knows: the brief's worked example read
from real messages, each signal's contribution, silence in business hours, held payments,
and the signals of every client of an agency in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from retainer.conversations.models import Interaction
from retainer.recovery.cues import read_cues
from retainer.recovery.models import DissatisfactionAssessment, MessageCues
from retainer.recovery.selectors import signals_gather
from retainer.recovery.services import (
    dissatisfaction_assess,
    dissatisfaction_refresh,
    messages_read,
    payment_hold_release,
    payment_hold_set,
)
from tests.factories import ClientFactory, InteractionFactory
from tests.recovery.conftest import NOW, at, write

pytestmark = pytest.mark.django_db


def points(assessment) -> dict[str, Decimal]:
    return {part["signal"]: Decimal(part["points"]) for part in assessment.contributions}


def mean_negativity_points(client) -> Decimal:
    """The default weight (40) times the triage negativity of the client's one message."""
    negativity = Interaction.objects.get(client=client, direction="in").negativity
    return (Decimal(40) * Decimal(str(negativity)).quantize(Decimal("0.01"))).quantize(
        Decimal("0.01"))


def test_the_brief_s_angry_client_is_group_a(team, angry):
    assessment = dissatisfaction_assess(client=angry, user=team.masha.user, now=NOW)
    assert assessment.group == "A"
    # A threat ("напишем отзыв") and a held payment ("не заплатим") on top of the anger.
    assert points(assessment) == {
        "negativity": mean_negativity_points(angry), "threat": 30, "payments_held": 25,
        "discount_demand": 0, "silence": 0, "escalation": 0, "wish_to_settle": 0}
    assert assessment.score == sum(points(assessment).values())
    assert assessment.assessed_by == team.masha.user and assessment.assessed_at == NOW
    assert assessment.reasons[0]["rule"] == "recovery.group"


def test_the_brief_s_disappointed_client_is_group_b(disappointed):
    assessment = dissatisfaction_assess(client=disappointed, now=NOW)
    assert assessment.group == "B"
    assert points(assessment)["discount_demand"] == 15
    assert points(assessment)["threat"] == 0


def test_the_brief_s_conciliatory_client_is_group_c(conciliatory):
    assessment = dissatisfaction_assess(client=conciliatory, now=NOW)
    assert assessment.group == "C"
    assert points(assessment)["wish_to_settle"] == -15
    assert assessment.reasons[0]["rule"] == "recovery.wish_to_settle"


def test_a_content_client_has_no_group(team):
    client = ClientFactory(agency=team.agency)
    write(client, "Спасибо, всё отлично, макеты понравились!", at(23, 10))
    assessment = dissatisfaction_assess(client=client, now=NOW)
    assert assessment.group == "" and assessment.score <= 0


def test_assessing_again_refreshes_the_one_row(team, angry):
    dissatisfaction_assess(client=angry, now=NOW)
    write(angry, "Спасибо, что сразу ответили, ждём исправлений.", at(23, 11))
    dissatisfaction_assess(client=angry, now=NOW)
    assert DissatisfactionAssessment.objects.filter(client=angry).count() == 1


def test_messages_older_than_a_week_do_not_count(team):
    client = ClientFactory(agency=team.agency)
    write(client, "Мы подадим в суд и не заплатим ни копейки!", at(13, 10))
    assessment = dissatisfaction_assess(client=client, now=NOW)
    assert points(assessment)["threat"] == 0 and points(assessment)["negativity"] == 0


def test_silence_after_our_message_counts_in_business_hours(team):
    client = ClientFactory(agency=team.agency)
    write(client, "Пришлите, пожалуйста, отчёт.", at(18, 9, 30))
    write(client, "Отчёт во вложении. Что скажете?", at(18, 10), direction="out",
          author=team.masha.user)
    # Wed 10:00 → Mon 12:00: 7 h on Wednesday, 8 on Thursday and Friday, 3 on Monday.
    signals = signals_gather(agency=team.agency, now=NOW)[client.pk]
    assert signals.silence == timedelta(hours=26)
    assessment = dissatisfaction_assess(client=client, now=NOW)
    silence = next(p for p in assessment.contributions if p["signal"] == "silence")
    assert silence["observed"] == str(26 * 60) and silence["points"] == "10.00"


def test_silence_is_not_counted_before_the_quiet_hours_pass_or_once_they_answer(team):
    client = ClientFactory(agency=team.agency)
    write(client, "Отчёт во вложении.", at(20, 17), direction="out", author=team.masha.user)
    # Fri 17:00 → Mon 12:00 is 4 business hours: under the policy's 16.
    assert points(dissatisfaction_assess(client=client, now=NOW))["silence"] == 0
    answered = ClientFactory(agency=team.agency)
    write(answered, "Отчёт во вложении.", at(18, 10), direction="out", author=team.masha.user)
    write(answered, "Получили, спасибо.", at(19, 10))
    assert signals_gather(agency=team.agency, now=NOW)[answered.pk].silence == timedelta(0)


def test_held_payments_count_until_released(team):
    client = ClientFactory(agency=team.agency)
    hold = payment_hold_set(client=client, kind="overdue", since=NOW.date() - timedelta(days=3),
                            note="Счёт №14", user=team.masha.user, now=NOW)
    assessment = DissatisfactionAssessment.objects.get(client=client)
    assert points(assessment)["payments_held"] == 25 and assessment.group == "B"
    assert hold.history.count() == 1
    payment_hold_release(client=client, user=team.masha.user, now=NOW)
    assessment.refresh_from_db()
    assert points(assessment)["payments_held"] == 0 and assessment.group == ""


def test_a_hold_in_the_future_or_a_second_release_is_refused(team):
    from django.core.exceptions import ValidationError

    client = ClientFactory(agency=team.agency)
    with pytest.raises(ValidationError):
        payment_hold_set(client=client, kind="frozen", since=NOW.date() + timedelta(days=2),
                         user=None, now=NOW)
    with pytest.raises(ValidationError):
        payment_hold_release(client=client, user=None, now=NOW)
    assert not client.payment_holds.exists()
    assert not DissatisfactionAssessment.objects.filter(client=client).exists()


def test_every_message_is_read_once(team, angry):
    assert MessageCues.objects.filter(client=angry).count() == 0
    assert messages_read(agency=team.agency, now=NOW) == 1
    assert messages_read(agency=team.agency, now=NOW) == 0
    cues = MessageCues.objects.get(client=angry)
    assert cues.cues == " payments_held "
    assert cues.evidence == [{"cue": "payments_held", "text": "не заплатим"}]


def test_another_agency_s_messages_never_count(team, rival, angry):
    other = ClientFactory(agency=rival.agency)
    write(other, "Мы подадим в суд!", at(23, 10))
    assert set(signals_gather(agency=team.agency, now=NOW)) == {angry.pk}


def _busy_clients(team, count: int) -> None:
    for n in range(count):
        client = ClientFactory(agency=team.agency)
        InteractionFactory(client=client, occurred_at=at(23, 9, n % 60), negativity=0.5,
                           flags=" threat ")
        InteractionFactory(client=client, direction="out", occurred_at=at(18, 10))
        MessageCues.objects.create(agency=team.agency, client=client, occurred_at=at(23, 9),
                                   interaction=InteractionFactory(client=client),
                                   cues=" discount_demand ")


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_the_signals_of_every_client_take_the_same_few_queries_for_3_or_30(team):
    _busy_clients(team, 3)
    few = _queries(lambda: signals_gather(agency=team.agency, now=NOW))
    _busy_clients(team, 27)
    signals = {}
    many = _queries(lambda: signals.update(signals_gather(agency=team.agency, now=NOW)))
    assert few == many <= 4
    assert len(signals) == 30
    assert all(s.threat and s.discount_demand and s.negativity == (0.5,)
               for s in signals.values())


def test_refreshing_every_client_takes_the_same_queries_for_3_or_30(team):
    _busy_clients(team, 3)
    dissatisfaction_refresh(agency=team.agency, now=NOW)  # reads the new messages once
    few = _queries(lambda: dissatisfaction_refresh(agency=team.agency, now=NOW))
    _busy_clients(team, 27)
    dissatisfaction_refresh(agency=team.agency, now=NOW)
    groups = {}
    many = _queries(lambda: groups.update(dissatisfaction_refresh(agency=team.agency, now=NOW)))
    assert few == many
    # 0.5 × 40 + a threat (30) + a discount demand (15) + silence since Wednesday (10) = 75.
    assert set(groups.values()) == {"A"} and len(groups) == 30


@pytest.mark.parametrize(("text", "cues"), [
    ("Дайте скидку 40 %, и мы продолжим.", {"discount_demand"}),
    ("Ми готові продовжити, якщо знизите вартість на третину.", {"discount_demand"}),
    ("Give us 40% off and we'll continue.", {"discount_demand"}),
    ("Оплату мы заморозили до исправления.", {"payments_held"}),
    ("Ми не будемо платити, доки це не виправите.", {"payments_held"}),
    ("Payments are on hold until this is fixed.", {"payments_held"}),
    ("Я передал ситуацию нашему руководству.", {"escalation"}),
    ("Наш директор уже в курсі.", {"escalation"}),
    ("I have escalated this to our CEO.", {"escalation"}),
    ("Давайте обсудим, как это исправить.", {"wish_to_settle"}),
    ("Щось пішло не так, давайте знайдемо рішення.", {"wish_to_settle"}),
    ("Let's work this out and move forward.", {"wish_to_settle"}),
    ("Давайте созвонимся завтра в 11.", set()),  # an invitation, not a wish to settle
    ("Let's discuss the brief tomorrow.", set()),
    ("Как там наш лендинг?", set()),
    ("Счёт оплатили вчера, спасибо.", set()),
])
def test_cues_in_three_languages(text, cues):
    assert {hit.cue for hit in read_cues(text)} == cues

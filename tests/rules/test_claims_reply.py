"""Draft replies to claims (BRIEF C3), in Russian, Ukrainian and English.

A founded claim admits the fault plainly and says what will be fixed; an unfounded one
cites the agreement; a refusal is polite and offers the work separately; a review is
proposed only when the relationship goes for review. Dates, money and durations are checked
against each language's grammar (genitive months, plural forms after a dash).
"""

import re
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from retainer.rules.business_time import BusinessCalendar
from retainer.rules.claims import (
    COMMUNICATION,
    CONCEDE,
    DELIVERABLE,
    FIX_AND_ADMIT,
    HIGHER,
    KPI,
    LOWER,
    NOT_PROMISED,
    NOTHING,
    REFUSE,
    Claim,
    ClaimFacts,
    ClaimHistory,
    ClaimTerms,
    ClientEconomics,
    Deliverable,
    DeliverableProgress,
    KpiMeasurement,
    PromisedKpi,
    ReplyWait,
    assess_claim,
    decide_concession,
    draft_reply,
)
from retainer.rules.claims.reply import duration, texts
from retainer.rules.policy import DEFAULT_POLICY

LANGUAGES = ("ru", "uk", "en")
MSK = ZoneInfo("Europe/Moscow")
RUSSIA = BusinessCalendar("Europe/Moscow", dict.fromkeys(range(5), [(time(9), time(13)),
                                                                    (time(14), time(18))]), "RU")
NAMES = {
    "ru": ("Лендинг", "Рост продаж"),
    "uk": ("Лендінг", "Зростання продажів"),
    "en": ("Landing page", "Sales growth"),
}
ECONOMICS = ClientEconomics(Decimal("600000"), Decimal("0.2"), Decimal("3000"), "RUB")
CLAIMED = datetime(2026, 11, 25, 12, tzinfo=MSK)  # a Wednesday
NO_FACTS = ClaimFacts()
NO_HISTORY = ClaimHistory()


def terms(language):
    landing, growth = NAMES[language]
    return ClaimTerms(
        deliverables=(Deliverable(1, landing, date(2026, 11, 20)),),
        kpis=(PromisedKpi(1, "CTR", Decimal("2.5"), Decimal("10"), HIGHER, "%"),
              PromisedKpi(2, "CPL", Decimal("400"), Decimal(0), LOWER, "₽")),
        not_promised=(growth,),
        response_target_hours=Decimal("4"),
        calendar=RUSSIA,
    )


def concession(language, target, facts=NO_FACTS, history=NO_HISTORY, economics=ECONOMICS,
               **claim):
    claim = Claim(target, CLAIMED, language=language, **claim)
    assessment = assess_claim(claim, terms(language), facts, DEFAULT_POLICY)
    return decide_concession(assessment, economics, history, DEFAULT_POLICY)


def late_landing(language, **claim):
    facts = ClaimFacts(progress=DeliverableProgress(date(2026, 11, 24)))
    return concession(language, DELIVERABLE, facts, target_id=1, **claim)


ADMIT = {"ru": "Вы правы", "uk": "Ви маєте рацію", "en": "You are right"}
SORRY = {"ru": "приносим извинения", "uk": "просимо вибачення", "en": "we apologise"}
NOVEMBER_20 = {"ru": "20 ноября", "uk": "20 листопада", "en": "20 November"}
NOVEMBER_24 = {"ru": "24 ноября", "uk": "24 листопада", "en": "24 November"}
ONE_OFF = {"ru": "разовая уступка", "uk": "разова поступка", "en": "one-off concession"}
SEPARATE = {"ru": "отдельную работу", "uk": "окрему роботу", "en": "separate work"}
CYRILLIC = re.compile("[\u0400-\u04ff]")
UKRAINIAN_ONLY = re.compile("[іїєґІЇЄҐ]")
RUSSIAN_ONLY = re.compile("[ыэъёЫЭЪЁ]")


# ---- founded --------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_a_founded_claim_admits_the_fault_and_says_what_will_be_fixed(language):
    result = late_landing(language)
    assert result.outcome == FIX_AND_ADMIT
    reply = result.reply
    words = texts(language)
    assert reply.startswith(words["greeting"])
    assert ADMIT[language] in reply and SORRY[language] in reply
    assert NAMES[language][0] in reply
    assert NOVEMBER_20[language] in reply and NOVEMBER_24[language] in reply
    assert words["fix_late_done"] in reply
    # Nothing was asked beyond the fix: no word of compensation, no refusal.
    assert words["compensation"].split("{")[0] not in reply
    assert SEPARATE[language] not in reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compensation_asked_is_granted_or_declined_in_so_many_words(language):
    granted = late_landing(language, ask="Скидка", asked_amount=Decimal("20000"))
    assert granted.granted
    assert texts(language)["compensation"].split("{")[0] in granted.reply
    assert re.search(r"20\D{1,2}000", granted.reply)
    declined = late_landing(language, ask="Скидка", asked_amount=Decimal("200000"))
    assert declined.outcome == FIX_AND_ADMIT and not declined.granted
    assert texts(language)["no_compensation"].split("{")[0] in declined.reply
    assert ADMIT[language] in declined.reply


def test_the_russian_amount_is_written_with_the_ruble_sign():
    reply = late_landing("ru", ask="Скидка 10 %", asked_amount=Decimal("20000")).reply
    # CLDR groups digits and parts the sign with no-break spaces.
    assert "Кроме того, мы выполним вашу просьбу «Скидка 10 %» (20\xa0000,00\xa0₽)." in reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rejected_late_deliverable_admits_both_and_promises_both_fixes(language):
    facts = ClaimFacts(progress=DeliverableProgress(None, rejected=True))
    reply = concession(language, DELIVERABLE, facts, target_id=1).reply
    words = texts(language)
    assert words["fix_late_open"].format(deliverable=NAMES[language][0]) in reply
    assert words["fix_rejected"].format(deliverable=NAMES[language][0]) in reply


def test_a_missed_kpi_names_the_agreed_figure_and_the_measurement():
    facts = ClaimFacts(measurement=KpiMeasurement(Decimal("1.9"), date(2026, 11, 22)))
    reply = concession("ru", KPI, facts, target_id=1).reply
    assert ("Вы правы: по договору показатель «CTR» должен быть не ниже 2,5 % (допустимое "
            "отклонение — 10 %), а на 22 ноября он составил 1,9 %.") in reply
    english = concession("en", KPI, facts, target_id=1).reply
    assert "the agreement sets “CTR” at 2.5 % or more (with a tolerance of 10 %)" in english


def test_a_kpi_where_lower_is_better_reads_at_most_and_no_tolerance_is_left_out():
    facts = ClaimFacts(measurement=KpiMeasurement(Decimal("450"), date(2026, 11, 22)))
    assert "должен быть не выше 400 ₽, а" in concession("ru", KPI, facts, target_id=2).reply
    assert "має бути не вище 400 ₽, а" in concession("uk", KPI, facts, target_id=2).reply


@pytest.mark.parametrize(("language", "expected"), [
    ("ru", "по договору срок ответа — 4 часа рабочего времени, а на ваше сообщение от "
           "23 ноября, 16:30 мы ответили с опозданием: время ожидания — 6 часов 41 минута."),
    ("uk", "за договором строк відповіді — 4 години робочого часу, а на ваше повідомлення від "
           "23 листопада, 16:30 ми відповіли із запізненням: час очікування — 6 годин "
           "41 хвилина."),
    ("en", "the agreement promises a reply within 4 hours of working time, and your message "
           "of 23 November, 16:30 waited 6 hours 41 minutes for our reply."),
])
def test_a_late_reply_gives_the_target_and_the_wait_in_business_time(language, expected):
    wait = ReplyWait(datetime(2026, 11, 23, 16, 30, tzinfo=MSK),
                     datetime(2026, 11, 24, 15, 11, tzinfo=MSK))
    result = concession(language, COMMUNICATION, ClaimFacts(reply=wait))
    assert result.outcome == FIX_AND_ADMIT
    assert expected in result.reply
    assert texts(language)["fix_reply"] in result.reply


def test_an_unanswered_message_says_how_long_it_has_waited():
    wait = ReplyWait(datetime(2026, 11, 24, 9, 30, tzinfo=MSK))
    reply = concession("ru", COMMUNICATION, ClaimFacts(reply=wait)).reply
    assert ("ваше сообщение от 24 ноября, 9:30 до сих пор без ответа: время ожидания — "
            "уже 10 часов 30 минут.") in reply


# ---- unfounded ------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refusal_cites_the_agreement_and_offers_the_work_separately(language):
    result = concession(language, NOT_PROMISED, result=NAMES[language][1],
                        ask="Refund", asked_amount=Decimal("150000"))
    assert result.outcome == REFUSE and not result.review
    reply = result.reply
    assert f"«{NAMES[language][1]}»" in reply or f"“{NAMES[language][1]}”" in reply
    assert texts(language)["not_promised"].format(result=NAMES[language][1]) in reply
    assert SEPARATE[language] in reply
    assert ADMIT[language] not in reply and ONE_OFF[language] not in reply
    assert texts(language)["review"] not in reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_concession_on_an_unfounded_claim_is_called_a_one_off(language):
    result = concession(language, NOTHING, ask="Brighter banner", asked_min=20)
    assert result.outcome == CONCEDE
    assert ONE_OFF[language] in result.reply
    assert texts(language)["no_term"] in result.reply
    assert ADMIT[language] not in result.reply and SEPARATE[language] not in result.reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_review_is_proposed_only_when_the_relationship_goes_for_review(language):
    history = ClaimHistory((date(2026, 11, 10), date(2026, 10, 10)))
    flagged = concession(language, NOTHING, history=history, ask="Brighter banner")
    assert flagged.review and flagged.outcome == REFUSE
    assert texts(language)["review"] in flagged.reply
    assert SEPARATE[language] in flagged.reply


@pytest.mark.parametrize(("facts", "target_id", "expected"), [
    (ClaimFacts(progress=DeliverableProgress(date(2026, 11, 20))), 1,
     "Мы проверили «Лендинг»: по договору срок сдачи — 20 ноября, и мы сдали работу "
     "20 ноября, в срок."),
    (ClaimFacts(measurement=KpiMeasurement(Decimal("2.3"), date(2026, 11, 22))), 1,
     "и на 22 ноября он составил 2,3 %, то есть согласованное значение выполнено."),
    (ClaimFacts(), 1, "пока ни один замер не показывает"),
])
def test_what_we_checked_is_said_in_russian(facts, target_id, expected):
    target = DELIVERABLE if facts.progress else KPI
    assert expected in concession("ru", target, facts, target_id=target_id).reply


def test_a_message_whose_reply_is_not_due_yet_gets_the_time_it_is_due():
    wait = ReplyWait(datetime(2026, 11, 25, 10, 30, tzinfo=MSK))
    reply = concession("uk", COMMUNICATION, ClaimFacts(reply=wait)).reply
    assert ("для вашого повідомлення від 25 листопада, 10:30 він ще не минув. "
            "Відповімо до 25 листопада, 15:30.") in reply


def test_an_untitled_ask_is_called_the_clients_request():
    reply = concession("ru", NOTHING).reply
    assert "выполним вашу просьбу. Это разовая уступка" in reply


# ---- the client's language ------------------------------------------------------------

def every_reply(language):
    progress = ClaimFacts(progress=DeliverableProgress(None, True))
    wait = ClaimFacts(reply=ReplyWait(datetime(2026, 11, 24, 9, 30, tzinfo=MSK)))
    history = ClaimHistory((date(2026, 11, 10), date(2026, 10, 10)))
    return [
        late_landing(language, ask=NAMES[language][0], asked_amount=Decimal("200000")).reply,
        concession(language, DELIVERABLE, progress, target_id=1).reply,
        concession(language, COMMUNICATION, wait).reply,
        concession(language, NOT_PROMISED, result=NAMES[language][1], history=history).reply,
        concession(language, KPI, target_id=2).reply,
    ]


def test_english_replies_have_no_cyrillic():
    for reply in every_reply("en"):
        assert not CYRILLIC.search(reply), reply


def test_russian_and_ukrainian_replies_keep_to_their_own_language():
    for reply in every_reply("ru"):
        assert reply.startswith("Здравствуйте") and not UKRAINIAN_ONLY.search(reply), reply
    for reply in every_reply("uk"):
        assert reply.startswith("Добрий день") and not RUSSIAN_ONLY.search(reply), reply
        assert UKRAINIAN_ONLY.search(reply)


def test_an_unknown_language_gets_the_english_reply():
    claim = Claim(NOTHING, CLAIMED, language="de")
    assessment = assess_claim(claim, terms("en"), ClaimFacts(), DEFAULT_POLICY)
    reply = decide_concession(assessment, ECONOMICS, ClaimHistory(), DEFAULT_POLICY).reply
    assert reply.startswith(texts("en")["greeting"])


@pytest.mark.parametrize("language", ["de", "", "RU"])
def test_there_are_no_texts_in_other_languages(language):
    with pytest.raises(ValueError, match="No replies"):
        texts(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_text(language):
    assert set(texts(language)) == set(texts("en"))


def test_the_reply_is_a_function_of_the_assessment_and_the_concession():
    claim = Claim(NOTHING, CLAIMED, ask="Banner", asked_min=45, language="uk")
    assessment = assess_claim(claim, terms("uk"), ClaimFacts(), DEFAULT_POLICY)
    result = decide_concession(assessment, ECONOMICS, ClaimHistory(), DEFAULT_POLICY)
    assert draft_reply(assessment, replace(result, reply="")) == result.reply


@pytest.mark.parametrize(("language", "minutes", "words"), [
    ("ru", 0, "0 минут"), ("ru", 1, "1 минута"), ("ru", 21, "21 минута"), ("ru", 60, "1 час"),
    ("ru", 61, "1 час 1 минута"), ("ru", 150, "2 часа 30 минут"), ("ru", 300, "5 часов"),
    ("uk", 1, "1 хвилина"), ("uk", 122, "2 години 2 хвилини"), ("uk", 300, "5 годин"),
    ("en", 1, "1 minute"), ("en", 90, "1 hour 30 minutes"), ("en", 240, "4 hours"),
])
def test_durations_are_hours_and_minutes_in_their_plural_forms(language, minutes, words):
    assert duration(minutes, language) == words

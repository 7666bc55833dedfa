"""Draft replies to scope decisions (BRIEF C2), in Russian, Ukrainian and English.

The wording is checked against what the brief requires (a bonus is called a bonus beyond the
agreement; a choice lists the price, every moved deliverable with both dates, and the option
to defer; renegotiation only when the decision asks for it) and against the grammar of each
language for the figures Babel writes (month names in the genitive, plural forms of days).
"""

import re
from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.business_time import BusinessCalendar
from retainer.rules.policy import DEFAULT_POLICY
from retainer.rules.scope import (
    BONUS,
    CHANGE,
    CHOICE,
    INCLUDED,
    NEW_WORK,
    REVISION,
    AgreementTerms,
    ScopeItem,
    ScopeRequest,
    Usage,
    decide_request,
    draft_reply,
)
from retainer.rules.scope.reply import business_days, estimate, texts

LANGUAGES = ("ru", "uk", "en")
RUSSIA = BusinessCalendar("Europe/Moscow", dict.fromkeys(range(5), [(time(9), time(18))]), "RU")

# November 2026: Tuesday the 3rd, Unity Day on Wednesday the 4th, Fridays the 13th and 27th.
TITLES = {
    "ru": ("Логотип", "Баннеры", "Лендинг", "Брендбук", "Новый размер баннера"),
    "uk": ("Логотип", "Банери", "Лендінг", "Брендбук", "Новий розмір банера"),
    "en": ("Logo", "Banners", "Landing page", "Brand book", "New banner size"),
}


def agreement(language: str) -> AgreementTerms:
    logo, banners, landing, brand_book, _ = TITLES[language]
    return AgreementTerms(
        items=(ScopeItem(1, logo, date(2026, 11, 3)), ScopeItem(2, banners, date(2026, 11, 13)),
               ScopeItem(3, landing, date(2026, 11, 27)),
               ScopeItem(4, brand_book, date(2026, 11, 30), open=False)),
        revision_rounds=2,
        free_change_threshold_min=60,
        monthly_free_budget_min=180,
        hourly_rate=Decimal("3000"),
        daily_capacity_hours=Decimal("6"),
        currency="RUB",
        calendar=RUSSIA,
    )


def decided(language, kind, minutes, deliverable_id, usage=None, title=None):
    usage = usage or Usage()
    request = ScopeRequest(kind, minutes, deliverable_id, title or TITLES[language][4], language)
    return decide_request(request, agreement(language), usage, DEFAULT_POLICY)


BONUS_WORDS = {"ru": "бонус сверх договора", "uk": "бонус понад договір",
               "en": "bonus beyond the agreement"}
# The month of the example in the genitive ("3 ноября"), and the abbreviated weekdays.
NOVEMBER = {"ru": "ноября", "uk": "листопада", "en": "November"}
TUESDAY = {"ru": "вт", "uk": "вт", "en": "Tue"}
THURSDAY = {"ru": "чт", "uk": "чт", "en": "Thu"}
FRIDAY = {"ru": "пт", "uk": "пт", "en": "Fri"}
MONDAY = {"ru": "пн", "uk": "пн", "en": "Mon"}
FOUR_HOURS = {"ru": "4 часа", "uk": "4 години", "en": "4 hours"}
ONE_DAY = {"ru": "1 рабочий день", "uk": "1 робочий день", "en": "1 business day"}
DEFER = {"ru": "Отложить", "uk": "Відкласти", "en": "Put the request off"}
UPDATE = {"ru": "обновить договор", "uk": "оновити договір", "en": "update the agreement"}
CYRILLIC = re.compile("[\u0400-\u04ff]")
UKRAINIAN_ONLY = re.compile("[іїєґІЇЄҐ]")
RUSSIAN_ONLY = re.compile("[ыэъёЫЭЪЁ]")


def moved_line(reply: str, title: str) -> str:
    """The line of a moved deliverable: its title and an arrow between the dates."""
    lines = [line for line in reply.splitlines() if title in line and "→" in line]
    assert len(lines) == 1, (title, reply)
    return lines[0]


def option(reply: str, number: int) -> str:
    lines = [line for line in reply.splitlines() if line.startswith(f"{number}. ")]
    assert len(lines) == 1, (number, reply)
    return lines[0]


# ---- bonus ----------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bonus_reply_calls_it_a_bonus_beyond_the_agreement(language):
    decision = decided(language, CHANGE, 30, 2)
    assert decision.outcome == BONUS
    reply = decision.reply
    assert BONUS_WORDS[language] in reply
    assert f"{TITLES[language][4]}" in reply  # the request, quoted
    assert TITLES[language][1] in reply  # the deliverable it changes
    # Nothing of a choice: no price, no moved deadline, no options.
    assert "→" not in reply and "3000" not in reply and "3 000" not in reply
    assert DEFER[language] not in reply
    assert texts(language)["option_pay"].split(":")[0] not in reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bonus_over_the_rounds_says_the_rounds_are_used(language):
    decision = decided(language, REVISION, 45, 1, Usage(2, 30, 1))
    assert decision.outcome == BONUS
    assert BONUS_WORDS[language] in decision.reply
    why = texts(language)["why_over_rounds"].format(rounds=2, deliverable=TITLES[language][0])
    assert why in decision.reply


def test_the_english_bonus_over_the_rounds_counts_them():
    reply = decided("en", REVISION, 45, 1, Usage(2, 30, 1)).reply
    assert "the 2 revision rounds" in reply and "used up" in reply


# ---- choice ---------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_a_choice_reply_lists_price_every_moved_deliverable_and_the_options(language):
    # The worked example's landing-page block as work on no deliverable: every open one moves.
    decision = decided(language, NEW_WORK, 240, None, Usage(0, 75, 0))
    assert decision.outcome == CHOICE and decision.price == Decimal("12000")
    reply = decision.reply
    assert FOUR_HOURS[language] in reply

    pay = option(reply, 1)
    assert re.search(r"12\D{1,2}000", pay), pay
    if language == "ru":
        assert "₽" in pay

    shift = option(reply, 2)
    assert ONE_DAY[language] in shift
    logo, banners, landing, brand_book, _ = TITLES[language]
    month = NOVEMBER[language]
    for title, before, after in [
        (logo, f"{TUESDAY[language]} 3 {month}", f"{THURSDAY[language]} 5 {month}"),
        (banners, f"{FRIDAY[language]} 13 {month}", f"{MONDAY[language]} 16 {month}"),
        (landing, f"{FRIDAY[language]} 27 {month}", f"{MONDAY[language]} 30 {month}"),
    ]:
        moved = moved_line(reply, title)
        was, becomes = moved.split("→")
        assert before in was and after in becomes, moved
    assert brand_book not in reply  # approved: it does not move

    assert DEFER[language] in option(reply, 3)
    assert texts(language)["option_defer"] in reply
    assert texts(language)["ask"] in reply
    assert BONUS_WORDS[language] not in reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_choice_on_a_deliverable_moves_only_its_chain(language):
    decision = decided(language, CHANGE, 240, 3, Usage(0, 75, 0))
    reply = decision.reply
    moved = moved_line(reply, TITLES[language][2])
    assert f"27 {NOVEMBER[language]}" in moved and f"30 {NOVEMBER[language]}" in moved
    assert TITLES[language][0] not in reply and TITLES[language][1] not in reply
    assert reply.count("→") == 1


@pytest.mark.parametrize(("language", "days"), [
    ("ru", "3 рабочих дня"), ("uk", "3 робочі дні"), ("en", "3 business days")])
def test_a_choice_of_several_days_uses_the_plural(language, days):
    decision = decided(language, CHANGE, 13 * 60, 3)
    assert decision.shift_days == 3
    assert days in option(decision.reply, 2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_choice_with_nothing_to_move_offers_to_do_it_when_time_frees_up(language):
    terms = agreement(language)
    terms = replace(terms, items=terms.items[3:])  # only the approved brand book
    request = ScopeRequest(NEW_WORK, 240, None, "Block", language)
    decision = decide_request(request, terms, Usage(), DEFAULT_POLICY)
    assert decision.outcome == CHOICE and decision.shifts == ()
    assert texts(language)["option_shift_none"] in decision.reply
    assert "→" not in decision.reply
    assert DEFER[language] in decision.reply


# ---- renegotiate ----------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("minutes", [30, 240])  # a bonus and a choice
def test_the_renegotiate_line_appears_only_when_the_decision_asks_for_it(language, minutes):
    line = texts(language)["renegotiate"].format(count=3, window=30)
    third = decided(language, CHANGE, minutes, 2, Usage(0, 0, 2))
    assert third.renegotiate
    assert line in third.reply and UPDATE[language] in third.reply
    assert "3" in line and "30" in line
    second = decided(language, CHANGE, minutes, 2, Usage(0, 0, 1))
    assert not second.renegotiate
    assert UPDATE[language] not in second.reply
    assert texts(language)["renegotiate"].split("{")[0] not in second.reply


# ---- included -------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_an_included_reply_offers_neither_bonus_nor_choice(language):
    for kind, usage in [(NEW_WORK, Usage()), (REVISION, Usage(1))]:
        decision = decided(language, kind, 300, 1, usage)
        assert decision.outcome == INCLUDED
        reply = decision.reply
        assert TITLES[language][0] in reply
        assert BONUS_WORDS[language] not in reply
        assert DEFER[language] not in reply and "→" not in reply
        assert UPDATE[language] not in reply


def test_an_included_revision_names_its_round():
    reply = decided("en", REVISION, 30, 1, Usage(1)).reply
    assert "revision round 2 of the 2" in reply


# ---- the client's language ------------------------------------------------------------

@pytest.mark.parametrize(("kind", "minutes", "deliverable", "usage"), [
    (CHANGE, 30, 2, Usage()),
    (NEW_WORK, 240, None, Usage(0, 75, 2)),
    (REVISION, 45, 1, Usage(2, 0, 5)),
    (NEW_WORK, 30, 1, Usage()),
])
def test_an_english_reply_has_no_cyrillic(kind, minutes, deliverable, usage):
    reply = decided("en", kind, minutes, deliverable, usage).reply
    assert reply.startswith(texts("en")["greeting"])
    assert not CYRILLIC.search(reply), reply


@pytest.mark.parametrize(("kind", "minutes", "deliverable", "usage"), [
    (CHANGE, 30, 2, Usage()),
    (NEW_WORK, 240, None, Usage(0, 75, 2)),
])
def test_russian_and_ukrainian_replies_keep_to_their_own_language(kind, minutes, deliverable,
                                                                   usage):
    russian = decided("ru", kind, minutes, deliverable, usage, "Block").reply
    ukrainian = decided("uk", kind, minutes, deliverable, usage, "Block").reply
    assert russian.startswith("Здравствуйте")
    assert ukrainian.startswith("Добрий день")
    assert not UKRAINIAN_ONLY.search(russian), russian
    assert not RUSSIAN_ONLY.search(ukrainian), ukrainian
    assert UKRAINIAN_ONLY.search(ukrainian)


@pytest.mark.parametrize("language", ["de", "fr", "", "RU", "english"])
def test_an_unknown_language_has_no_texts(language):
    with pytest.raises(ValueError, match="No replies"):
        texts(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_text(language):
    assert set(texts(language)) == set(texts("en"))
    assert set(texts(language)["business_days"]) >= {"one", "other"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reply_is_a_function_of_the_request_and_decision(language):
    decision = decided(language, NEW_WORK, 240, None, Usage(0, 75, 2))
    request = ScopeRequest(NEW_WORK, 240, None, TITLES[language][4], language)
    assert draft_reply(request, decision) == decision.reply


# ---- figures in words -----------------------------------------------------------------

@pytest.mark.parametrize(("language", "days", "words"), [
    ("ru", 1, "1 рабочий день"), ("ru", 2, "2 рабочих дня"), ("ru", 4, "4 рабочих дня"),
    ("ru", 5, "5 рабочих дней"), ("ru", 11, "11 рабочих дней"), ("ru", 21, "21 рабочий день"),
    ("ru", 22, "22 рабочих дня"), ("ru", 25, "25 рабочих дней"),
    ("uk", 1, "1 робочий день"), ("uk", 3, "3 робочі дні"), ("uk", 5, "5 робочих днів"),
    ("uk", 12, "12 робочих днів"), ("uk", 21, "21 робочий день"),
    ("en", 1, "1 business day"), ("en", 2, "2 business days"), ("en", 21, "21 business days"),
])
def test_business_days_take_each_languages_plural(language, days, words):
    assert business_days(days, language) == words


@pytest.mark.parametrize(("language", "minutes", "words"), [
    ("ru", 30, "30 минут"), ("ru", 1, "1 минута"), ("ru", 120, "2 часа"), ("ru", 300, "5 часов"),
    ("uk", 30, "30 хвилин"), ("uk", 120, "2 години"), ("uk", 300, "5 годин"),
    ("en", 30, "30 minutes"), ("en", 1, "1 minute"), ("en", 60, "1 hour"), ("en", 90, "1.5 hours"),
    ("ru", 90, "1,5 часа"),
])
def test_estimates_are_written_in_minutes_or_hours(language, minutes, words):
    assert estimate(minutes, language) == words


@settings(max_examples=300, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**11),
       currency=st.sampled_from(["RUB", "UAH", "USD", "EUR", "GBP"]),
       language=st.sampled_from(["ru", "uk", "en"]),
       day_number=st.integers(min_value=date(2020, 1, 1).toordinal(),
                              max_value=date(2035, 12, 31).toordinal()))
def test_amounts_and_dates_are_written_as_babel_writes_them(cents, currency, language,
                                                            day_number):
    from babel.dates import format_date
    from babel.numbers import format_currency

    from retainer.rules.scope.reply import day, money

    value = Decimal(cents) / 100
    assert money(value, currency, language) == format_currency(value, currency,
                                                               locale=language)
    when = date.fromordinal(day_number)
    assert day(when, language) == format_date(when, "EEE d MMMM", locale=language)

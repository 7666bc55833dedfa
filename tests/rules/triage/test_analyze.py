"""analyze(): flags, negativity and their evidence, in Russian, Ukrainian and English.

The messages here are written for these tests, not taken from the evaluation set
(data/*.jsonl, checked as a whole in test_evaluation.py), so they also show how the lexicons
generalize to wordings they were not tuned on.
"""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainer.rules.triage import (
    FLAGS,
    NEGATIVITY,
    TRIAGE_VERSION,
    Evidence,
    Triage,
    analyze,
    detect_language,
)

FLAG_EXAMPLES = {
    "ru": {
        "request": "Добавьте, пожалуйста, на сайт раздел с отзывами.",
        "claim": "Вы опять сорвали сроки, баннеры до сих пор с ошибками.",
        "threat": "Если так пойдёт дальше, мы расторгнем договор и подадим в суд.",
        "urgency": "Срочно нужен новый креатив, запуск сегодня вечером!",
        "status_check": "Подскажите, на каком этапе сейчас работа над логотипом?",
        "praise": "Спасибо за отличную работу, вы молодцы!",
    },
    "uk": {
        "request": "Додайте, будь ласка, на сайт розділ з відгуками.",
        "claim": "Ви знову зірвали строки, банери досі з помилками.",
        "threat": "Якщо так триватиме, ми розірвемо договір і подамо до суду.",
        "urgency": "Терміново потрібен новий креатив, запуск сьогодні ввечері!",
        "status_check": "Підкажіть, на якому етапі зараз робота над логотипом?",
        "praise": "Дякую за чудову роботу, ви молодці!",
    },
    "en": {
        "request": "Could you add a testimonials section to the site?",
        "claim": "You missed the deadline again and the banners still have typos.",
        "threat": "If this goes on, we will terminate the contract and take legal action.",
        "urgency": "Urgent: we need the new creative today, the launch is tonight!",
        "status_check": "Any update on the logo? How is it going?",
        "praise": "Thanks for the great work, you guys rock!",
    },
}

NEUTRAL = {
    "ru": ["Файл во вложении.", "Встреча в четверг в офисе.", "Текст для сайта ниже."],
    "uk": ["Файл у вкладенні.", "Зустріч у четвер в офісі.", "Текст для сайту нижче."],
    "en": ["The file is attached.", "The meeting is on Thursday.", "The copy is below."],
}


def spans_match(result: Triage, text: str) -> bool:
    return all(text[item.start:item.end] == item.text for item in result.evidence)


@pytest.mark.parametrize("language", ["ru", "uk", "en"])
@pytest.mark.parametrize("flag", FLAGS)
def test_each_flag_in_each_language(language, flag):
    text = FLAG_EXAMPLES[language][flag]
    result = analyze(text, language)
    assert flag in result.flags, result
    assert result.evidence_for(flag), "every flag shows the words behind it"
    assert spans_match(result, text)


@pytest.mark.parametrize("language", ["ru", "uk", "en"])
def test_neutral_messages_raise_nothing(language):
    for text in NEUTRAL[language]:
        result = analyze(text, language)
        assert result.flags == frozenset()
        assert result.negativity == 0.0


@pytest.mark.parametrize("language", ["ru", "uk", "en"])
@pytest.mark.parametrize("flag", FLAGS)
def test_language_is_detected(language, flag):
    assert analyze(FLAG_EXAMPLES[language][flag]).language == language


# ---- negation -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("Не плохо.", "ru"),
    ("Нічого поганого в цьому немає.", "uk"),
    ("Not bad.", "en"),
])
def test_a_negated_negative_word_is_not_negative(text, language):
    assert analyze(text, language).negativity == 0.0


@pytest.mark.parametrize(("text", "language", "word"), [
    ("Я не доволен результатом.", "ru", "не доволен"),
    ("Я не задоволений результатом.", "uk", "не задоволений"),
    ("We are not happy with the results.", "en", "not happy"),
])
def test_a_negated_positive_word_is_negative(text, language, word):
    result = analyze(text, language)
    assert result.negativity > 0.3
    assert word in [item.text for item in result.evidence_for(NEGATIVITY)]


@pytest.mark.parametrize(("text", "language"), [
    ("Не срочно, можно на следующей неделе.", "ru"),
    ("Не терміново, можна наступного тижня.", "uk"),
    ("Not urgent at all, any day next week works.", "en"),
    ("Спешки нет, пришлите, когда будет удобно.", "ru"),
])
def test_negated_urgency_is_not_urgency(text, language):
    assert "urgency" not in analyze(text, language).flags


def test_negation_stops_at_a_comma():
    assert analyze("Не знаю, это ужасно.", "ru").negativity > 0.5


def test_a_negator_before_a_verb_negates_the_verb_not_the_complaint():
    result = analyze("Если не исправите ошибки, будем разбираться.", "ru")
    assert "claim" in result.flags


# ---- intensity ------------------------------------------------------------------------------

@pytest.mark.parametrize(("plain", "intense", "language"), [
    ("Это плохо.", "Это очень плохо.", "ru"),
    ("Це погано.", "Це дуже погано.", "uk"),
    ("This is bad.", "This is extremely bad.", "en"),
    ("That was disappointing.", "That was really disappointing.", "en"),
    ("Мы недовольны.", "Мы совсем недовольны.", "ru"),
])
def test_intensifiers_raise_negativity(plain, intense, language):
    assert analyze(intense, language).negativity > analyze(plain, language).negativity


def test_exclamation_marks_make_an_unhappy_message_angrier():
    calm = analyze("Опять ошибка в баннере.", "ru")
    loud = analyze("Опять ошибка в баннере!!!", "ru")
    assert loud.negativity > calm.negativity
    assert "!!!" in [item.text for item in loud.evidence_for(NEGATIVITY)]


def test_question_marks_make_an_unhappy_message_angrier():
    assert analyze("Where is it??? You missed the deadline", "en").negativity > \
        analyze("Where is it? You missed the deadline", "en").negativity


def test_exclamation_marks_alone_are_pressure_not_unhappiness():
    result = analyze("Срочно!!! Нужен баннер на главную!!!", "ru")
    assert result.negativity == 0.0
    assert "urgency" in result.flags


def test_words_in_capitals_are_shouting():
    calm = analyze("Это ужасно, кто это согласовал?", "ru")
    loud = analyze("Это УЖАСНО, кто это согласовал?", "ru")
    assert loud.negativity > calm.negativity
    assert "УЖАСНО" in [item.text for item in loud.evidence_for(NEGATIVITY)]


def test_acronyms_in_capitals_are_not_shouting():
    result = analyze("Плохой CTR и высокий CPC, а SEO стоит на месте.", "ru")
    assert all(item.text not in ("CTR", "CPC", "SEO") for item in result.evidence)


# ---- emoji ----------------------------------------------------------------------------------

@pytest.mark.parametrize("emoji", ["😡", "🤬", "😤", "😢", "👎"])
def test_negative_emoji(emoji):
    result = analyze(f"Макет {emoji}", "ru")
    assert result.negativity > 0
    assert emoji in [item.text for item in result.evidence_for(NEGATIVITY)]


@pytest.mark.parametrize("emoji", ["👍", "🙏", "🔥", "❤️", "😊"])
def test_positive_emoji_lower_negativity(emoji):
    plain = analyze("Баннер плохо читается", "ru")
    softened = analyze(f"Баннер плохо читается {emoji}", "ru")
    assert softened.negativity < plain.negativity


def test_a_heart_is_praise():
    assert "praise" in analyze("Вы лучшие ❤️", "ru").flags


# ---- sarcasm --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("Спасибо за ваш «профессионализм», переделываем сами.", "ru"),
    ("Ну спасибо, очень «вовремя».", "ru"),
    ("Thanks a lot for the 'quality' work.", "en"),
])
def test_praise_in_quotation_marks_is_sarcasm(text, language):
    result = analyze(text, language)
    assert "praise" not in result.flags
    assert "claim" in result.flags
    assert result.negativity > 0


def test_a_cue_inside_quotation_marks_is_a_name():
    assert "urgency" not in analyze("Макеты для «Срочной доставки» во вложении.", "ru").flags


# ---- mixed languages and transliteration ----------------------------------------------------

def test_mixed_russian_and_ukrainian():
    text = "Ребята, терміново потрібен баннер, акция стартует сегодня!"
    result = analyze(text)
    assert result.language in ("ru", "uk")
    assert {"request", "urgency"} <= result.flags
    assert spans_match(result, text)


def test_ukrainian_words_in_a_russian_message_count():
    result = analyze("Спасибо, всё отлично, дякую всім!", "ru")
    assert "дякую" in [item.text for item in result.evidence_for("praise")]


@pytest.mark.parametrize(("text", "language", "flag"), [
    ("kogda budet gotovo?", "ru", "status_check"),
    ("eto uzhasno, vy sorvali srok", "ru", "claim"),
    ("srochno prishlite schet pozhaluysta", "ru", "urgency"),
    ("koly bude gotovo?", "uk", "status_check"),
    ("terminovo potriben rakhunok", "uk", "urgency"),
])
def test_transliterated_messages(text, language, flag):
    result = analyze(text)
    assert result.language == language
    assert flag in result.flags
    assert spans_match(result, text)


def test_transliterated_evidence_points_at_the_latin_letters():
    text = "eto uzhasno"
    result = analyze(text)
    assert result.language == "ru"
    assert [item.text for item in result.evidence_for(NEGATIVITY)] == ["uzhasno"]


@pytest.mark.parametrize(("text", "language"), [
    ("Добрый день, когда будет готов отчёт?", "ru"),
    ("Добрий день, коли буде готовий звіт?", "uk"),
    ("Hi, when will the report be ready?", "en"),
    ("CTR упал в два раза", "ru"),
    ("Сайт ліг, CTR нуль", "uk"),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


# ---- evidence, documents, edge cases --------------------------------------------------------

def test_evidence_spans_point_at_the_original_text():
    text = "Вы  СОРВАЛИ сроки — и ни рубля больше не заплатим!!! 😡"
    result = analyze(text, "ru")
    assert {"claim", "threat"} <= result.flags
    assert result.evidence
    assert spans_match(result, text)
    assert any(item.text == "😡" for item in result.evidence)


def test_a_result_round_trips_through_json():
    result = analyze("Верните деньги, иначе напишем отзывы везде!!! 😡", "ru")
    document = json.loads(json.dumps(result.to_document()))
    assert Triage.from_document(document) == result
    assert document["version"] == TRIAGE_VERSION
    assert not Triage.from_document(document).is_stale


def test_a_document_from_other_rules_is_stale():
    document = analyze("Срочно!", "ru").to_document() | {"version": "0+old"}
    assert Triage.from_document(document).is_stale


@pytest.mark.parametrize("document", [
    {},
    {"version": "1", "language": "de", "negativity": 0, "flags": [], "evidence": []},
    {"version": "1", "language": "ru", "negativity": 2, "flags": [], "evidence": []},
    {"version": "1", "language": "ru", "negativity": 0, "flags": ["panic"], "evidence": []},
    {"version": "1", "language": "ru", "negativity": 0, "flags": [],
     "evidence": [{"kind": "claim", "start": 5, "end": 2, "text": "", "weight": 1}]},
])
def test_a_malformed_document_is_refused(document):
    with pytest.raises(ValueError):
        Triage.from_document(document)


@pytest.mark.parametrize("text", ["", " ", "\n\t  \n"])
def test_empty_and_blank_messages(text):
    result = analyze(text)
    assert result.flags == frozenset()
    assert result.negativity == 0.0
    assert result.evidence == ()
    assert result.language in ("ru", "uk", "en")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        analyze("Привет", "de")


def test_a_long_message():
    complaint = "Но лиды некачественные, вы сорвали сроки. Пришлите план до пятницы."
    filler = "Добрый день! Отчёт получили, спасибо. "
    text = (filler * 600)[:20_000 - len(complaint)] + complaint
    assert len(text) == 20_000
    result = analyze(text)
    assert result.language == "ru"
    assert {"request", "claim"} <= result.flags
    assert spans_match(result, text)


def test_evidence_is_a_frozen_value():
    item = Evidence("claim", 0, 3, "abc", 1.0)
    with pytest.raises(AttributeError):
        item.weight = 2.0  # type: ignore[misc]


# ---- properties -----------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ")
    + list("abcdefghijklmnopqrstuvwxyz")
    + list("АБВЖОУЯ ABCXYZ .,!?;:—-«»\"'*\n0123456789😡👍❤️🙏")
)
VOCABULARY = (
    "не нет ни очень совсем срочно ужасно плохо отлично спасибо пришлите когда где уже "
    "суд договор отзыв ошибка сорвали не заплатим дякую терміново погано жахливо коли вже "
    "not never really urgent asap terrible great thanks please when where refund lawyer "
    "«вовремя» ‘great’ УЖАСНО NOW CTR ?!! !!! ??? 😡 👍 , . — : ; ! ?"
)
WORDS = st.sampled_from(VOCABULARY.split())
TEXTS = st.one_of(
    st.text(ALPHABET, max_size=200),
    st.lists(WORDS, max_size=30).map(" ".join),
    st.text(max_size=100),
)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from([None, "ru", "uk", "en"]))
def test_analysis_is_deterministic(text, language):
    assert analyze(text, language) == analyze(text, language)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from([None, "ru", "uk", "en"]))
def test_the_result_is_well_formed(text, language):
    result = analyze(text, language)
    assert 0.0 <= result.negativity <= 1.0
    assert result.flags <= set(FLAGS)
    for flag in result.flags:
        assert result.evidence_for(flag), flag
    for item in result.evidence:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start:item.end] == item.text
        assert item.kind in (*FLAGS, NEGATIVITY)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["ru", "uk", "en"]), st.data())
def test_appending_a_neutral_sentence_adds_no_flag(text, language, data):
    sentence = data.draw(st.sampled_from(NEUTRAL[language]))
    before = analyze(text, language)
    after = analyze(f"{text}\n{sentence}", language)
    assert after.flags <= before.flags

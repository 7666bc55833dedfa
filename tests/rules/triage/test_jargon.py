"""jargon(): professional terms in a message to a client new to the field, explained."""

import pytest

from retainer.rules.triage import jargon


def found(text: str, language: str) -> dict[str, str]:
    """{term: the words of the text it was found in}."""
    return {term.term: text[term.start:term.end] for term in jargon(text, language)}


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("За неделю пришло 40 лидов, но конверсии упали.", "ru",
     {"лид": "лидов", "конверсия": "конверсии"}),
    ("Охват вырос, ретаргетинга пока нет, лендингу нужен новый оффер.", "ru",
     {"охват": "Охват", "ретаргетинг": "ретаргетинга", "лендинг": "лендингу",
      "оффер": "оффер"}),
    ("Собрали семантическое ядро и запустили A/B-тест по брифу.", "ru",
     {"семантическое ядро": "семантическое ядро", "A/B-тест": "A/B-тест", "бриф": "брифу"}),
    ("Лідів стало більше, конверсія зросла, охоплення теж.", "uk",
     {"лід": "Лідів", "конверсія": "конверсія", "охоплення": "охоплення"}),
    ("Ліди з таргету дешевші, ніж з пошуку; додали UTM-мітки.", "uk",
     {"лід": "Ліди", "таргет": "таргету", "UTM": "UTM-мітки"}),
    ("Leads are up, the conversion rate fell and the landing pages need work.", "en",
     {"lead": "Leads", "conversion rate": "conversion rate", "landing page": "landing pages"}),
    ("CTR, CPC, CPM, CPA, CPL, ROMI, ROI, UTM, SEO, SERP, KPI and ER", "en",
     {term: term for term in
      ("CTR", "CPC", "CPM", "CPA", "CPL", "ROMI", "ROI", "UTM", "SEO", "SERP", "KPI", "ER")}),
])
def test_inflected_forms_are_found(text, language, expected):
    assert found(text, language) == expected


def test_spans_point_at_the_term_in_the_text():
    text = "Бюджет: CTR 2%, лидов 40, конверсия 3%."
    for term in jargon(text, "ru"):
        assert 0 <= term.start < term.end <= len(text)
        assert text[term.start:term.end].lower().startswith(term.term.lower()[:2])


@pytest.mark.parametrize(("text", "language", "word"), [
    ("CTR вырос", "ru", "клик"),
    ("CTR виріс", "uk", "клікабельність"),
    ("CTR went up", "en", "click"),
    ("лидов мало", "ru", "клиент"),
    ("лідів мало", "uk", "клієнт"),
    ("few leads", "en", "customer"),
])
def test_explanations_are_in_the_language_of_the_message(text, language, word):
    [term] = jargon(text, language)
    assert word in term.explanation.lower()


def test_every_term_of_every_language_has_an_explanation():
    text = "CTR CPC ER CPM CPA CPL ROMI ROI UTM SEO SERP KPI"
    for language in ("ru", "uk", "en"):
        terms = jargon(text, language)
        assert len(terms) == 12
        assert all(len(term.explanation) > 20 for term in terms)


@pytest.mark.parametrize(("text", "language"), [
    ("Добрый день! Спасибо, макет получили, вечером пришлём правки.", "ru"),
    ("Добрий день! Дякую, макет отримали, ввечері надішлемо правки.", "uk"),
    ("Hi! Thanks, we got the mock-up and will send our edits tonight.", "en"),
    ("Well, er, we'll see. Let's reach out to them later.", "en"),
    ("", "ru"),
])
def test_nothing_is_found_in_plain_text(text, language):
    assert jargon(text, language) == []


def test_an_acronym_is_found_only_in_capitals():
    assert jargon("er, the seo guy", "en") == []
    assert [term.term for term in jargon("the SEO guy", "en")] == ["SEO"]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        jargon("CTR", "de")

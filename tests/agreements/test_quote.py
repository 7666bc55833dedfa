"""The agreement summary / quote: one A4 page in the client's language with the deliverables,
their estimate and timing, the price, promised and not promised results, the communication
rules and what happens when changes come."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from retainer.agreements.quote import quote_context, quote_document, quote_html
from tests.factories import AgreementFactory, ClientFactory, DeliverableFactory, KpiFactory

pytestmark = pytest.mark.django_db

START = date(2026, 3, 2)

DELIVERABLES = [
    ("Аудит текущих рекламных кампаний", 12), ("Стратегия продвижения на квартал", 16),
    ("Макеты баннеров для запуска", 10), ("Посадочная страница весенней акции", 24),
    ("Настройка рекламы в поиске", 8), ("Настройка таргетированной рекламы", 8),
    ("Еженедельные отчёты об эффективности", 6), ("Итоговый отчёт и рекомендации", 6),
]
NOT_PROMISED = ["Рост офлайн-продаж в магазинах", "Первое место в поисковой выдаче",
                "Конкретное число подписчиков", "Результаты после окончания договора"]
CHECKLIST = ["Как присылать правки и кто их согласует",
             "Что считается изменением, а что — правкой в пределах раунда",
             "Сколько правок входит в каждый результат работ",
             "Что происходит, если изменение больше порога бесплатных изменений",
             "Куда писать срочные вопросы и когда ждать ответа"]


def realistic(team, language="ru", **terms):
    """An agreement of the size agencies write: eight deliverables, three KPIs, four results
    not promised, a five-point kickoff checklist."""
    client = ClientFactory(agency=team.agency, language=language,
                           name="ООО «Пекарня на углу»")
    agreement = AgreementFactory(
        client=client, title="Продвижение весенней коллекции 2026", starts_on=START,
        ends_on=START + timedelta(days=90), not_promised=NOT_PROMISED,
        channels=["email", "telegram", "call"], call_hours_from=time(10),
        call_hours_to=time(18), kickoff_checklist=CHECKLIST, **terms,
    )
    for i, (title, hours) in enumerate(DELIVERABLES):
        DeliverableFactory(agreement=agreement, title=title, estimate_hours=Decimal(hours),
                           planned_start=START + timedelta(days=7 * i),
                           planned_due=START + timedelta(days=7 * i + 6))
    for name, unit, target in [("CTR рекламы", "%", "1.5"), ("Стоимость заявки", "₽", "850"),
                               ("Конверсия посадочной страницы", "%", "3.2")]:
        KpiFactory(agreement=agreement, name=name, unit=unit, target=Decimal(target))
    return agreement


def test_the_quote_is_one_a4_page(team):
    agreement = realistic(team)
    document = quote_document(agency=team.agency, agreement=agreement)
    assert len(document.pages) == 1
    page = document.pages[0]
    # A4 in CSS pixels (96 per inch): 210 × 297 mm
    assert round(page.width) == 794 and round(page.height) == 1123


def test_a_realistic_agreement_fits_at_the_regular_density(team):
    from retainer.core.pdf import render_document

    agreement = realistic(team)
    context = quote_context(agency=team.agency, agreement=agreement)
    assert len(render_document(quote_html(context, "regular")).pages) == 1


def test_a_long_agreement_is_laid_out_more_compactly(team):
    agreement = realistic(team)
    for i in range(10):
        DeliverableFactory(agreement=agreement, title=f"Дополнительный результат работ №{i}")
    assert len(quote_document(agency=team.agency, agreement=agreement).pages) == 1


def test_the_quote_view_returns_a_pdf(team, as_user):
    agreement = realistic(team)
    response = as_user(team.petro).get(f"/agreements/{agreement.pk}/quote.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "quote-" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF") and len(response.content) > 1024


def test_the_quote_says_everything_in_the_client_language(team):
    agreement = realistic(team)
    context = quote_context(agency=team.agency, agreement=agreement, today=date(2026, 3, 1))
    html = quote_html(context)
    for text in [team.agency.name, "ООО «Пекарня на углу»", agreement.title,
                 "Результаты работ", "Обещанные KPI", "Явно не обещанные результаты",
                 "Чек-лист старта проекта", "Каналы связи", "Часы для звонков клиента",
                 "Раунды правок на результат", "Почасовая ставка за дополнительные работы",
                 *NOT_PROMISED, *CHECKLIST, *(title for title, _ in DELIVERABLES),
                 "CTR рекламы", "10:00–18:00", "02.03.2026", "08.03.2026"]:
        assert text in html, text
    # 90 h × 3 000 ₽, money and durations written the Russian way
    assert context["total_hours"] == "90"
    assert context["price"] == "270\xa0000,00\xa0₽"
    assert context["threshold"] == "1 час" and context["free_budget"] == "3 часа"
    assert "1,5 %" in html and "3,2 %" in html


def test_the_agreed_budget_is_the_price_when_set(team):
    agreement = realistic(team, budget=Decimal(250000))
    context = quote_context(agency=team.agency, agreement=agreement)
    assert context["price_is_budget"] and context["price"] == "250\xa0000,00\xa0₽"


def test_an_english_client_gets_an_english_quote(team, as_user):
    agreement = realistic(team, language="en")
    html = quote_html(quote_context(agency=team.agency, agreement=agreement))
    for text in ["Summary and quote", "Deliverables", "Promised KPIs",
                 "Results explicitly not promised", "When changes come", "Kickoff checklist",
                 "2026-03-02"]:
        assert text in html, text


def test_an_empty_agreement_still_prints(team, world, as_user):
    bare = AgreementFactory(client=world.client)
    response = as_user(team.masha).get(f"/agreements/{bare.pk}/quote.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_agreement_page_links_to_the_register_and_the_quote(team, world, as_user):
    page = as_user(team.petro).get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert f"/agreements/{world.agreement.pk}/register/" in page
    assert f"/agreements/{world.agreement.pk}/quote.pdf" in page

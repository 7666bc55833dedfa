"""The demo agency's year of qualifying prospects (BRIEF C10, article 001).

The portrait starts from article 001's defaults; five months ago the owner drops startups
from "our" segments (two of them did not pay on time) and every prospect is scored again.
Twenty-five prospects in Russian, Ukrainian and English arrive over the year; the sales
member decides them — seven turned down, each with its reason, the newest still waiting —
and two interesting ones become clients with draft agreements. A sales plan per quarter
puts the won clients and the rejection rate next to the plan. Everything goes through the
services at the moments the story says; nothing is random.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from retainer.accounts.models import Agency, Membership
from retainer.accounts.roles import Role
from retainer.clients.models import Segment
from retainer.prospects.models import Decision
from retainer.prospects.portraits import BUDGET_RANGE
from retainer.prospects.services import (
    portrait_current,
    portrait_update,
    prospect_convert,
    prospect_create,
    prospect_decide,
    sales_plan_create,
)

IN, NOT, CONVERT = Decision.INTERESTING.value, Decision.NOT_INTERESTING.value, "convert"


@dataclass(frozen=True)
class Lead:
    days_ago: int
    language: str
    company: str
    name: str
    contact: tuple[str, str, str]  # name, e-mail, phone
    segment: str
    budget: int | None  # in roubles; scaled to the agency's currency
    industry: str
    decision_days: int | None
    region: str
    source: str
    decision_maker: bool | None
    outcome: str = ""  # IN, NOT, CONVERT or "" (still waiting)
    after_days: int = 3  # when the decision comes
    reason: str = ""


L = Lead
S, M, E, ST, NP = (Segment.SMALL_BUSINESS, Segment.MID_MARKET, Segment.ENTERPRISE,
                   Segment.STARTUP, Segment.NONPROFIT)
LEADS: tuple[Lead, ...] = (
    L(355, "ru", "ООО «Домашний очаг»", "Интернет-магазин товаров для дома: реклама и SEO",
      ("Наталья Бережная", "n.berezhnaya@domochag.example", "+7 916 204-11-37"), M, 3_600_000,
      "e-commerce", 14, "Москва", "referral", True, CONVERT, 6,
      "Наш клиент: средний бизнес, бюджет на год, решение за две недели."),
    L(342, "uk", "ТОВ «Смачна Полиця»", "Сайт і SMM для мережі крамниць",
      ("Ірина Ковальчук", "i.kovalchuk@polytsia.example", "+380 67 311 20 45"), S, 900_000,
      "retail", 21, "Київ", "inbound", True, IN, 4,
      "Мережа з шести крамниць, готові стартувати після свят."),
    L(330, "en", "Northwind Analytics Ltd", "Lead generation for a B2B analytics product",
      ("James Holloway", "j.holloway@northwind.example", "+44 20 7946 0321"), ST, 400_000,
      "saas", 75, "London", "outbound", False, NOT, 9,
      "Pre-seed, the budget depends on a round that has not closed; the founder is not the "
      "one who signs. Back in six months."),
    L(318, "ru", "Фонд «Тёплый дом»", "Бесплатная кампания к Новому году",
      ("Вера Соколова", "v.sokolova@teplydom.example", "+7 921 555-40-12"), NP, 150_000,
      "благотворительность", 45, "Санкт-Петербург", "inbound", True, NOT, 2,
      "Бюджета почти нет, нужна работа pro bono; договорились помочь советом, не проектом."),
    L(300, "uk", "Клініка «Дента Плюс»", "Реклама імплантації в Google і Meta",
      ("Олег Дмитренко", "o.dmytrenko@dentaplus.example", "+380 50 440 18 09"), S, 1_200_000,
      "medtech", 10, "Львів", "referral", True, IN, 3),
    L(287, "ru", "ГК «СтройИнвест»", "Тендер на обслуживание сайта и рекламы",
      ("Андрей Волков", "tender@stroyinvest.example", "+7 495 120-33-80"), E, 14_000_000,
      "недвижимость", 120, "Москва", "tender", False, NOT, 7,
      "Тендер на полгода с гарантией 10 %, решение через комитет, с ЛПР не говорили: "
      "затраты на участие больше ожидаемой выгоды."),
    L(270, "en", "Bloom & Bark", "Paid social for a pet-food subscription",
      ("Chloe Martin", "chloe@bloomandbark.example", "+44 161 496 0752"), S, 700_000,
      "e-commerce", 12, "Manchester", "inbound", True, IN, 2),
    L(256, "ru", "Студия йоги «Прана»", "Лендинг и таргет на один месяц",
      ("Ксения Лебедева", "hello@prana-yoga.example", "+7 903 777-12-90"), S, 120_000,
      "фитнес", 3, "Казань", "inbound", True, NOT, 1,
      "Разовая задача на 120 тысяч в год: дешевле отдать фрилансеру, чем вести договор."),
    L(240, "uk", "ТОВ «Агро-Схід»", "Корпоративний сайт і презентація для інвесторів",
      ("Василь Мороз", "v.moroz@agroshid.example", "+380 66 902 33 14"), M, 2_400_000,
      "агро", 30, "Дніпро", "repeat", True, IN, 5),
    L(226, "ru", "EdTech «Умники»", "Продвижение онлайн-курсов для школьников",
      ("Павел Гусев", "p.gusev@umniki.example", "+7 985 610-44-27"), ST, 1_800_000,
      "edtech", 20, "Москва", "referral", True, IN, 4),
    L(212, "en", "Harbor Coffee Roasters", "Rebrand and a new online shop",
      ("Daniel Reyes", "daniel@harborcoffee.example", "+1 415 555 0198"), S, 950_000,
      "horeca", 25, "San Francisco", "referral", True, IN, 6),
    L(198, "ru", "ООО «Быстрые займы»", "Агрессивная реклама микрозаймов",
      ("Игорь Зайцев", "i.zaitsev@zaimy.example", "+7 926 300-00-01"), M, 5_000_000,
      "микрофинансы", 5, "Москва", "outbound", True, NOT, 1,
      "Не работаем с микрозаймами: репутационный риск для агентства и других клиентов."),
    L(180, "uk", "Мережа кав'ярень «Зерно»", "Програма лояльності та SMM",
      ("Марта Литвин", "m.lytvyn@zerno.example", "+380 93 118 76 40"), S, 800_000,
      "horeca", 14, "Львів", "inbound", True, IN, 3),
    L(160, "en", "Lumen Health", "Patient acquisition campaigns",
      ("Priya Shah", "priya.shah@lumenhealth.example", "+44 20 3808 1144"), M, 4_200_000,
      "medtech", 40, "London", "referral", None, IN, 8),
    L(146, "ru", "Стартап «Кодики»", "Запуск мобильного приложения",
      ("Артём Никитин", "artem@codiki.example", "+7 977 845-20-66"), ST, 600_000,
      "saas", 60, "Новосибирск", "inbound", True, NOT, 3,
      "Стартапы пока не берём (портрет от этой весны): бюджет зависит от гранта."),
    L(130, "uk", "ТОВ «ТехноДім»", "Маркетплейс побутової техніки: контекст і аналітика",
      ("Сергій Гнатюк", "s.hnatiuk@technodim.example", "+380 67 505 90 21"), M, 3_000_000,
      "e-commerce", 18, "Київ", "referral", True, CONVERT, 5,
      "Середній бізнес, бюджет на рік, говоримо з власником."),
    L(112, "ru", "Сеть клиник «Здоровье+»", "SEO и контент для восьми филиалов",
      ("Елена Миронова", "e.mironova@zdorovie.example", "+7 812 640-15-55"), M, 2_700_000,
      "medtech", 35, "Санкт-Петербург", "repeat", True, IN, 6),
    L(95, "en", "Greenleaf School", "Enrolment campaign for the autumn term",
      ("Oliver Grant", "o.grant@greenleaf.example", "+44 117 496 0033"), NP, 350_000,
      "edtech", 30, "Bristol", "inbound", True, NOT, 4,
      "The school wants the campaign at half our rate; below what the work costs us."),
    L(80, "ru", "Мебельная фабрика «Берёза»", "Каталог и реклама для дилеров",
      ("Николай Орлов", "n.orlov@bereza.example", "+7 910 402-77-18"), M, 1_900_000,
      "retail", 25, "Воронеж", "outbound", True, IN, 5),
    L(62, "uk", "Фітнес-клуб «Атлет»", "Сайт і реклама абонементів",
      ("Дмитро Савчук", "d.savchuk@atlet.example", "+380 98 222 14 67"), S, 500_000,
      "фітнес", 10, "Одеса", "inbound", True, IN, 3),
    L(45, "en", "Quill & Co Publishing", "Launch campaign for a book series",
      ("Emma Clarke", "emma.clarke@quillco.example", "+44 20 7183 6620"), S, 650_000,
      "media", 20, "London", "referral", True, IN, 4),
    L(30, "ru", "ООО «ЛогистПро»", "Редизайн сайта транспортной компании",
      ("Светлана Карпова", "s.karpova@logistpro.example", "+7 343 310-56-04"), M, 2_200_000,
      "логистика", 45, "Екатеринбург", "inbound", None),
    L(18, "uk", "Онлайн-школа «Крок»", "Просування курсів англійської",
      ("Олена Бондаренко", "o.bondarenko@krok.example", "+380 63 770 45 12"), S, 1_100_000,
      "edtech", 14, "Київ", "referral", True),
    L(9, "en", "Atlas Outdoor Gear", "Marketplace listings and ads",
      ("Ben Carter", "ben@atlasoutdoor.example", "+1 303 555 0142"), M, None,
      "e-commerce", None, "Denver", "inbound", None),
    L(3, "ru", "Пекарня «Колобок»", "Соцсети для сети пекарен",
      ("Мария Павлова", "m.pavlova@kolobok.example", "+7 921 480-09-31"), S, 450_000,
      "horeca", 7, "Санкт-Петербург", "referral", True),
)

PORTRAIT_CHANGED_DAYS_AGO = 150
PORTRAIT_NOTES = {
    "ru": "Убираем стартапы из наших сегментов: двое за год не заплатили в срок.",
    "uk": "Прибираємо стартапи з наших сегментів: двоє за рік не заплатили вчасно.",
    "en": "Startups leave our segments: two of them paid late this year.",
}
PLAN_NOTES = {"ru": "План квартала", "uk": "План кварталу", "en": "The quarter's plan"}


def _scale(currency: str) -> Decimal:
    return Decimal(BUDGET_RANGE.get(currency, BUDGET_RANGE["RUB"])[0]) \
        / Decimal(BUDGET_RANGE["RUB"][0])


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def prospects_history(agency: Agency, today: date, now: datetime) -> int:
    """Replay the year of prospects; returns the number of prospects added."""
    members = {m.role: m for m in Membership.objects.filter(agency=agency)
               .select_related("user", "agency").order_by("user_id")}
    owner = members.get(Role.OWNER)
    # The front office decides; an agency without a sales member has its owner do it.
    sales = members.get(Role.SALES) or owner
    if sales is None:
        return 0
    zone = ZoneInfo(agency.timezone)
    scale = _scale(agency.currency)
    # The team writes its notes in the agency's language, told by its currency.
    language = {"RUB": "ru", "UAH": "uk"}.get(agency.currency, "en")

    def at(days_ago: int, hour: int) -> datetime:
        return min(datetime.combine(today - timedelta(days=days_ago), time(hour), tzinfo=zone),
                   now)

    start = _quarter_start(today - timedelta(days=365))
    while start <= today:
        following = _next_quarter(start)
        sales_plan_create(agency=agency, user=sales.user, now=at((today - start).days, 9),
                          data={"starts_on": start, "ends_on": following - timedelta(days=1),
                                "clients_planned": 2,
                                "value_planned": (Decimal(4_800_000) * scale).quantize(Decimal(1)),
                                "note": PLAN_NOTES[language]})
        start = following

    portrait = portrait_current(agency=agency)
    changed = False
    for lead in LEADS:
        if not changed and lead.days_ago < PORTRAIT_CHANGED_DAYS_AGO:
            criteria = [
                row | {"values": [v for v in row["values"] if v != Segment.STARTUP]}
                if row["attribute"] == "segment" else row for row in portrait.criteria]
            portrait_update(agency=agency, criteria=criteria,
                            user=(owner or sales).user, note=PORTRAIT_NOTES[language],
                            now=at(PORTRAIT_CHANGED_DAYS_AGO, 11))
            changed = True
        _replay(lead, agency, sales, members.get(Role.ACCOUNT_MANAGER), scale, at)
    return len(LEADS)


def _replay(lead: Lead, agency: Agency, sales: Membership, manager: Membership | None,
            scale: Decimal, at) -> None:
    name, email, phone = lead.contact
    prospect = prospect_create(agency=agency, user=sales.user, now=at(lead.days_ago, 10), data={
        "company": lead.company, "name": lead.name, "contact_name": name,
        "contact_email": email, "contact_phone": phone, "language": lead.language,
        "segment": lead.segment,
        "budget": None if lead.budget is None else (Decimal(lead.budget) * scale).quantize(Decimal(1)),
        "industry": lead.industry, "decision_days": lead.decision_days, "region": lead.region,
        "source": lead.source, "decision_maker": lead.decision_maker,
    })
    if not lead.outcome:
        return
    decided_at = at(lead.days_ago - lead.after_days, 15)
    prospect = prospect_decide(prospect=prospect, membership=sales, reason=lead.reason,
                               decision=NOT if lead.outcome == NOT else IN, now=decided_at)
    if lead.outcome == CONVERT:
        prospect_convert(prospect=prospect, user=sales.user,
                         account_manager=manager.user if manager else None,
                         now=at(lead.days_ago - lead.after_days - 7, 12))

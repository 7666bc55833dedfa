"""The demo agency's conflict cases (BRIEF C5, article 003).

Six clients get a conflict, written in the client's language and replayed through the app's
services at the moments the story says: the client's messages and our replies in the log,
the case opened from the message that started it, its steps, a hand-over and the closing.
Together they show every state the case page knows — a case open past the escalation age
(escalated by the same check that runs periodically), one handed over to a more neutral
colleague after the client criticised the manager personally, two closed with their
solution, a chat ping-pong that suggests a call, and a message at peak emotion that
suggests a pause. Nothing is random: the same agency, day and moment give the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from retainer.accounts.models import Agency, Membership
from retainer.accounts.roles import Role
from retainer.agreements.models import Channel
from retainer.clients.models import Client
from retainer.conflicts.models import ConflictCase, Nature
from retainer.conflicts.services import (
    case_close,
    case_hand_over,
    case_open,
    case_step_record,
    conflicts_escalate,
)
from retainer.conversations.models import Direction, Interaction
from retainer.conversations.services import interaction_create
from retainer.core.calendar import business_calendar
from retainer.demo.scope import clients_without_requests
from retainer.rules.business_time import add_business_days

# Clients without a recorded request, past the ones other demo stories take.
CLIENTS = slice(12, 18)

IN, OUT, OPEN, STEP, HANDOVER, CLOSE = "in", "out", "open", "step", "handover", "close"


@dataclass(frozen=True)
class Event:
    kind: str
    # (working days ago, hour, minute), or minutes before the demo's present moment.
    when: tuple[int, int, int] | int
    texts: tuple[str, str, str] = ("", "", "")  # ru, uk, en


@dataclass(frozen=True)
class Story:
    nature: str
    channel: str
    title: tuple[str, str, str]
    summary: tuple[str, str, str]
    events: tuple[Event, ...]


E = Event
STORIES: tuple[Story, ...] = (
    # Open for more than the policy's seven days: the analysis is done, our proposal to
    # talk it over went unanswered — escalate, and ask the client directly.
    Story(Nature.WORK, Channel.EMAIL, (
        "Заявки в отчёте не сходятся с CRM",
        "Заявки у звіті не збігаються з CRM",
        "Leads in the report don't match the CRM",
    ), (
        "Клиент видит в CRM 60 заявок против 140 в нашем отчёте и сомневается в результате "
        "кампании. Нужно сверить источники (формы, звонки, дубли) и показать, как мы считаем.",
        "Клієнт бачить у CRM 60 заявок проти 140 у нашому звіті й сумнівається в результаті "
        "кампанії. Треба звірити джерела (форми, дзвінки, дублі) і показати, як ми рахуємо.",
        "The client's CRM shows 60 leads against 140 in our report, and they doubt the "
        "campaign's result. Reconcile the sources (forms, calls, duplicates) and show how we "
        "count.",
    ), (
        E(IN, (8, 10, 5), (
            "Добрый день. Посмотрели ваш отчёт за месяц и, честно говоря, не понимаем: у вас "
            "140 заявок, а в нашей CRM их 60. Откуда такая разница? Мы платим за результат, "
            "а не за красивые цифры.",
            "Добрий день. Переглянули ваш звіт за місяць і, чесно кажучи, не розуміємо: у вас "
            "140 заявок, а в нашій CRM їх 60. Звідки така різниця? Ми платимо за результат, "
            "а не за гарні цифри.",
            "Hi. We went through your monthly report and frankly we don't get it: you show 140 "
            "leads, our CRM has 60. Where does the difference come from? We pay for results, "
            "not for nice numbers.")),
        E(OUT, (8, 10, 40), (
            "Здравствуйте! Спасибо, что сразу написали: расхождение действительно большое, и "
            "нам самим важно в нём разобраться. Сверим источники и вернёмся с ответом.",
            "Вітаю! Дякуємо, що одразу написали: розбіжність справді велика, і нам самим "
            "важливо в ній розібратися. Звіримо джерела й повернемося з відповіддю.",
            "Hello! Thanks for flagging it right away: the gap is large, and we want to get to "
            "the bottom of it too. We'll reconcile the sources and come back to you.")),
        E(OPEN, (8, 11, 0)),
        E(STEP, (8, 11, 30), (
            "Созвонились с маркетологом клиента и выслушали: руководство требует отчёт, цифры "
            "не сходятся, ей неловко перед директором. Сказали, что понимаем и разберёмся.",
            "Поговорили з маркетологинею клієнта й вислухали: керівництво вимагає звіт, цифри "
            "не сходяться, їй незручно перед директором. Сказали, що розуміємо й розберемося.",
            "Called the client's marketer and listened: management wants the report, the "
            "figures don't add up and she feels awkward before her director. Said we "
            "understand and will sort it out.")),
        E(STEP, (7, 15, 0), (
            "Причина: в отчёте считаются все отправки форм, включая дубли и спам, а в CRM "
            "попадают только квалифицированные заявки. Методику подсчёта с клиентом не "
            "согласовывали.",
            "Причина: у звіті рахуються всі надсилання форм, разом із дублями та спамом, а в "
            "CRM потрапляють лише кваліфіковані заявки. Методику підрахунку з клієнтом не "
            "погоджували.",
            "Cause: the report counts every form submission, duplicates and spam included, "
            "while the CRM only gets qualified leads. We never agreed on how to count.")),
        E(OUT, (7, 16, 0), (
            "Нашли причину: мы считаем все отправки форм, а CRM — только квалифицированные "
            "заявки. Подготовим сверку по каждой заявке. Удобно обсудить завтра по телефону?",
            "Знайшли причину: ми рахуємо всі надсилання форм, а CRM — лише кваліфіковані "
            "заявки. Підготуємо звірку по кожній заявці. Зручно обговорити завтра телефоном?",
            "We found the cause: we count every form submission, the CRM only qualified "
            "leads. We'll prepare a lead-by-lead reconciliation. Could we talk it over by "
            "phone tomorrow?")),
    )),
    # The client criticised the manager as a person: the case went to a more neutral
    # colleague, who is now at the proposal.
    Story(Nature.PERSON, Channel.TELEGRAM, (
        "Недовольство менеджером проекта",
        "Невдоволення менеджером проєкту",
        "Unhappy with the project manager",
    ), (
        "Клиента задели замечания менеджера о рекламном бюджете и долгие ответы во время "
        "отпуска; просит другого контактного. Претензий к самой работе нет.",
        "Клієнта зачепили зауваження менеджера щодо рекламного бюджету й довгі відповіді під "
        "час відпустки; просить іншого контактного. Претензій до самої роботи немає.",
        "The client was hurt by the manager's remarks about their ad budget and by slow "
        "replies during a holiday; asks for another contact. No complaint about the work "
        "itself.",
    ), (
        E(IN, (3, 12, 10), (
            "Опять ответ через день, а потом ещё и поучения, как нам тратить рекламный "
            "бюджет. Мы не просили советов. Хотим общаться с кем-то другим.",
            "Знову відповідь через день, а потім іще й повчання, як нам витрачати рекламний "
            "бюджет. Ми не просили порад. Хочемо спілкуватися з кимось іншим.",
            "Again a reply a day later, and then a lecture on how to spend our ad budget. We "
            "didn't ask for advice. We'd like to deal with someone else.")),
        E(OUT, (3, 12, 30), (
            "Понимаю, что это неприятно, и спасибо, что сказали прямо. Сегодня же решим, кто "
            "будет вести ваш проект дальше.",
            "Розумію, що це неприємно, і дякую, що сказали прямо. Сьогодні ж вирішимо, хто "
            "вестиме ваш проєкт далі.",
            "I understand how annoying that is, and thank you for saying it plainly. We'll "
            "decide today who takes your project over.")),
        E(OPEN, (3, 13, 0)),
        E(STEP, (3, 13, 20), (
            "Выслушали по телефону: задело замечание про бюджет, восприняли как поучение. "
            "Признали, что тон был неудачным.",
            "Вислухали телефоном: зачепило зауваження про бюджет, сприйняли як повчання. "
            "Визнали, що тон був невдалим.",
            "Listened on the phone: the budget remark stung and came across as a lecture. We "
            "admitted the tone was wrong.")),
        E(HANDOVER, (2, 10, 0), (
            "Клиент критикует лично менеджера: передаём более нейтральному коллеге.",
            "Клієнт критикує особисто менеджера: передаємо нейтральнішому колезі.",
            "The client criticises the manager personally: a more neutral colleague takes "
            "over.")),
        E(OUT, (2, 11, 0), (
            "Добрый день! Теперь ваш проект веду я. Давайте созвонимся — хочу услышать ваши "
            "пожелания из первых уст.",
            "Добрий день! Тепер ваш проєкт веду я. Зідзвонимося? Хочу почути ваші побажання "
            "з перших вуст.",
            "Hello! I'm taking over your project now. Shall we have a call? I'd like to hear "
            "what you need first-hand.")),
        E(IN, (2, 11, 40), (
            "Хорошо, давайте завтра в 11.",
            "Добре, давайте завтра об 11.",
            "OK, tomorrow at 11 works.")),
        E(STEP, (1, 12, 0), (
            "Причины: ответы дольше согласованных 4 часов во время отпуска менеджера без "
            "замены; советы по бюджету без запроса клиента.",
            "Причини: відповіді довші за погоджені 4 години під час відпустки менеджера без "
            "заміни; поради щодо бюджету без запиту клієнта.",
            "Causes: replies slower than the agreed 4 hours while the manager was on holiday "
            "with no stand-in; budget advice nobody asked for.")),
        E(STEP, (1, 16, 0), (
            "Предложили еженедельный созвон по понедельникам, ответы в пределах 4 рабочих "
            "часов с заменой на время отпусков, бюджет — только по запросу клиента.",
            "Запропонували щотижневий дзвінок щопонеділка, відповіді в межах 4 робочих годин "
            "із заміною на час відпусток, бюджет — лише на запит клієнта.",
            "Proposed a weekly call on Mondays, replies within 4 working hours with a stand-in "
            "during holidays, and budget talk only when the client asks.")),
    )),
    # Criticism of the work, walked to the end: the numbers decided, not taste.
    Story(Nature.WORK, Channel.EMAIL, (
        "Баннеры теряются на фоне конкурентов",
        "Банери губляться на тлі конкурентів",
        "Banners get lost next to competitors'",
    ), (
        "Клиент считает баннеры слишком бледными рядом с конкурентами. Сравнить с выдачей и "
        "предложить более контрастные варианты в рамках брендбука.",
        "Клієнт вважає банери надто блідими поруч із конкурентами. Порівняти з видачею та "
        "запропонувати контрастніші варіанти в межах брендбуку.",
        "The client finds the banners too pale next to competitors'. Compare them in the "
        "feed and offer more contrasting versions within the brand book.",
    ), (
        E(IN, (22, 11, 0), (
            "Баннеры получились бледные, на фоне конкурентов их просто не видно. Такое мы "
            "запускать не будем.",
            "Банери вийшли бліді, на тлі конкурентів їх просто не видно. Таке ми запускати не "
            "будемо.",
            "The banners came out pale; next to the competitors you simply can't see them. We "
            "won't launch these.")),
        E(OUT, (22, 11, 45), (
            "Спасибо за честную обратную связь. Посмотрим баннеры рядом с конкурентами и "
            "предложим варианты.",
            "Дякуємо за чесний відгук. Подивимося банери поруч із конкурентами й "
            "запропонуємо варіанти.",
            "Thanks for the honest feedback. We'll look at the banners next to the "
            "competitors' and come back with options.")),
        E(OPEN, (22, 12, 0)),
        E(STEP, (22, 12, 15), (
            "Выслушали и согласились: в ленте баннеры выглядят тише конкурентов.",
            "Вислухали й погодилися: у стрічці банери виглядають тихіше за конкурентів.",
            "Listened and agreed: in the feed the banners look quieter than the "
            "competitors'.")),
        E(STEP, (21, 14, 0), (
            "Причина: палитра брендбука пастельная, контраст с фоном площадки низкий.",
            "Причина: палітра брендбуку пастельна, контраст із тлом майданчика низький.",
            "Cause: the brand book's palette is pastel; contrast with the platform's "
            "background is low.")),
        E(STEP, (20, 15, 0), (
            "Предложили два варианта с акцентным цветом из брендбука и A/B-тест на неделю.",
            "Запропонували два варіанти з акцентним кольором із брендбуку та A/B-тест на "
            "тиждень.",
            "Proposed two versions in the brand book's accent colour and a one-week A/B "
            "test.")),
        E(OUT, (20, 15, 10), (
            "Подготовили два более контрастных варианта в цветах брендбука. Предлагаем "
            "запустить A/B-тест на неделю — пусть решат цифры.",
            "Підготували два контрастніші варіанти в кольорах брендбуку. Пропонуємо "
            "запустити A/B-тест на тиждень — хай вирішать цифри.",
            "We've made two more contrasting versions in the brand colours. Let's run a "
            "one-week A/B test and let the numbers decide.")),
        E(IN, (19, 10, 0), (
            "Второй вариант нравится, запускайте тест.",
            "Другий варіант подобається, запускайте тест.",
            "We like the second one, go ahead with the test.")),
        E(CLOSE, (14, 17, 0), (
            "A/B-тест: контрастный вариант дал CTR 1,9 % против 1,1 %. Клиент утвердил его "
            "для всех размеров.",
            "A/B-тест: контрастний варіант дав CTR 1,9 % проти 1,1 %. Клієнт затвердив його "
            "для всіх розмірів.",
            "A/B test: the contrasting version got a CTR of 1.9 % against 1.1 %. The client "
            "approved it for every size.")),
    )),
    # Unfounded emotion after hours, settled in a day.
    Story(Nature.EMOTION, Channel.TELEGRAM, (
        "Ждали ответа в нерабочее время",
        "Чекали на відповідь у неробочий час",
        "Waited for an answer after hours",
    ), (
        "Клиент ждал ответа вечером, вне рабочих часов из договора. По сути — срочный "
        "запуск акции, о котором нас не предупредили.",
        "Клієнт чекав на відповідь увечері, поза робочими годинами з договору. По суті — "
        "терміновий запуск акції, про який нас не попередили.",
        "The client expected an answer in the evening, outside the hours in the agreement. "
        "The substance: an urgent promotion launch nobody told us about.",
    ), (
        E(IN, (11, 19, 30), (
            "Почему вечером никто не отвечает?! У нас горит запуск, а вы отдыхаете.",
            "Чому ввечері ніхто не відповідає?! У нас горить запуск, а ви відпочиваєте.",
            "Why is nobody answering in the evening?! Our launch is on fire and you're off "
            "resting.")),
        E(OUT, (10, 9, 15), (
            "Доброе утро! Понимаю, как неприятно ждать, когда горит. Уже разбираемся, до "
            "обеда пришлём статус.",
            "Доброго ранку! Розумію, як неприємно чекати, коли горить. Уже розбираємося, до "
            "обіду надішлемо статус.",
            "Good morning! I know how frustrating it is to wait when things are on fire. "
            "We're on it and will send a status before lunch.")),
        E(OPEN, (10, 9, 30)),
        E(STEP, (10, 9, 45), (
            "Выслушали: срочный запуск акции, о котором мы не знали, и раздражение из-за "
            "ожидания.",
            "Вислухали: терміновий запуск акції, про який ми не знали, і роздратування через "
            "очікування.",
            "Listened: an urgent promotion launch we didn't know about, and irritation at "
            "the wait.")),
        E(STEP, (10, 11, 0), (
            "Негатив эмоциональный: часы работы есть в договоре, о запуске нас заранее не "
            "предупредили.",
            "Негатив емоційний: години роботи є в договорі, про запуск нас заздалегідь не "
            "попередили.",
            "The negativity is emotion: our hours are in the agreement, and nobody warned us "
            "of the launch.")),
        E(STEP, (10, 12, 0), (
            "Предложили предупреждать о срочных запусках за 2 рабочих дня и дежурный контакт "
            "на дни акций.",
            "Запропонували попереджати про термінові запуски за 2 робочі дні та черговий "
            "контакт на дні акцій.",
            "Proposed a 2-working-day notice for urgent launches and an on-duty contact on "
            "promotion days.")),
        E(OUT, (10, 12, 10), (
            "Запуск настроен, реклама идёт. Чтобы так больше не горело, предлагаем "
            "предупреждать нас о запусках за 2 рабочих дня, а в дни акций будет дежурный "
            "контакт.",
            "Запуск налаштовано, реклама йде. Щоб так більше не горіло, пропонуємо "
            "попереджати нас про запуски за 2 робочі дні, а в дні акцій буде черговий "
            "контакт.",
            "The launch is set up and the ads are running. So that it doesn't burn again: "
            "give us 2 working days' notice of a launch, and there'll be an on-duty contact "
            "on promotion days.")),
        E(IN, (10, 14, 0), (
            "Договорились, спасибо. Вчера погорячились.",
            "Домовились, дякую. Учора погарячкували.",
            "Deal, thank you. We got carried away yesterday.")),
        E(CLOSE, (9, 10, 0), (
            "Дежурный контакт в дни акций и предупреждение о запусках за 2 рабочих дня; "
            "клиент согласен.",
            "Черговий контакт у дні акцій і попередження про запуски за 2 робочі дні; клієнт "
            "погодився.",
            "An on-duty contact on promotion days and 2 working days' notice of launches; "
            "the client agreed.")),
    )),
    # A written ping-pong of arguments within a day: time to move to a call.
    Story(Nature.WORK, Channel.CHAT, (
        "Первый экран лендинга",
        "Перший екран лендингу",
        "The landing page's first screen",
    ), (
        "Клиент хочет на первом экране и доставку, и цену, и другое фото; в брифе акцент был "
        "на цене. Согласовать состав первого экрана голосом.",
        "Клієнт хоче на першому екрані і доставку, і ціну, і інше фото; у брифі акцент був "
        "на ціні. Погодити склад першого екрана голосом.",
        "The client wants delivery, price and a different photo on the first screen; the "
        "brief put the stress on price. Agree the first screen by voice.",
    ), (
        E(IN, 20 * 60, (
            "Посмотрели лендинг. Первый экран не тот, мы же говорили про акцент на доставке.",
            "Подивилися лендинг. Перший екран не той, ми ж казали про акцент на доставці.",
            "We've looked at the landing page. The first screen is wrong; we said the focus "
            "was delivery.")),
        E(OUT, 20 * 60 - 15, (
            "Добрый день! В брифе акцентом была цена, доставка во втором блоке. Можем "
            "поменять местами — это час работы.",
            "Добрий день! У брифі акцентом була ціна, доставка в другому блоці. Можемо "
            "поміняти місцями — це година роботи.",
            "Hello! The brief put the stress on price, with delivery in the second block. We "
            "can swap them — an hour's work.")),
        E(IN, 20 * 60 - 30, (
            "В брифе было и то и другое. Доставку надо наверх, это очевидно.",
            "У брифі було і те, і те. Доставку треба нагору, це очевидно.",
            "The brief had both. Delivery goes on top, that's obvious.")),
        E(OUT, 20 * 60 - 40, (
            "Хорошо, поднимем доставку на первый экран. Цену тогда переносим ниже?",
            "Добре, піднімемо доставку на перший екран. Ціну тоді переносимо нижче?",
            "Fine, we'll move delivery to the first screen. Shall the price go lower "
            "then?")),
        E(IN, 20 * 60 - 55, (
            "Нет, цена тоже должна быть на первом экране. И фото какое-то стоковое.",
            "Ні, ціна теж має бути на першому екрані. І фото якесь стокове.",
            "No, the price must be on the first screen too. And the photo looks like "
            "stock.")),
        E(OPEN, 20 * 60 - 60),
        E(OUT, 20 * 60 - 65, (
            "Фото из подборки, которую согласовали 12-го. Можем взять варианты из вашего "
            "фотобанка.",
            "Фото з добірки, яку погодили 12-го. Можемо взяти варіанти з вашого фотобанку.",
            "The photo is from the set approved on the 12th. We can pick options from your "
            "photo bank.")),
        E(STEP, 20 * 60 - 70, (
            "Выслушали в чате: клиент устал от правок и чувствует, что его не слышат.",
            "Вислухали в чаті: клієнт утомився від правок і відчуває, що його не чують.",
            "Listened in the chat: the client is tired of revisions and feels unheard.")),
        E(IN, 20 * 60 - 80, (
            "Каждый раз одно и то же. Давайте уже сделаем нормально.",
            "Щоразу одне й те саме. Давайте вже зробимо нормально.",
            "Every time it's the same thing. Let's just get it right.")),
    )),
    # A message at peak emotion, unanswered yet: pause, but acknowledge it in time.
    Story(Nature.EMOTION, Channel.EMAIL, (
        "Третий перенос сроков",
        "Третє перенесення термінів",
        "The third missed deadline",
    ), (
        "Клиент в ярости из-за переноса сроков и грозит не платить и писать отзывы. Сначала "
        "подтвердить получение и выяснить, какой срок для них критичен.",
        "Клієнт у люті через перенесення термінів і погрожує не платити й писати відгуки. "
        "Спершу підтвердити отримання та з'ясувати, який термін для них критичний.",
        "The client is furious about the moved deadline and threatens to withhold payment "
        "and post reviews. First acknowledge it, then find out which date is critical for "
        "them.",
    ), (
        E(IN, 50, (
            "Это просто возмутительно!!! Третий раз срываете сроки, мы больше терпеть не "
            "будем. Если к пятнице не будет готово, платить не станем и напишем отзывы везде!",
            "Це просто обурливо!!! Втретє зриваєте терміни, ми більше терпіти не будемо. Якщо "
            "до п'ятниці не буде готово, платити не станемо й напишемо відгуки всюди!",
            "This is outrageous!!! Third time you miss the deadline and we won't put up with "
            "it any more. If it's not ready by Friday we won't pay and we'll post reviews "
            "everywhere!")),
        E(OPEN, 30),
    )),
)
LANGUAGES = ("ru", "uk", "en")


def _text(texts: tuple[str, str, str], language: str) -> str:
    return texts[LANGUAGES.index(language) if language in LANGUAGES else 0]


def conflicts_history(agency: Agency, today: date, now: datetime) -> int:
    """Replay the stories for the chosen clients; returns the interactions added."""
    clients = list(clients_without_requests(agency)[CLIENTS])
    if not clients:
        return 0
    zone = ZoneInfo(agency.timezone)
    calendar = business_calendar(agency)
    managers = list(Membership.objects.filter(
        agency=agency, role__in=(Role.OWNER, Role.ACCOUNT_MANAGER, Role.SALES))
        .select_related("user").order_by("user_id"))

    def moment(when) -> datetime:
        if isinstance(when, int):
            return now - timedelta(minutes=when)
        days_ago, hour, minute = when
        day = add_business_days(calendar, today, -days_ago)
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    added = 0
    for story, client in zip(STORIES, clients, strict=False):
        added += _replay(story, client, moment, managers)
    conflicts_escalate(now=now, agency=agency)
    return added


def _replay(story: Story, client: Client, moment, managers: list[Membership]) -> int:
    language = client.reading_language
    contact = client.contacts.order_by("-is_decision_maker", "name", "id").first()
    manager = client.account_manager or managers[0].user
    case: ConflictCase | None = None
    last_message: Interaction | None = None
    added = 0
    for event in story.events:
        at = moment(event.when)
        text = _text(event.texts, language)
        if event.kind in (IN, OUT):
            inbound = event.kind == IN
            last_message = interaction_create(client=client, data={
                "channel": story.channel, "occurred_at": at, "text": text,
                "direction": Direction.INBOUND if inbound else Direction.OUTBOUND,
                "contact": contact if inbound else None,
                "author": None if inbound else (case.manager if case else manager),
            })
            added += 1
        elif event.kind == OPEN:
            case = case_open(client=client, user=manager, source=last_message, now=at, data={
                "title": _text(story.title, language), "nature": story.nature,
                "summary": _text(story.summary, language)})
        elif event.kind == STEP:
            case_step_record(case=case, note=text, user=case.manager, at=at, now=at)
        elif event.kind == HANDOVER:
            # Another account manager first: a peer, not a boss, takes a personal conflict.
            colleague = min((m for m in managers if m.user_id != case.manager_id),
                            key=lambda m: (m.role != Role.ACCOUNT_MANAGER, m.user_id),
                            default=None)
            if colleague is not None:  # an agency of one keeps its cases
                case_hand_over(case=case, to_manager=colleague.user, reason=text,
                               user=case.manager, now=at)
                case.refresh_from_db()
        elif event.kind == CLOSE:
            case_close(case=case, solution=text, user=case.manager, at=at, now=at)
    return added

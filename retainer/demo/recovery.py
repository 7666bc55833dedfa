"""The demo agency's unhappy clients (BRIEF C4): six clients write in their own language what
the brief's worked example says — group A threatens a review, holds the payment and brings in
their director; group B is disappointed and wants 40 % off; group C wants to put things
right — plus a B client who took it to their management and a C client who went quiet after
our message. The messages go through `interaction_create`, so triage reads them as any
other; the assessments, the held payment, the plans and their steps go through the recovery
services. The A, B and C clients of the worked example get a plan with its apology letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from retainer.accounts.models import Agency, Membership
from retainer.accounts.roles import Role
from retainer.clients.models import Client
from retainer.conversations.services import interaction_create
from retainer.demo.scope import clients_without_requests
from retainer.recovery.models import HoldKind, RecoveryStep
from retainer.recovery.services import (
    dissatisfaction_assess,
    payment_hold_set,
    plan_create,
    step_update,
)
from retainer.rules import recovery as rules


@dataclass(frozen=True)
class Story:
    inbound: dict[str, tuple[str, ...]]  # language → the client's messages, oldest first
    ours: dict[str, str] = field(default_factory=dict)  # our message after them, if any
    answered: bool = True  # our message comes after the client's (else theirs waits)
    plan: bool = False
    faulty_work_min: int = 0
    our_fault: bool = False
    hold: bool = False
    apology: dict[str, str] = field(default_factory=dict)  # what the letter apologises for
    done: tuple[str, ...] = ()  # steps already ticked done


ACKNOWLEDGE = {
    "ru": "Спасибо, что написали прямо. Разбираемся и сегодня же вернёмся с планом, как всё "
          "исправить.",
    "uk": "Дякуємо, що написали прямо. Розбираємося й сьогодні ж повернемося з планом, як усе "
          "виправити.",
    "en": "Thank you for telling us plainly. We are looking into it and will come back today "
          "with a plan to put it right.",
}

STORIES = (
    Story(  # group A: a threat, a frozen payment, their director brought in
        inbound={
            "ru": ("Это уже третий раз, когда макеты приходят с ошибками. Мы напишем отзыв "
                   "везде, где только можно, и не заплатим, пока вы всё не переделаете.",
                   "Наш директор уже в курсе. Оплату мы заморозили до исправления."),
            "uk": ("Це вже втретє, коли макети приходять з помилками. Ми напишемо відгук "
                   "скрізь, де тільки можна, і не заплатимо, доки ви все не переробите.",
                   "Наш директор уже в курсі. Оплату ми заморозили до виправлення."),
            "en": ("This is the third time the layouts come back with mistakes. We will write "
                   "a review everywhere and won't pay until you redo it.",
                   "Our CEO is aware of this now. Payments are frozen until it is fixed."),
        },
        answered=False, plan=True, faulty_work_min=480, our_fault=True, hold=True,
        apology={"ru": "ошибки в макетах, которые мы трижды присылали вам на согласование",
                 "uk": "помилки в макетах, які ми тричі надсилали вам на погодження",
                 "en": "the mistakes in the layouts we sent you for approval three times"},
    ),
    Story(  # group B: disappointed, wants a big discount to go on
        inbound={
            "ru": ("Мы разочарованы результатами последнего месяца: заявок стало меньше, чем "
                   "обещали.",
                   "Честно говоря, мы очень недовольны: отчёты приходят с опозданием, а на "
                   "вопросы никто не отвечает.",
                   "Дайте скидку 40 % на следующий этап, и мы продолжим работу."),
            "uk": ("Ми розчаровані результатами останнього місяця: заявок стало менше, ніж "
                   "обіцяли.",
                   "Чесно кажучи, ми дуже незадоволені: звіти приходять із запізненням, а на "
                   "питання ніхто не відповідає.",
                   "Дайте знижку 40 % на наступний етап, і ми продовжимо роботу."),
            "en": ("We're disappointed with last month's results: fewer leads than you "
                   "promised.",
                   "Frankly, we are very unhappy: the reports come late and nobody answers "
                   "our questions.",
                   "Give us 40% off the next stage and we'll continue."),
        },
        ours=ACKNOWLEDGE, plan=True, faulty_work_min=240,
        apology={"ru": "то, что результаты месяца оказались ниже обещанных",
                 "uk": "те, що результати місяця виявилися нижчими за обіцяні",
                 "en": "last month's results falling short of what we promised"},
        done=(rules.APOLOGY_LETTER,),
    ),
    Story(  # group C: wants to make peace
        inbound={
            "ru": ("Что-то пошло не так с последним релизом. Давайте обсудим, как это "
                   "исправить.",),
            "uk": ("Щось пішло не так з останнім релізом. Давайте обговоримо, як це "
                   "виправити.",),
            "en": ("Something went wrong with the last release. Let's discuss how to fix it.",),
        },
        ours=ACKNOWLEDGE, plan=True,
        apology={"ru": "сбой в последнем релизе", "uk": "збій в останньому релізі",
                 "en": "the failure in the last release"},
    ),
    Story(  # group B: their management is unhappy, and they want the price cut
        inbound={
            "ru": ("Я передал ситуацию нашему руководству, оно недовольно сроками.",
                   "Мы готовы продолжить, если снизите стоимость на треть."),
            "uk": ("Я передав ситуацію нашому керівництву, воно незадоволене термінами.",
                   "Ми готові продовжити, якщо знизите вартість на третину."),
            "en": ("I've passed this on to our management, and they are unhappy with the "
                   "delays.",
                   "We're ready to continue if you cut the price by a third."),
        },
        ours=ACKNOWLEDGE,
    ),
    Story(  # group C: a cool note, then silence after our message
        inbound={
            "ru": ("Отчёт получили. Цифры, честно говоря, не радуют.",),
            "uk": ("Звіт отримали. Цифри, чесно кажучи, не тішать.",),
            "en": ("We got the report. Frankly, the numbers are disappointing.",),
        },
        ours={"ru": "Подготовили три варианта, как поднять показатели. Когда вам удобно "
                    "созвониться на этой неделе?",
              "uk": "Підготували три варіанти, як підняти показники. Коли вам зручно "
                    "зідзвонитися цього тижня?",
              "en": "We've put together three ways to lift the numbers. When would suit you "
                    "for a call this week?"},
    ),
    Story(  # group C: wants to settle after a missed deadline
        inbound={
            "ru": ("Сроки опять сорвали, это неприятно. Но мы хотим решить вопрос и "
                   "продолжить работу.",),
            "uk": ("Терміни знову зірвали, це неприємно. Але ми хочемо вирішити питання й "
                   "продовжити роботу.",),
            "en": ("The deadline slipped again, which is frustrating. But we want to work this "
                   "out and move forward.",),
        },
        ours=ACKNOWLEDGE,
    ),
)


QUIET = 4  # the story of the client who went quiet
SLOTS = ((1, 11, 20), (1, 16, 10), (0, 8, 10))  # days ago, hour, minute of each message


def recovery_clients(agency: Agency) -> list[Client]:
    """The clients the stories happen to: past the ones the requests' story uses."""
    return list(clients_without_requests(agency)[6:12])


def _at(today: date, days_ago: int, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour, minute), tzinfo=zone)


def recovery_history(agency: Agency, today: date, now: datetime) -> int:
    """Write the stories (see the module doc); returns the interactions added."""
    zone = ZoneInfo(agency.timezone)
    owner = (Membership.objects.filter(agency=agency, role=Role.OWNER)
             .select_related("user").order_by("created_at", "id").first())
    added = 0
    for index, (client, story) in enumerate(zip(recovery_clients(agency), STORIES,
                                                strict=False)):
        language = client.reading_language
        manager = client.account_manager or (owner.user if owner else None)
        contact = client.contacts.order_by("-is_decision_maker", "id").first()
        texts = story.inbound[language]
        # The quiet client wrote four days ago and got our answer; the others wrote
        # yesterday and this morning.
        moments = [_at(today, 4 if index == QUIET else day, hour, minute, zone)
                   for day, hour, minute in SLOTS[:len(texts)]]
        for text, moment in zip(texts, moments, strict=True):
            interaction_create(client=client, data={
                "channel": "email", "direction": "in", "contact": contact,
                "occurred_at": min(moment, now), "text": text})
            added += 1
        if story.ours and story.answered:
            last = min(moments[-1], now)
            interaction_create(client=client, data={
                "channel": "email", "direction": "out", "author": manager,
                "occurred_at": min(last + timedelta(minutes=25), now),
                "text": story.ours[language]})
            added += 1
        if story.hold:
            payment_hold_set(client=client, kind=HoldKind.FROZEN, since=today - timedelta(days=1),
                             user=manager, now=now)
        if not story.plan:
            dissatisfaction_assess(client=client, user=manager, now=now)
            continue
        plan = plan_create(client=client, user=manager, faulty_work_min=story.faulty_work_min,
                           our_fault=story.our_fault, now=now)
        for step in RecoveryStep.objects.filter(plan=plan).order_by("position"):
            data: dict = {}
            if step.action == rules.APOLOGY_LETTER:
                data["note"] = story.apology[language]
            if step.action == rules.NEUTRAL_COLLEAGUE and owner is not None:
                data["owner"] = owner.user
            if step.action in story.done:
                data["done"] = True
            if data:
                step_update(step=step, data=data, user=manager, now=now)
    return added

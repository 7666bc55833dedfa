"""The demo agency's relationship lifecycles (BRIEF C6, article 003).

Every client starts from the courtship and walks through the stages its own seeded events
suggest — the agreement's start, the first founded claim or conflict, the calm weeks, the
project's end, the client's silence — each suggestion made on the day of its event and
accepted by the account manager the next morning, through the same services the pages use.
The newest suggestions of every other client stay pending for the manager to answer, and
one is rejected: the first storm (the manager judged the trouble minor) or, if a project's
last approval comes first, its move to support (the next phase is agreed already). Two past
clients, whose project ended months ago and who have not heard from us for weeks, are due a
keep-in-touch. Nothing is random: the same agency, day and moment give the same histories.

At network scale the first `REPLAYED` clients are replayed this way; the rest get their
pending suggestion from one refresh of the whole agency.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from retainer.accounts.models import Agency, Membership
from retainer.accounts.roles import Role
from retainer.agreements.models import AgreementKind, AgreementStatus, Channel, DeliverableStatus
from retainer.agreements.services import agreement_create, deliverable_create
from retainer.clients.models import Client, Language, Stage
from retainer.clients.services import client_create, contact_create
from retainer.conversations.models import Direction
from retainer.conversations.services import interaction_create
from retainer.lifecycle.models import StageSuggestion
from retainer.lifecycle.selectors import lifecycle_histories
from retainer.lifecycle.services import (
    lifecycle_refresh,
    suggestion_accept,
    suggestion_reject,
)
from retainer.policy.services import policy_current
from retainer.rules import lifecycle as rules

REPLAYED = 200
# A suggestion this recent is left for the manager to answer, for every other client.
FRESH_DAYS = 21
LANGUAGES = ("ru", "uk", "en")

NOTES = {
    Stage.HONEYMOON: ("Договор подписан, стартуем: первые результаты покажем на созвоне.",
                      "Договір підписано, стартуємо: перші результати покажемо на дзвінку.",
                      "Signed and started: we'll show the first results on the call."),
    Stage.STORM: ("Первая серьёзная проблема: разбираемся в причинах и держим клиента в курсе.",
                  "Перша серйозна проблема: розбираємося в причинах і тримаємо клієнта в курсі.",
                  "The first real problem: we're finding the cause and keeping the client "
                  "posted."),
    Stage.NORMALIZATION: ("Притёрлись: статусы по понедельникам, правки одним списком.",
                          "Притерлися: статуси щопонеділка, правки одним списком.",
                          "We've settled in: statuses on Mondays, changes in one list."),
    Stage.SUPPORT: ("Проект сдан. Раз в месяц напоминаем о себе: кейс, идея, поздравление.",
                    "Проєкт здано. Раз на місяць нагадуємо про себе: кейс, ідея, привітання.",
                    "Project delivered. Once a month we remind them of us: a case, an idea, "
                    "a greeting."),
    Stage.ENDED: ("Клиент больше не отвечает — закрываем отношения, без обид.",
                  "Клієнт більше не відповідає — закриваємо стосунки, без образ.",
                  "The client no longer answers: we close the relationship, no hard "
                  "feelings."),
}

# Two past clients: their project ended months ago, and the last word was weeks ago.
PAST_CLIENTS = (
    {"language": "ru", "name": "Пекарня «Колос»", "industry": "Пекарни",
     "contact": ("Ирина Соколова", "Владелица"),
     "agreement": "Сайт и меню для пекарни", "deliverables": ("Сайт", "Меню для печати"),
     "started": 260, "ended": 120, "messages": (
         (75, Direction.INBOUND, "Спасибо за сайт! Заказы через форму идут, всё работает."),
         (74, Direction.OUTBOUND, "Рады слышать! Если захотите сезонное меню к праздникам — "
                                  "напишите, сделаем быстро."),
         (41, Direction.INBOUND, "Добрый день! Подскажите, как поменять часы работы на "
                                 "сайте?"),
         (41, Direction.OUTBOUND, "Здравствуйте! Поменяли: с 8:00 до 20:00. Хорошей "
                                  "недели!"),
     )},
    {"language": "uk", "name": "Кав'ярня «Зерно»", "industry": "Кав'ярні",
     "contact": ("Олег Бондар", "Співвласник"),
     "agreement": "Айдентика кав'ярні", "deliverables": ("Логотип", "Вивіска", "Стаканчики"),
     "started": 300, "ended": 150, "messages": (
         (90, Direction.INBOUND, "Стаканчики надрукували — гості фотографують їх щодня!"),
         (89, Direction.OUTBOUND, "Це найкращий відгук! Надішлете кілька фото для нашого "
                                  "кейсу?"),
         (52, Direction.OUTBOUND, "Вітаємо з річницею кав'ярні! Якщо знадобиться афіша "
                                  "до свята — ми поруч."),
     )},
)


def _text(texts: tuple[str, str, str], language: str) -> str:
    return texts[LANGUAGES.index(language) if language in LANGUAGES else 0]


def lifecycle_history(agency: Agency, today: date, now: datetime) -> int:
    """Replay the lifecycles; returns the interactions added (the past clients' messages)."""
    zone = ZoneInfo(agency.timezone)
    members = list(Membership.objects.filter(agency=agency).select_related("user")
                   .order_by("created_at", "id"))
    owner = next((m for m in members if m.role == Role.OWNER), None)
    keeper = next((m for m in members if m.role == Role.ACCOUNT_MANAGER), owner)
    added = sum(_past_client(agency, story, today, zone, keeper.user if keeper else None)
                for story in PAST_CLIENTS)
    clients = list(Client.objects.for_agency(agency).select_related("account_manager")
                   .order_by("id")[:REPLAYED])
    # Before its seeded events, every relationship was a courtship.
    Client.objects.filter(pk__in=[c.pk for c in clients]).update(stage=Stage.COURTSHIP)
    policy = policy_current(agency=agency)
    rejected = False
    for index, client in enumerate(clients):
        manager = client.account_manager or (owner.user if owner else None)
        rejected |= _replay(agency, client, index, manager, policy, today, now, zone,
                            reject_first=not rejected)
    lifecycle_refresh(agency=agency, now=now)
    return added


def _replay(agency, client, index, manager, policy, today, now, zone, *,
            reject_first: bool) -> bool:
    """Walk the client through the stages its events suggest; True once a suggestion has
    been rejected."""
    rejected = False
    for _step in range(len(rules.STAGES) * 2):
        # Accepting suggests what follows at once when its event has already happened;
        # otherwise the next suggestion is made in the morning of its event's day.
        suggestion = _pending(client)
        if suggestion is None:
            history = lifecycle_histories(agency=agency, today=today, client_ids=[client.pk])
            found = rules.suggest_stage(history[client.pk], policy)
            if found is None:
                break
            at = min(datetime.combine(found.on, time(9, 30), tzinfo=zone), now)
            lifecycle_refresh(agency=agency, now=at, client_ids=[client.pk])
            suggestion = _pending(client)
            if suggestion is None:
                break
        if suggestion.event_on >= today - timedelta(days=FRESH_DAYS) and index % 2 == 0:
            break  # left for the manager
        # Answered by the manager the next morning.
        at = suggestion.suggested_at
        morning = datetime.combine(at.astimezone(zone).date() + timedelta(days=1), time(10, 5),
                                   tzinfo=zone)
        answered = max(min(morning, now), at)
        if reject_first and not rejected and _rejectable(suggestion):
            suggestion_reject(suggestion=suggestion, user=manager, now=answered)
            rejected = True
        else:
            suggestion_accept(suggestion=suggestion, user=manager, now=answered,
                              note=_text(NOTES.get(suggestion.stage, ("", "", "")),
                                         client.reading_language))
    return rejected


def _pending(client: Client) -> StageSuggestion | None:
    return StageSuggestion.objects.filter(client=client, decided_at__isnull=True).first()


def _rejectable(suggestion: StageSuggestion) -> bool:
    """The manager's one rejection: a storm judged minor, or — the next phase being agreed
    already — the end of a project whose last deliverable was approved."""
    return suggestion.stage == Stage.STORM or (
        suggestion.stage == Stage.SUPPORT
        and suggestion.reason_code == rules.LAST_DELIVERABLE_APPROVED)


def _past_client(agency: Agency, story: dict, today: date, zone: ZoneInfo, manager) -> int:
    language = story["language"] if story["language"] in Language.values else "ru"
    client = client_create(agency=agency, data={
        "name": story["name"], "language": language, "segment": "small_business",
        "industry": story["industry"], "acquisition_channel": "referral",
        "expected_annual_value": Decimal("400000"), "account_manager": manager,
    })
    person, position = story["contact"]
    contact = contact_create(client=client, data={"name": person, "position": position,
                                                  "is_decision_maker": True})
    started = today - timedelta(days=story["started"])
    ended = today - timedelta(days=story["ended"])
    agreement = agreement_create(client=client, data={
        "title": story["agreement"], "kind": AgreementKind.PROJECT,
        "status": AgreementStatus.ENDED, "starts_on": started, "ends_on": ended,
        "channels": [Channel.EMAIL, Channel.TELEGRAM], "response_target_hours": Decimal(4),
        "revision_rounds": 2, "free_change_threshold_min": 60, "monthly_free_budget_min": 180,
        "hourly_rate": Decimal(3000), "daily_capacity_hours": Decimal(6),
        "budget": Decimal("300000"),
    })
    titles = story["deliverables"]
    step = (ended - started) // len(titles)
    for number, title in enumerate(titles, start=1):
        due = started + step * number
        deliverable_create(agreement=agreement, data={
            "title": title, "estimate_hours": Decimal(16), "actual_hours": Decimal(18),
            "planned_start": due - step, "planned_due": due, "actual_done": due,
            "status": DeliverableStatus.APPROVED, "approval_iterations": 2})
    for days_ago, direction, text in story["messages"]:
        inbound = direction == Direction.INBOUND
        interaction_create(client=client, data={
            "channel": Channel.TELEGRAM, "direction": direction, "text": text,
            "occurred_at": datetime.combine(today - timedelta(days=days_ago),
                                            time(12 if inbound else 13), tzinfo=zone),
            "contact": contact if inbound else None, "author": None if inbound else manager})
    return len(story["messages"])

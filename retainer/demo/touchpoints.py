"""The demo agency's statuses and retrospectives (BRIEF C7, article 003).

A year of statuses at each client's cadence for the clients with an active agreement, held by
their account manager, with the gaps real teams leave: most clients skip a week now and then,
some went quiet for a month in the middle of the year, and a few have not heard from us for
weeks now — the missed statuses the dashboard shows and the scorecard counts. Feedback is
asked for at every other status and mostly received, in the client's language. Most approved
milestones got their retrospective a few days later; every sixth did not. Everything goes
through the services, and nothing is random: the same agency and day give the same history.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Subquery

from retainer.accounts.models import Agency
from retainer.agreements.models import Agreement, AgreementStatus, Deliverable, DeliverableStatus
from retainer.clients.models import Client
from retainer.policy.services import policy_current
from retainer.touchpoints.models import TouchpointKind
from retainer.touchpoints.services import touchpoint_record

# The scale runs' thousands of clients keep the demo's size here: a year of statuses is some
# fifty service calls per client.
CLIENTS = 300
YEAR = timedelta(days=365)

STATUS_NOTES = {
    "ru": (
        "Недельный статус: показали, что сделано, и план на следующую неделю.",
        "Созвонились и прошлись по задачам этапа «{title}», сроки подтвердили.",
        "Отправили статус письмом: по «{title}» ждём правки от клиента, остальное по плану.",
        "Короткий статус в Telegram: работы идут по плану, рисков нет.",
        "Статус-встреча: обсудили бюджет месяца и приоритеты по «{title}».",
    ),
    "uk": (
        "Тижневий статус: показали, що зроблено, і план на наступний тиждень.",
        "Зідзвонилися й пройшлися по задачах етапу «{title}», терміни підтвердили.",
        "Надіслали статус листом: щодо «{title}» чекаємо правок від клієнта, решта за планом.",
        "Короткий статус у Telegram: роботи йдуть за планом, ризиків немає.",
        "Статус-зустріч: обговорили бюджет місяця й пріоритети щодо «{title}».",
    ),
    "en": (
        "Weekly status: showed what was done and the plan for next week.",
        "Called and went through the tasks of “{title}”; the dates are confirmed.",
        "Sent the status by e-mail: waiting for the client's edits on “{title}”, the rest on "
        "track.",
        "A short status in Telegram: work is on track, no risks.",
        "Status meeting: discussed the month's budget and the priorities for “{title}”.",
    ),
}
FEEDBACK = {
    "ru": (
        "Всё понятно, спасибо за подробный отчёт.",
        "Хотелось бы видеть цифры по заявкам раньше, до пятницы.",
        "Темп устраивает, продолжайте.",
        "Отчёт отличный, но созвоны лучше переносить на утро.",
    ),
    "uk": (
        "Усе зрозуміло, дякуємо за докладний звіт.",
        "Хотілося б бачити цифри по заявках раніше, до п'ятниці.",
        "Темп влаштовує, продовжуйте.",
        "Звіт чудовий, але дзвінки краще переносити на ранок.",
    ),
    "en": (
        "All clear, thanks for the detailed report.",
        "We'd like to see the lead figures earlier, before Friday.",
        "Happy with the pace, keep going.",
        "Great report, but let's move the calls to the mornings.",
    ),
}
RETROSPECTIVE_NOTES = {
    "ru": "Ретроспектива по «{title}»: что получилось, что затянулось и что меняем на "
          "следующем этапе.",
    "uk": "Ретроспектива щодо «{title}»: що вдалося, що затяглося і що змінюємо на "
          "наступному етапі.",
    "en": "Retrospective on “{title}”: what worked, what took too long and what we change in "
          "the next stage.",
}
RETROSPECTIVE_FEEDBACK = {
    "ru": ("Результатом довольны, согласование можно ускорить.",
           "Сделали хорошо, но хотелось бы меньше итераций."),
    "uk": ("Результатом задоволені, погодження можна пришвидшити.",
           "Зробили добре, але хотілося б менше ітерацій."),
    "en": ("Happy with the result; approvals could be quicker.",
           "Good work, though we'd like fewer iterations."),
}


def _gaps(index: int, start: date, today: date) -> list[tuple[date, date]]:
    """The stretches with no status for the client at `index`."""
    gaps = []
    if index % 4 == 1:  # a month without statuses in the middle of the year
        middle = start + (today - start) / 2
        gaps.append((middle, middle + timedelta(days=30 + 7 * (index % 3))))
    if index % 5 == 2:  # not heard from us for weeks now
        gaps.append((today - timedelta(days=15 + 7 * (index % 4)), today))
    return gaps


def _statuses(client: Client, index: int, start: date, today: date, cadence: int) -> int:
    language = client.reading_language
    titles = list(Deliverable.objects.filter(agreement__client=client)
                  .order_by("planned_due", "id").values_list("title", flat=True)) or ["—"]
    gaps = _gaps(index, start, today)
    held = 0
    week = 0
    day = start + timedelta(days=cadence)
    while day <= today:
        week += 1
        skipped = (week + index) % 9 == 0 or any(first <= day < last for first, last in gaps)
        if not skipped:
            asked = week % 2 == 0
            answered = asked and (week + index) % 5 != 0
            notes = STATUS_NOTES[language][(week + index) % 5]
            touchpoint_record(client=client, user=client.account_manager, today=today, data={
                "kind": TouchpointKind.STATUS, "held_on": day,
                "notes": notes.format(title=titles[week % len(titles)]),
                "feedback_requested": asked,
                "feedback": FEEDBACK[language][(week + index) % 4] if answered else "",
            })
            held += 1
        day += timedelta(days=cadence)
    return held


def _retrospectives(agency: Agency, today: date) -> int:
    milestones = (Deliverable.objects.for_agency(agency)
                  .filter(status=DeliverableStatus.APPROVED, actual_done__isnull=False,
                          actual_done__lte=today)
                  .select_related("agreement__client__account_manager")
                  .order_by("agreement__client_id", "actual_done", "id"))
    held = 0
    for index, milestone in enumerate(milestones):
        if index % 6 == 5:
            continue
        client = milestone.agreement.client
        language = client.reading_language
        touchpoint_record(client=client, user=client.account_manager, today=today, data={
            "kind": TouchpointKind.RETROSPECTIVE, "deliverable": milestone,
            "held_on": min(milestone.actual_done + timedelta(days=1 + index % 4), today),
            "notes": RETROSPECTIVE_NOTES[language].format(title=milestone.title),
            "feedback_requested": True,
            "feedback": RETROSPECTIVE_FEEDBACK[language][index % 2] if index % 3 else "",
        })
        held += 1
    return held


def touchpoints_history(agency: Agency, today: date, now: datetime) -> int:
    """Record the statuses and retrospectives held up to the demo's present moment; returns
    how many."""
    last_day = min(today, now.astimezone(ZoneInfo(agency.timezone)).date())
    default = policy_current(agency=agency).status_cadence_days
    active = Agreement.objects.filter(client=OuterRef("pk"), status=AgreementStatus.ACTIVE,
                                      starts_on__lte=last_day)
    clients = (Client.objects.for_agency(agency).filter(Exists(active))
               .annotate(started=Subquery(active.order_by("starts_on").values("starts_on")[:1]))
               .select_related("account_manager").order_by("id")[:CLIENTS])
    held = 0
    for index, client in enumerate(clients):
        held += _statuses(client, index, max(client.started, last_day - YEAR), last_day,
                          client.status_cadence_days or default)
    return held + _retrospectives(agency, last_day)

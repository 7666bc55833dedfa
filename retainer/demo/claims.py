"""The demo agency's claims and concessions (BRIEF C3).

Six current clients without client requests (the scope stories have those) get a story of
claims over the past months, replayed through the services the app uses — `claim_create`,
`claim_assess`, `claim_override`, `claim_reply_sent`, and, where the story needs a fact the
log lacks, `measurement_create` and `deliverable_update` — at the moments the story says:

- a client who "sits on the neck": three unfounded claims within 90 days, the first two
  granted, the third refused citing the agreement, with the relationship flagged for review
  and a review task open;
- a promised KPI measured far below its tolerance: founded, fixed and admitted, with the
  compensation the client asks weighed against what keeping them is worth;
- "the banner's colour doesn't sell": unfounded, and granted because it costs almost
  nothing; plus a fresh claim from this morning, not assessed yet;
- a big redo of work nobody faulted, which the manager decides differently from the rules
  and says why (an override);
- a deliverable delivered late (or, when the log has no late one, rejected by the client):
  founded;
- our slow reply to a message: founded when the log has a reply past its target, else shown
  to be on time.

Claims come from the client's messages (triaged as claims) or are recorded after a call; the
texts are in each client's language, the replies are drafted by the rules in it, and most are
sent and logged. Deterministic: the same demo gives the same claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import F

from retainer.accounts.models import Agency
from retainer.agreements.models import (
    Agreement,
    AgreementStatus,
    Channel,
    Deliverable,
    DeliverableStatus,
    KpiDirection,
    PromisedKpi,
)
from retainer.agreements.services import deliverable_update, measurement_create
from retainer.claims.models import Claim, Concession, Target
from retainer.claims.services import (
    GRANT,
    REFUSE,
    claim_assess,
    claim_create,
    claim_override,
    claim_reply_sent,
)
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.conversations.services import interaction_create
from retainer.core.calendar import business_calendar
from retainer.demo.scope import clients_without_requests
from retainer.rules.business_time import is_working_day

STORY_CLIENTS = 6
FRESH = -1  # a step's day for "a few hours ago"
RECENT_DAYS = 60  # how far back a story looks for a late deliverable or a slow reply

# What the client says, and asks, in their language. {deliverable}, {kpi} and {result} are
# the agreement's own words.
TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "no_sales": {
        "ru": ("Прошло два месяца, а где результат? Мы рассчитывали на «{result}», а его нет. "
               "Вы обещали, что реклама окупится. Сделайте хотя бы ещё один вариант объявлений "
               "бесплатно.", "Ещё один вариант объявлений бесплатно"),
        "uk": ("Минуло два місяці, а де результат? Ми розраховували на «{result}», а його "
               "немає. Ви обіцяли, що реклама окупиться. Зробіть хоча б ще один варіант "
               "оголошень безкоштовно.", "Ще один варіант оголошень безкоштовно"),
        "en": ("Two months in, and where are the results? We counted on “{result}” and it "
               "hasn't happened. You promised the ads would pay off. At least make one more "
               "set of ads for free.", "One more set of ads for free"),
    },
    "dull_font": {
        "ru": ("Шрифт на сайте какой-то скучный, клиентам не нравится. Это ваша ошибка — "
               "поменяйте его на всех страницах.", "Поменять шрифт на всех страницах"),
        "uk": ("Шрифт на сайті якийсь нудний, клієнтам не подобається. Це ваша помилка — "
               "змініть його на всіх сторінках.", "Змінити шрифт на всіх сторінках"),
        "en": ("The font on the site is dull and our customers don't like it. That's your "
               "mistake — change it on every page.", "Change the font on every page"),
    },
    "discount": {
        "ru": ("Опять нет заявок. Мы недовольны работой: дайте скидку на следующий месяц, иначе "
               "будем думать, продолжать ли.", "Скидка на следующий месяц"),
        "uk": ("Знову немає заявок. Ми незадоволені роботою: дайте знижку на наступний місяць, "
               "інакше думатимемо, чи продовжувати.", "Знижка на наступний місяць"),
        "en": ("Still no leads. We are not happy with the work: give us a discount on next "
               "month, or we'll think about whether to continue.", "A discount on next month"),
    },
    "kpi_missed": {
        "ru": ("Показатель «{kpi}» сильно хуже, чем записано в договоре. Мы платим за "
               "результат, который вы обещали, а получаем вот это. Ждём компенсацию за месяц.",
               "Скидка за этот месяц"),
        "uk": ("Показник «{kpi}» значно гірший, ніж записано в договорі. Ми платимо за "
               "результат, який ви обіцяли, а отримуємо ось це. Чекаємо на компенсацію за "
               "місяць.", "Знижка за цей місяць"),
        "en": ("“{kpi}” is far worse than the agreement says. We pay for the result you "
               "promised and get this instead. We expect compensation for the month.",
               "A discount for this month"),
    },
    "banner_colour": {
        "ru": ("Баннер не продаёт — цвет не тот, он не цепляет. Перекрасьте в красный, это же "
               "мелочь.", "Перекрасить баннер в красный"),
        "uk": ("Банер не продає — колір не той, він не чіпляє. Перефарбуйте в червоний, це ж "
               "дрібниця.", "Перефарбувати банер у червоний"),
        "en": ("The banner doesn't sell — the colour is wrong, it doesn't grab anyone. Make it "
               "red, it's a small thing.", "Make the banner red"),
    },
    "too_bright": {
        "ru": ("И ещё: на новых баннерах слишком яркий фон, это не то, что мы просили.",
               "Сделать фон спокойнее"),
        "uk": ("І ще: на нових банерах занадто яскраве тло, це не те, що ми просили.",
               "Зробити тло спокійнішим"),
        "en": ("One more thing: the background on the new banners is too bright, not what we "
               "asked for.", "Tone the background down"),
    },
    "redo_all": {
        "ru": ("Честно говоря, нам не нравится, как всё выглядит. Это не то, что мы "
               "представляли. Переделайте макеты с нуля.", "Переделать макеты с нуля"),
        "uk": ("Чесно кажучи, нам не подобається, як усе виглядає. Це не те, що ми уявляли. "
               "Переробіть макети з нуля.", "Переробити макети з нуля"),
        "en": ("Honestly, we don't like how it all looks. It's not what we asked for. Redo "
               "the mock-ups from scratch.", "Redo the mock-ups from scratch"),
    },
    "late": {
        "ru": ("«{deliverable}» сдали с опозданием, у нас из-за этого сорвался запуск. Это ваша "
               "ошибка. Компенсируйте, пожалуйста.", "Компенсация за срыв срока"),
        "uk": ("«{deliverable}» здали із запізненням, у нас через це зірвався запуск. Це ваша "
               "помилка. Компенсуйте, будь ласка.", "Компенсація за зірваний строк"),
        "en": ("“{deliverable}” was delivered late and our launch slipped because of it. "
               "That's your mistake. Please make up for it.", "Compensation for the delay"),
    },
    "rejected": {
        "ru": ("«{deliverable}» — совсем не то, о чём договаривались. Мы это не принимаем, "
               "переделайте.", "Переделать по согласованному заданию"),
        "uk": ("«{deliverable}» — зовсім не те, про що домовлялися. Ми це не приймаємо, "
               "переробіть.", "Переробити за погодженим завданням"),
        "en": ("“{deliverable}” is not what we asked for at all and doesn't match the brief. "
               "We don't accept it, please redo it.", "Redo it to the agreed brief"),
    },
    "slow_reply": {
        "ru": ("Мы ждали ответа на наше письмо слишком долго, нас это не устраивает. Почему "
               "так медленно? Так работать невозможно.", ""),
        "uk": ("Ми чекали на відповідь на наш лист занадто довго, нас це не влаштовує. Чому "
               "так повільно? Так працювати неможливо.", ""),
        "en": ("We waited far too long for a reply to our message! Why so slow? We can't work "
               "like this.", ""),
    },
}

# The manager's note when deciding differently from the rules: written for the team, in the
# agency's language.
OVERRIDE_REASONS = {
    GRANT: "Клиент в этом месяце продлевает договор на год — переделку делаем разово, "
           "согласовано с Оленой.",
    REFUSE: "Переделка с нуля — это новый проект, а не уступка: предлагаем её клиенту как "
            "отдельную работу.",
}


@dataclass(frozen=True)
class Step:
    days_ago: int
    hour: int
    key: str  # in TEXTS
    target: str = Target.NOTHING
    asked_min: int = 0
    asked_hours_paid: int = 0  # money asked for: this many hours at the client's rate
    message: bool = True  # the client wrote it (else recorded by hand, after a call)
    assess: bool = True
    override: bool = False
    send: bool = True


S = Step
STORIES: tuple[tuple[Step, ...], ...] = (
    # Sits on the neck: three unfounded claims in 90 days, the third refused and reviewed.
    (S(70, 11, "no_sales", Target.NOT_PROMISED, asked_min=25),
     S(38, 15, "dull_font", asked_min=90, message=False),
     S(8, 10, "discount", asked_hours_paid=8)),
    # A KPI far below its tolerance: founded, with the compensation asked weighed.
    (S(12, 12, "kpi_missed", Target.KPI, asked_hours_paid=4),),
    # The banner's colour doesn't sell: unfounded, granted because it costs almost nothing.
    (S(20, 16, "banner_colour", asked_min=20),
     S(FRESH, 0, "too_bright", asked_min=30, assess=False)),
    # A redo from scratch nobody faulted: the manager decides otherwise, and says why.
    (S(15, 11, "redo_all", asked_min=960, override=True),),
    # A late or rejected deliverable: founded.
    (S(6, 14, "late", Target.DELIVERABLE, asked_hours_paid=2),),
    # Our reply to a message: founded when it was past its target.
    (S(4, 12, "slow_reply", Target.COMMUNICATION, send=False),),
)


@dataclass(frozen=True)
class Plan:
    """When a claim is made, its texts (in TEXTS), the object it points at, and the names
    the texts quote."""

    made: datetime
    key: str
    fields: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)


@dataclass
class Cast:
    client: Client
    agreement: Agreement
    contact: Contact | None

    @property
    def language(self) -> str:
        return self.client.reading_language


class ClaimsReplay:
    def __init__(self, agency: Agency, today: date, now: datetime):
        self.agency, self.today, self.now = agency, today, now
        self.zone = ZoneInfo(agency.timezone)
        self.calendar = business_calendar(agency)
        self.interactions = 0

    def at(self, days_ago: int, hour: int) -> datetime:
        if days_ago == FRESH:
            return self.now - timedelta(hours=3)
        day = self.today - timedelta(days=days_ago)
        while not is_working_day(self.calendar, day):
            day -= timedelta(days=1)
        return datetime.combine(day, time(hour), tzinfo=self.zone)

    def channel(self, cast: Cast, preferred: str) -> str:
        channels = cast.agreement.channels or [Channel.EMAIL]
        written = [c for c in channels if c in (Channel.EMAIL, Channel.TELEGRAM, Channel.CHAT)]
        return preferred if preferred in channels else (written or [Channel.EMAIL])[0]

    def play(self, story: tuple[Step, ...], cast: Cast) -> None:
        for step in story:
            plan = self.target(step, cast)
            if plan is not None and plan.made < self.now:
                self.claim(step, cast, plan)

    # ---- what a claim points at, and when it was made --------------------------------------
    def target(self, step: Step, cast: Cast) -> Plan | None:
        """When the claim is made and what it points at; None when the client's agreement
        has nothing for the story to point at."""
        made = self.at(step.days_ago, step.hour)
        if step.target == Target.NOT_PROMISED:
            if not cast.agreement.not_promised:
                return None
            result = cast.agreement.not_promised[0]
            return Plan(made, step.key, {"result": result}, {"result": result})
        if step.target == Target.KPI:
            kpi = PromisedKpi.objects.filter(agreement=cast.agreement).order_by("id").first()
            if kpi is None:
                return None
            self.missed(kpi, made.date())
            return Plan(made, step.key, {"kpi": kpi}, {"kpi": kpi.name})
        if step.target == Target.DELIVERABLE:
            return self.late_or_rejected(cast, made, step.key)
        if step.target == Target.COMMUNICATION:
            return self.slow_reply(cast, made, step.key)
        return Plan(made, step.key)

    def missed(self, kpi: PromisedKpi, day: date) -> None:
        """The month's measurement, 20 points beyond the tolerance on the wrong side: taken
        on the day of the claim, so it is the latest the claim can see."""
        shift = (kpi.tolerance_pct + 20) / 100
        factor = 1 - shift if kpi.direction == KpiDirection.HIGHER else 1 + shift
        precision = Decimal(1) if kpi.target == kpi.target.to_integral() else Decimal("0.01")
        measurement_create(kpi=kpi, data={"measured_on": day,
                                          "actual": (kpi.target * factor).quantize(precision)})

    def late_or_rejected(self, cast: Cast, made: datetime, key: str) -> Plan | None:
        """The latest deliverable delivered late in the last weeks, claimed the working day
        after; else the latest delivered (or sent for approval) one, which the client
        rejects."""
        since = self.today - timedelta(days=RECENT_DAYS)
        late = (Deliverable.objects.filter(agreement=cast.agreement, actual_done__gte=since,
                                           actual_done__gt=F("planned_due"))
                .order_by("-actual_done", "-id").first())
        if late is not None:
            claimed = self.at((self.today - late.actual_done).days - 1, made.hour)
            if claimed.date() > late.actual_done:
                return Plan(claimed, key, {"deliverable": late}, {"deliverable": late.title})
        rejected = (Deliverable.objects.filter(agreement=cast.agreement, status__in=(
            DeliverableStatus.IN_REVIEW, DeliverableStatus.APPROVED))
            .order_by("-status", "-planned_due", "-id").first())
        if rejected is None:
            return None
        deliverable_update(deliverable=rejected, data={"status": DeliverableStatus.REJECTED},
                           user=cast.client.account_manager)
        return Plan(made, "rejected", {"deliverable": rejected},
                    {"deliverable": rejected.title})

    def slow_reply(self, cast: Cast, made: datetime, key: str) -> Plan | None:
        """The client's latest message we answered past its target in the last weeks, else
        the latest we answered; the claim comes the working day after our reply."""
        answered = Interaction.objects.filter(
            client=cast.client, direction=Direction.INBOUND, kind=Kind.MESSAGE,
            replied_at__isnull=False, replied_at__lt=made,
            occurred_at__gte=made - timedelta(days=RECENT_DAYS))
        message = (answered.filter(replied_at__gt=F("reply_due_at")).order_by("-occurred_at")
                   .first() or answered.order_by("-occurred_at").first())
        if message is None:
            return None
        claimed = max(made, message.replied_at + timedelta(hours=2))
        return Plan(claimed, key, {"message": message})

    # ---- the claim, its assessment, the override and the reply --------------------------------
    def claim(self, step: Step, cast: Cast, plan: Plan) -> None:
        made = plan.made
        words, ask = (part.format(**plan.names) for part in TEXTS[plan.key][cast.language])
        manager = cast.client.account_manager
        source = None
        if step.message:
            source = interaction_create(client=cast.client, data={
                "channel": self.channel(cast, Channel.TELEGRAM), "direction": Direction.INBOUND,
                "contact": cast.contact, "occurred_at": made, "text": words})
            self.interactions += 1
        data = {"target": step.target, "words": words, "ask": ask, "asked_min": step.asked_min,
                "asked_amount": cast.agreement.hourly_rate * step.asked_hours_paid,
                "made_at": made, **plan.fields}
        claim = claim_create(client=cast.client, agreement=cast.agreement, data=data,
                             user=manager, source=source,
                             now=min(made + timedelta(minutes=10), self.now))
        if not step.assess:
            return
        concession = claim_assess(claim=claim, user=manager, now=made + timedelta(minutes=40))
        if step.override:
            decision = REFUSE if concession.granted else GRANT
            concession = claim_override(concession=concession, decision=decision,
                                        reason=OVERRIDE_REASONS[decision], user=manager,
                                        now=made + timedelta(minutes=55))
        if step.send:
            self.send(concession, claim, cast, made + timedelta(minutes=90))

    def send(self, concession: Concession, claim: Claim, cast: Cast, when: datetime) -> None:
        claim_reply_sent(concession=concession, user=cast.client.account_manager,
                   channel=self.channel(cast, Channel.EMAIL), contact=cast.contact, now=when)
        self.interactions += 1


def story_clients(agency: Agency) -> list[Client]:
    """The current clients without client requests, first six: the other stories of the
    demo use the rest."""
    return list(clients_without_requests(agency)[0:STORY_CLIENTS])


def claims_history(agency: Agency, today: date, now: datetime) -> int:
    """Replay the claims' stories; returns how many interactions they added to the log."""
    replay = ClaimsReplay(agency, today, now)
    casts: list[tuple[tuple[Step, ...], Cast]] = []
    for story, client in zip(STORIES, story_clients(agency), strict=False):
        agreement = (Agreement.objects.filter(client=client, status=AgreementStatus.ACTIVE)
                     .order_by("-starts_on", "-id").first())
        if agreement is None:
            continue
        contact = (client.contacts.exclude(email="").order_by("-is_decision_maker", "id")
                   .first())
        casts.append((story, Cast(client, agreement, contact)))
    for story, cast in casts:
        replay.play(story, cast)
    return replay.interactions

"""The demo agency's client requests, decisions and discrepancy register (BRIEF C2).

A few clients get a story of requests over the past months, replayed through the same
services the app uses (`request_create`, `request_decide`, `decision_override`,
`decision_reply_sent`, `decision_answer`) at the moments the story says, so the register,
the budgets, the renegotiate tasks and the log agree with each other: every outcome
(included, bonus, choice) and every answer (pay, shift, defer), a manager's override with
its reason, a renegotiate task still open, requests taken from the client's messages, a due
date moved and announced the same day — and one moved without a word to the client, the
unannounced shift the app must flag. Only these few clients are written one by one; a
10,000-client demo costs the same few seconds as a 40-client one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.urls import reverse

from retainer.accounts.models import Agency, User
from retainer.agreements.models import (
    Agreement,
    AgreementStatus,
    Channel,
    Deliverable,
    DeliverableStatus,
    DueDateChange,
)
from retainer.agreements.services import due_changes_record
from retainer.clients.models import Client, Contact, Stage
from retainer.conversations.models import Direction, Interaction
from retainer.conversations.services import interaction_create
from retainer.core.calendar import business_calendar
from retainer.core.services import model_update
from retainer.demo.scope_corpus import (
    OVERRIDE_REASONS,
    REQUESTS,
    SHIFT_NOTICE,
    TASK_DONE_NOTE,
)
from retainer.policy.services import policy_current
from retainer.rules import scope as rules
from retainer.rules.business_time import add_business_days, closing_time, is_working_day
from retainer.scope.models import Discrepancy
from retainer.scope.services import (
    decision_answer,
    decision_override,
    decision_reply_sent,
    request_create,
    request_decide,
)
from retainer.status.services import status_link_issue
from retainer.worklist.models import Task, TaskKind
from retainer.worklist.services import task_done

CANDIDATES = 200  # the clients a story may go to: the first ones, whatever the demo's size
OPEN = (DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS, DeliverableStatus.IN_REVIEW)
FRESH = -1  # a step's day for "a few hours ago"


@dataclass(frozen=True)
class Step:
    days_ago: int
    hour: int
    minute: int
    key: str  # in scope_corpus.REQUESTS
    message: bool = False  # the client wrote it (else recorded by hand, from a call)
    decide: bool = True
    override: str | None = None  # an outcome the manager sets instead of the rules'
    answer: tuple[str, int] | None = None  # the client's answer to a choice, days later
    target: str | None = None  # instead of the request's own ("A", "B", "P")
    rounds_at_least: int = 0  # only when the agreement includes this many revision rounds


@dataclass(frozen=True)
class Story:
    priority: int  # the order in which stories choose their clients
    languages: tuple[str, ...]  # the client's language it was written for, first choice
    open_needed: int  # open deliverables the story moves or asks about
    steps: tuple[Step, ...]
    past_needed: bool = False  # asks about a delivered deliverable
    task_done_days_ago: int | None = None  # the renegotiate call took place


S = Step
STORIES: tuple[Story, ...] = (
    # The BRIEF's worked example: the rounds used up, a new banner size and one more round
    # as bonuses, then a landing-page block as a choice — the third request beyond the
    # agreement in 30 days, which opens the renegotiate task, still open — and a copy fix
    # as a bonus.
    Story(0, ("ru",), 2, (
        S(27, 10, 30, "revision_1", message=True),
        S(25, 15, 0, "revision_2"),
        S(23, 11, 0, "revision_3", rounds_at_least=3),
        S(21, 11, 20, "banner_size", message=True),
        S(18, 12, 10, "one_more_revision", message=True),
        S(14, 11, 30, "landing_block", message=True, answer=(rules.SHIFT, 1)),
        S(9, 10, 15, "copy_fix", message=True),
    )),
    # A manager's overrides: a goodwill bonus instead of a choice, and a choice instead of
    # one more free change to the menu, which the client pays for.
    Story(6, ("ru",), 0, (
        S(52, 12, 0, "sale_banners", message=True, override=rules.BONUS),
        S(38, 16, 0, "menu_item", override=rules.CHOICE, answer=(rules.PAY, 2)),
        S(16, 10, 40, "form_field", message=True),
    )),
    # Pay for a language version, shift the deadlines for Stories; three requests beyond the
    # agreement within a month, and the renegotiate call that closed the task.
    Story(2, ("uk",), 2, (
        S(62, 11, 0, "button_color", message=True),
        S(55, 14, 30, "language_version", message=True, answer=(rules.PAY, 3)),
        S(47, 10, 0, "social_cover"),
        S(40, 15, 0, "stories", message=True, answer=(rules.SHIFT, 1)),
    ), task_done_days_ago=34),
    # A delivered piece: its rounds used, one more round offered as a choice and deferred.
    Story(7, ("en",), 0, (
        S(100, 11, 0, "pdf_export", target="P"),
        S(97, 12, 30, "revision_1", target="P"),
        S(95, 15, 0, "revision_2", target="P"),
        S(93, 11, 0, "revision_3", target="P", rounds_at_least=3),
        S(90, 10, 30, "big_revision", message=True, answer=(rules.DEFER, 2)),
        S(80, 16, 0, "typo_fix", message=True),
        S(45, 11, 30, "extra_page", answer=(rules.PAY, 1)),
    ), past_needed=True),
    Story(8, ("ru",), 0, (
        S(170, 11, 0, "retargeting", message=True, answer=(rules.PAY, 2)),
        S(140, 15, 30, "short_video", answer=(rules.DEFER, 3)),
        S(105, 12, 0, "typo_fix", message=True, target="P"),
    )),
    # Still open: a choice the client has not answered yet, and a request not decided yet.
    Story(5, ("uk", "en"), 0, (
        S(19, 16, 30, "button_color", message=True),
        S(12, 11, 0, "dark_version", message=True),
        S(6, 14, 0, "pdf_export", message=True),
        S(FRESH, 0, 0, "city_landing", message=True, decide=False),
    )),
    Story(3, ("en",), 1, (
        S(75, 10, 0, "banner_size", message=True),
        S(64, 12, 0, "city_landing", message=True, answer=(rules.SHIFT, 2)),
        S(40, 15, 30, "copy_fix"),
    )),
)
UNANNOUNCED_PRIORITY, ANNOUNCED_PRIORITY = 1, 4


@dataclass
class Cast:
    """A client chosen for a story, with what the story needs of its agreement."""

    client: Client
    agreement: Agreement
    contacts: list[Contact]
    open: list[Deliverable]
    past: list[Deliverable]
    deliverables: list[Deliverable]

    def deliverable(self, target: str | None, fits: tuple[str, ...] = ()) -> Deliverable | None:
        """The deliverable a request concerns: the first or second open one ("A", "B") or
        the last delivered ("P"), the first among them it plausibly fits if any does."""
        if target is None:
            return None
        pool = self.past if target == "P" else self.open
        fitting = [d for d in pool if any(word in d.title.lower() for word in fits)]
        if fitting:
            return fitting[min(len(fitting) - 1, 1 if target == "B" else 0)]
        if target in ("A", "B") and self.open:
            return self.open[min(len(self.open) - 1, 0 if target == "A" else 1)]
        if target == "P" and self.past:
            return self.past[0]
        return self.open[0] if self.open else self.deliverables[-1]


@dataclass
class ScopePlan:
    stories: list[tuple[Story, Cast]] = field(default_factory=list)
    unannounced: Cast | None = None
    announced: Cast | None = None
    messages: bool = True

    @property
    def interactions(self) -> int:
        """The messages the plan adds to the log (the demo's total includes them)."""
        if not self.messages:
            return 0
        count = 1 if self.announced is not None else 0
        for story, cast in self.stories:
            for step in self._steps(story, cast):
                count += step.message + step.decide
        return count

    @staticmethod
    def _steps(story: Story, cast: Cast):
        return [step for step in story.steps
                if cast.agreement.revision_rounds >= step.rounds_at_least]


def plan_scope(agency: Agency, client_rows, contacts: dict[int, list[Contact]],
               interactions: int) -> ScopePlan:
    """Choose the clients of each story among the first current clients; with no room in
    the log for their messages (a demo of very few interactions), requests are recorded by
    hand and replies not logged."""
    candidates = [client for client, _mood in client_rows[:CANDIDATES]
                  if client.stage != Stage.ENDED and contacts.get(client.pk)]
    agreements = {a.client_id: a for a in Agreement.objects.filter(
        client_id__in=[c.pk for c in candidates], status=AgreementStatus.ACTIVE
    ).order_by("starts_on", "id")}
    by_agreement: dict[int, list[Deliverable]] = {}
    for deliverable in Deliverable.objects.filter(
            agreement_id__in=[a.pk for a in agreements.values()]).order_by("planned_due", "id"):
        by_agreement.setdefault(deliverable.agreement_id, []).append(deliverable)
    casts = []
    for client in candidates:
        agreement = agreements.get(client.pk)
        items = by_agreement.get(agreement.pk, []) if agreement else []
        if not items:
            continue
        agreement.client = client
        past = sorted((d for d in items if d.status == DeliverableStatus.APPROVED),
                      key=lambda d: (d.actual_done or d.planned_due, d.pk), reverse=True)
        casts.append(Cast(client, agreement, contacts[client.pk],
                          [d for d in items if d.status in OPEN], past, items))

    plan = ScopePlan()
    used: set[int] = set()

    def pick(languages, open_needed, past_needed=False) -> Cast | None:
        """The best unused client: with the open deliverables the story needs, a delivered
        one if it asks about one, in its language; a story that moves nothing leaves the
        clients with open work (few in a demo built a year back) to the stories that do."""
        def fit(order: int, cast: Cast):
            return (len(cast.open) < open_needed, past_needed and not cast.past,
                    (languages + (cast.client.language,)).index(cast.client.language),
                    len(cast.open) if open_needed == 0 else 0, order)
        free = [(order, c) for order, c in enumerate(casts) if c.client.pk not in used]
        if not free:
            return None
        cast = min(free, key=lambda pair: fit(*pair))[1]
        used.add(cast.client.pk)
        return cast

    stories = {}
    wants = [(story.priority, story) for story in STORIES] + [
        (UNANNOUNCED_PRIORITY, "unannounced"), (ANNOUNCED_PRIORITY, "announced")]
    for _priority, want in sorted(wants, key=lambda pair: pair[0]):
        if isinstance(want, Story):
            stories[want] = pick(want.languages, want.open_needed, want.past_needed)
            continue
        cast = pick(("ru", "uk", "en"), 1)
        if cast is not None and not cast.open and want == "announced":
            used.discard(cast.client.pk)
            cast = None
        setattr(plan, want, cast)
    plan.stories = [(story, stories[story]) for story in STORIES if stories.get(story)]
    if plan.interactions > interactions:
        plan.messages = False
        plan.announced = None
    return plan


class Replay:
    """Runs the plan's events in time order, each through the app's services."""

    def __init__(self, agency: Agency, plan: ScopePlan, today: date, now: datetime,
                 seed: int):
        self.agency, self.plan, self.today, self.now = agency, plan, today, now
        self.zone = ZoneInfo(agency.timezone)
        self.calendar = business_calendar(agency)
        self.notice_days = policy_current(agency=agency).unannounced_shift_notice_days
        self.rng = random.Random(seed * 7919 + 2)
        self.events: list[tuple[datetime, int, Callable[[], None]]] = []
        self.interactions = 0
        self.requests = 0

    # ---- time ---------------------------------------------------------------------------
    def working_day(self, day: date, step: int) -> date:
        while not is_working_day(self.calendar, day):
            day += timedelta(days=step)
        return day

    def at(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        if days_ago == FRESH:
            return self.now - timedelta(hours=3)
        day = self.working_day(self.today - timedelta(days=days_ago), -1)
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone)

    def later(self, moment: datetime, days: int, hour: int) -> datetime:
        local = moment.astimezone(self.zone).date() + timedelta(days=days)
        return datetime.combine(self.working_day(local, 1), time(hour), tzinfo=self.zone)

    def notice_due(self, moment: datetime) -> datetime:
        """When the client must have heard of a due date moved at `moment` (as
        `due_changes_record` computes it)."""
        local_day = moment.astimezone(self.zone).date()
        notice_day = add_business_days(self.calendar, local_day, self.notice_days)
        return max(closing_time(self.calendar, notice_day) or moment, moment)

    def on(self, moment: datetime, action: Callable[[], None]) -> None:
        if moment < self.now:
            self.events.append((moment, len(self.events), action))

    # ---- the stories --------------------------------------------------------------------
    def run(self) -> None:
        for story, cast in self.plan.stories:
            for step in ScopePlan._steps(story, cast):
                self.schedule(step, cast)
            if story.task_done_days_ago is not None:
                done = self.at(story.task_done_days_ago, 17)
                self.on(done, lambda cast=cast, done=done: self.close_task(cast, done))
        if self.plan.announced is not None:
            self.announced_shift(self.plan.announced)
        for _moment, _order, action in sorted(self.events, key=lambda e: e[:2]):
            action()
        if self.plan.unannounced is not None:
            self.unannounced_shift(self.plan.unannounced)

    def schedule(self, step: Step, cast: Cast) -> None:
        spec = REQUESTS[step.key]
        language = cast.client.language
        deliverable = cast.deliverable(step.target or spec.target, spec.fits)
        title_of = deliverable.title if deliverable else ""
        text, title = (part.format(deliverable=title_of) for part in spec.texts[language])
        asked = self.at(step.days_ago, step.hour, step.minute)
        manager = cast.client.account_manager
        contact = self.rng.choice(cast.contacts)
        state: dict = {}
        messages = self.plan.messages

        def record():
            source = None
            if messages and step.message:
                source = self.message(cast.client, {
                    "channel": self.channel(cast, Channel.TELEGRAM), "direction": Direction.INBOUND,
                    "contact": contact, "occurred_at": asked, "text": text})
            data = {"deliverable": deliverable, "kind": spec.kind, "title": title[:200],
                    "details": "" if source else text, "estimate_min": spec.estimate_min}
            state["request"] = request_create(client=cast.client, agreement=cast.agreement,
                                              data=data, user=manager, source=source,
                                              now=asked + timedelta(minutes=10))
            self.requests += 1

        def decide():
            state["decision"] = request_decide(client_request=state["request"], user=manager,
                                               now=asked + timedelta(minutes=40))

        def override():
            decision = state["decision"]
            if decision.outcome != step.override:
                state["decision"] = decision_override(
                    decision=decision, outcome=step.override,
                    reason=OVERRIDE_REASONS[step.override], user=manager,
                    now=asked + timedelta(minutes=55))

        def send():
            decision_reply_sent(decision=state["decision"], user=manager,
                                channel=self.channel(cast, Channel.EMAIL),
                                contact=cast.contacts[0], now=asked + timedelta(minutes=90))
            self.interactions += 1

        self.on(asked, record)
        if not step.decide:
            return
        self.on(asked + timedelta(minutes=40), decide)
        if step.override:
            self.on(asked + timedelta(minutes=55), override)
        if messages:
            self.on(asked + timedelta(minutes=90), send)
        if step.answer:
            answer, days = step.answer
            agreed = self.later(asked, days, 12)
            self.on(agreed, lambda: self.answer(state["decision"], answer, cast, agreed))

    def channel(self, cast: Cast, preferred: str) -> str:
        channels = cast.agreement.channels or [Channel.EMAIL]
        written = [c for c in channels if c in (Channel.EMAIL, Channel.TELEGRAM, Channel.CHAT)]
        return preferred if preferred in channels else (written or [Channel.EMAIL])[0]

    def message(self, client: Client, data: dict) -> Interaction:
        self.interactions += 1
        return interaction_create(client=client, data=data)

    def answer(self, decision, answer: str, cast: Cast, agreed: datetime) -> None:
        """The client's answer, through the service. The service stamps the register entry
        and the moved due dates with the present moment; in a replayed past they get the
        moment of the answer."""
        if decision.outcome != rules.CHOICE:  # the budget made it a bonus after all
            return
        last = DueDateChange.objects.for_agency(self.agency).aggregate(last=Max("pk"))["last"]
        decision_answer(decision=decision, answer=answer, user=cast.client.account_manager,
                        agreed_by=cast.contacts[0], agreed_at=agreed)
        DueDateChange.objects.for_agency(self.agency).filter(pk__gt=last or 0).update(
            changed_at=agreed, notice_due_at=self.notice_due(agreed))
        Discrepancy.objects.filter(request_id=decision.request_id, is_bonus=False,
                                   agreed_at=agreed).update(recorded_at=agreed)

    def close_task(self, cast: Cast, done: datetime) -> None:
        """The renegotiate call took place and the agreement was extended."""
        task = Task.objects.filter(client=cast.client, kind=TaskKind.RENEGOTIATE,
                                   done_at__isnull=True).first()
        if task is not None:
            task_done(task=task, user=cast.client.account_manager, note=TASK_DONE_NOTE,
                      now=done)

    # ---- moved due dates ----------------------------------------------------------------
    def move_due(self, cast: Cast, moment: datetime) -> tuple[Deliverable, date, date]:
        deliverable = cast.open[0] if cast.open else cast.deliverables[-1]
        deliverable.refresh_from_db()
        before = deliverable.planned_due
        after = add_business_days(self.calendar, before, 3)
        with transaction.atomic():
            model_update(instance=deliverable, data={"planned_due": after})
            due_changes_record(changes=[(deliverable, before)],
                               user=cast.client.account_manager, now=moment)
        return deliverable, before, after

    def announced_shift(self, cast: Cast) -> None:
        """A due date moved, and the client told within two hours."""
        moment = self.at(20, 11)

        def shift():
            deliverable, before, after = self.move_due(cast, moment)
            language = cast.client.language
            written = "%d.%m.%Y" if language in ("ru", "uk") else "%B %-d"
            self.message(cast.client, {
                "channel": self.channel(cast, Channel.EMAIL), "direction": Direction.OUTBOUND,
                "author": cast.client.account_manager, "contact": cast.contacts[0],
                "occurred_at": moment + timedelta(hours=2),
                "text": SHIFT_NOTICE[language].format(deliverable=deliverable.title,
                                                      before=before.strftime(written),
                                                      after=after.strftime(written))})

        self.on(moment, shift)

    def unannounced_shift(self, cast: Cast) -> None:
        """A due date moved with no message to the client before the notice was due: the
        moment is chosen where the log has none of ours, however dense the conversation."""
        ours = list(Interaction.objects.filter(client=cast.client, direction=Direction.OUTBOUND)
                    .order_by("occurred_at").values_list("occurred_at", flat=True))
        for days_ago in range(12, 120):
            moment = self.at(days_ago, 11)
            start, end = moment - timedelta(hours=1), self.notice_due(moment) + timedelta(hours=1)
            if end < self.now and not any(start <= sent <= end for sent in ours):
                self.move_due(cast, moment)
                return


def scope_history(agency: Agency, plan: ScopePlan, today: date, now: datetime,
                  seed: int) -> tuple[int, int]:
    """Replay the plan; returns the interactions and the requests it wrote."""
    replay = Replay(agency, plan, today, now, seed)
    replay.run()
    return replay.interactions, replay.requests


# ---- the status link make demo prints ---------------------------------------------------

def status_agreement(agency: Agency) -> Agreement | None:
    """The demo agreement whose status page shows the most: the longest register."""
    agreements = (Agreement.objects.for_agency(agency).select_related("client")
                  .annotate(entries=Count("discrepancies")).order_by("-entries", "id"))
    return agreements.filter(status=AgreementStatus.ACTIVE).first() or agreements.first()


def demo_status_link(agency: Agency, user: User | None = None) -> tuple[Agreement, str] | None:
    """A fresh link to that agreement's status page (the previous one stops working), as a
    full URL: the token is not stored, so now is the only time it can be shown."""
    agreement = status_agreement(agency)
    if agreement is None:
        return None
    raw = status_link_issue(agreement=agreement, user=user)
    url = settings.RETAINER_BASE_URL.rstrip("/") + reverse("status_page",
                                                           kwargs={"token": raw})
    return agreement, url


def clients_without_requests(agency: Agency):
    """The current clients the requests' story left alone, in a fixed order: the claims,
    unhappy clients and conflicts stories each take their own slice of them."""
    # Current by their agreement, not their stage, which the lifecycle replays afterwards.
    current = Agreement.objects.filter(client=OuterRef("pk"), status=AgreementStatus.ACTIVE)
    return (Client.objects.filter(Exists(current), agency=agency, requests__isnull=True)
            .select_related("account_manager").order_by("id"))

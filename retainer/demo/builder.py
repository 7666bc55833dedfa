"""A realistic demo agency: team, clients in ru/uk/en, agreements, and a year of conversations.

Deterministic for a given seed and reference day. Rows are written with bulk inserts in
batches, streamed so memory stays flat at 10,000 clients and a million interactions; history
rows for agreements and deliverables are bulk-created too, so the audit trail starts with
their creation.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import reset_queries, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from retainer.accounts.models import Agency, Membership, User
from retainer.accounts.roles import Role
from retainer.accounts.services import agency_create
from retainer.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    CarryOver,
    Channel,
    Deliverable,
    DeliverableStatus,
    KpiMeasurement,
    PromisedKpi,
    RetainerPeriod,
)
from retainer.agreements.services import retainer_periods_sync
from retainer.clients.models import AcquisitionChannel, Client, Contact, Expertise, Stage
from retainer.conversations.clocks import ClockContext, reply_clocks_assign
from retainer.conversations.models import Direction, Interaction, Source
from retainer.conversations.triage import triage_fields
from retainer.core.calendar import business_calendar
from retainer.demo import corpus
from retainer.demo.claims import claims_history
from retainer.demo.conflicts import conflicts_history
from retainer.demo.health import health_history
from retainer.demo.lifecycle import lifecycle_history
from retainer.demo.prospects import prospects_history
from retainer.demo.recovery import recovery_history
from retainer.demo.scope import plan_scope, scope_history
from retainer.demo.touchpoints import touchpoints_history
from retainer.policy.services import policy_current

BATCH = 5000
LANGUAGE_WEIGHTS = {"ru": 70, "uk": 18, "en": 12}
CURRENCY_RATE = {"RUB": Decimal(1), "UAH": Decimal("0.45"), "USD": Decimal("0.011"),
                 "EUR": Decimal("0.01")}
MOODS = ("calm", "calm", "calm", "demanding", "unhappy", "angry")

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class DemoResult:
    agency: Agency
    owner_email: str
    password: str
    clients: int
    interactions: int
    requests: int = 0


class DemoError(Exception):
    pass


def demo_password(seed: int) -> str:
    return f"retainer-demo-{seed}"


def seed_demo(
    *,
    agency_name: str,
    owner_email: str,
    seed: int = 1,
    clients: int = 40,
    interactions: int = 6000,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoResult:
    if Agency.objects.filter(name=agency_name).exists():
        raise DemoError(
            f"An agency named {agency_name!r} already exists; pass --agency with another name."
        )
    if clients < 1 or interactions < 0:
        raise DemoError("Give at least one client and a non-negative number of interactions.")
    rng = random.Random(seed)
    # Built for today, the freshest messages arrive up to the present moment; built for a
    # given day, up to that day's 9:00, so the data depends only on the seed and the day.
    now = timezone.now() if today is None else None
    today = today or timezone.localdate()
    tick = progress or (lambda _stage, _n: None)
    password = demo_password(seed)

    with transaction.atomic():
        agency, team = _agency_and_team(agency_name, owner_email, password, seed)
    managers = [u for u, role in team if role in (Role.ACCOUNT_MANAGER, Role.SALES, Role.OWNER)]
    specialists = [u for u, role in team if role == Role.SPECIALIST]

    client_rows = _clients(agency, rng, clients, managers, today)
    tick("clients", len(client_rows))
    contacts = _contacts(agency, rng, client_rows)
    tick("contacts", sum(len(v) for v in contacts.values()))
    deliverables = _agreements(agency, rng, client_rows, today, tick, author=team[0][0])
    now = now or datetime.combine(today, time(9), tzinfo=ZoneInfo(agency.timezone))
    # The requests' story adds its own messages to the log; the conversation makes up the
    # rest, so the log holds the number of interactions asked for.
    plan = plan_scope(agency, client_rows, contacts, interactions)
    written = _interactions(
        agency, rng, client_rows, contacts, deliverables, managers + specialists,
        interactions - plan.interactions, today, tick, now,
    )
    added, requests = scope_history(agency, plan, today, now, seed)
    if interactions:
        # Claims, unhappy clients and conflicts each take their own few clients among those
        # with no requests; their few dozen messages come on top of the number asked for.
        added += claims_history(agency, today, now)
        added += recovery_history(agency, today, now)
        added += conflicts_history(agency, today, now)
        # The stages follow from the events above; statuses and the scorecard read them.
        added += lifecycle_history(agency, today, now)
        touchpoints_history(agency, today, now)
    prospects_history(agency, today, now)
    if interactions:
        health_history(agency, today, now)
    tick("interactions", added)
    return DemoResult(agency, owner_email, password, len(client_rows), written + added,
                      requests)


def _agency_and_team(name: str, owner_email: str, password: str, seed: int):
    owner_name, _local, _role = next(p for p in corpus.AGENCY_PEOPLE if p[2] == "owner")
    owner = User.objects.filter(email=owner_email.lower()).first()
    if owner is None:
        owner = User.objects.create_user(owner_email, password, full_name=owner_name)
    agency = agency_create(
        name=name,
        owner=owner,
        legal_name=f"ООО «{name}»",
        letterhead=f"{name}\nМосква, ул. Садовая, 12, офис 5\n+7 495 000-00-00",
        signatory_name=owner.full_name or owner_name,
        signatory_title="Генеральный директор",
        timezone="Europe/Moscow",
        holiday_country="RU",
        currency="RUB",
    )
    domain = owner_email.split("@", 1)[1]
    team = [(owner, Role.OWNER)]
    for full_name, local, role in corpus.AGENCY_PEOPLE:
        if role == "owner":
            continue
        email = f"{local}.{seed}@{domain}" if seed != 1 else f"{local}@{domain}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, full_name=full_name)
        Membership.objects.get_or_create(user=user, agency=agency, defaults={"role": role})
        team.append((user, role))
    return agency, team


def _pick_language(rng: random.Random) -> str:
    return rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]


def _clients(agency, rng, count, managers, today) -> list[tuple[Client, str]]:
    used: dict[str, int] = {}
    rows = []
    stages = [Stage.HONEYMOON, Stage.NORMALIZATION, Stage.NORMALIZATION, Stage.SUPPORT,
              Stage.STORM, Stage.SALE, Stage.COURTSHIP, Stage.ENDED]
    for index in range(count):
        language = _pick_language(rng)
        names = corpus.COMPANY_NAMES[language]
        base = names[used.get(language, 0) % len(names)]
        round_no = used.get(language, 0) // len(names)
        used[language] = used.get(language, 0) + 1
        name = base if round_no == 0 else f"{base} ({round_no + 1})"
        channel = rng.choice(list(AcquisitionChannel.values))
        value = Decimal(rng.randrange(300, 6000) * 1000)
        client = Client(
            agency=agency,
            name=name,
            name_folded=name.casefold(),
            language=language,
            expertise=Expertise.NOVICE if rng.random() < 0.3 else Expertise.KNOWLEDGEABLE,
            segment=rng.choice(corpus.SEGMENTS),
            acquisition_channel=channel,
            acquisition_cost=Decimal(350000 * 3 if channel == "tender" else rng.randrange(0, 90000)),
            expected_annual_value=value,
            stage=stages[index % len(stages)],
            account_manager=managers[index % len(managers)],
        )
        mood = MOODS[rng.randrange(len(MOODS))]
        rows.append((client, mood))
    for start in range(0, len(rows), BATCH):
        Client.objects.bulk_create([c for c, _m in rows[start:start + BATCH]])
    return rows


def _contacts(agency, rng, client_rows) -> dict[int, list[Contact]]:
    result: dict[int, list[Contact]] = {}
    batch: list[Contact] = []
    for client, _mood in client_rows:
        people = corpus.PEOPLE[client.language]
        for position in range(rng.randint(1, 3)):
            person_name, title = people[rng.randrange(len(people))]
            contact = Contact(
                agency=agency,
                client=client,
                name=person_name,
                position=title,
                motivation=rng.choice(corpus.MOTIVATIONS[client.language]),
                email=f"contact{client.pk}.{position}@example.com",
                is_decision_maker=position == 0,
            )
            batch.append(contact)
            result.setdefault(client.pk, []).append(contact)
        if len(batch) >= BATCH:
            Contact.objects.bulk_create(batch)
            batch = []
    Contact.objects.bulk_create(batch)
    return result


def _agreements(agency, rng, client_rows, today, tick, author) -> dict[int, list[str]]:
    """One current agreement per client (some with an ended one before it); returns each
    client's deliverable titles for the conversation texts."""
    titles_by_client: dict[int, list[str]] = {}
    # In the agency's currency (roubles): foreign clients pay a higher rate.
    rate = {"ru": Decimal(3000), "uk": Decimal(2500), "en": Decimal(4500)}
    for start in range(0, len(client_rows), BATCH // 10):
        chunk = client_rows[start:start + BATCH // 10]
        agreements: list[Agreement] = []
        plans: list[tuple[Agreement, Client]] = []
        for client, _mood in chunk:
            started = today - timedelta(days=rng.randrange(60, 365))
            retainer = rng.random() < 0.35
            language = client.language
            agreement = Agreement(
                agency=agency,
                client=client,
                title=_agreement_title(language, retainer, rng),
                kind=AgreementKind.RETAINER if retainer else AgreementKind.PROJECT,
                status=AgreementStatus.ENDED if client.stage == Stage.ENDED
                else AgreementStatus.ACTIVE,
                starts_on=started,
                ends_on=None if retainer else started + timedelta(days=rng.randrange(120, 400)),
                not_promised=rng.sample(corpus.NOT_PROMISED[language], 3),
                channels=rng.sample(list(Channel.values), rng.randint(2, 4)),
                call_hours_from=time(10, 0),
                call_hours_to=time(rng.choice([17, 18, 19]), 0),
                response_target_hours=Decimal(rng.choice([2, 4, 4, 4, 8])),
                revision_rounds=rng.choice([2, 2, 2, 3]),
                free_change_threshold_min=60,
                monthly_free_budget_min=rng.choice([120, 180, 180, 240]),
                hourly_rate=rate[language] * rng.choice([1, 1, Decimal("1.5")]),
                daily_capacity_hours=Decimal(6),
                kickoff_checklist=corpus.KICKOFF_CHECKLIST[language][: rng.randint(4, 8)],
                included_hours=Decimal(rng.choice([20, 30, 40, 60])) if retainer else None,
                period_months=1,
                carry_over=rng.choice(list(CarryOver.values)) if retainer else CarryOver.NONE,
            )
            agreements.append(agreement)
            plans.append((agreement, client))
        bulk_create_with_history(agreements, Agreement, batch_size=BATCH, default_user=author)
        deliverables: list[Deliverable] = []
        kpis: list[PromisedKpi] = []
        for agreement, client in plans:
            titles = rng.sample(corpus.DELIVERABLES[client.language], rng.randint(3, 7))
            titles_by_client[client.pk] = titles
            deliverables.extend(_deliverables(agreement, titles, rng, today))
            for name, unit, target, direction in rng.sample(
                corpus.KPIS[client.language], rng.randint(1, 3)
            ):
                kpis.append(PromisedKpi(
                    agency=agency, agreement=agreement, name=name, unit=unit,
                    target=Decimal(str(target)), tolerance_pct=Decimal(rng.choice([5, 10, 15])),
                    direction=direction,
                ))
        bulk_create_with_history(deliverables, Deliverable, batch_size=BATCH,
                                 default_user=author)
        bulk_create_with_history(kpis, PromisedKpi, batch_size=BATCH, default_user=author)
        KpiMeasurement.objects.bulk_create(_measurements(kpis, rng, today), batch_size=BATCH)
        if len(client_rows) <= 500:  # per-agreement writes; a scale run skips the periods
            for agreement, _client in plans:
                if agreement.kind == AgreementKind.RETAINER:
                    _retainer_usage(agreement, rng, today)
        tick("agreements", len(plans))
        reset_queries()
    return titles_by_client


def _retainer_usage(agreement, rng, today) -> None:
    """Periods with believable hours used: most near the included hours, some over."""
    retainer_periods_sync(agreement=agreement, today=today)
    periods = list(RetainerPeriod.objects.filter(agreement=agreement).order_by("starts_on"))
    for period in periods:
        share = Decimal(str(rng.uniform(0.55, 1.2)))
        if period.ends_on >= today:  # the current period is still running
            share *= Decimal((today - period.starts_on).days + 1) / Decimal(
                (period.ends_on - period.starts_on).days + 1)
        period.used_hours = (period.included_hours * share).quantize(Decimal("0.5"))
    RetainerPeriod.objects.bulk_update(periods, ["used_hours"])
    retainer_periods_sync(agreement=agreement, today=today)


def _agreement_title(language: str, retainer: bool, rng: random.Random) -> str:
    year = rng.choice([2025, 2026])
    titles = {
        "ru": ("Ежемесячное сопровождение", "Договор на проект"),
        "uk": ("Щомісячний супровід", "Договір на проєкт"),
        "en": ("Monthly retainer", "Project agreement"),
    }[language]
    return f"{titles[0] if retainer else titles[1]} {year}"


def _deliverables(agreement, titles, rng, today) -> Iterator[Deliverable]:
    cursor = agreement.starts_on + timedelta(days=rng.randrange(3, 15))
    for title in titles:
        length = rng.randrange(5, 30)
        due = cursor + timedelta(days=length)
        estimate = Decimal(rng.choice([4, 6, 8, 12, 16, 24, 40]))
        if due < today - timedelta(days=7):
            slip = rng.choice([-2, 0, 0, 0, 1, 3, 8])
            done = due + timedelta(days=slip)
            status = DeliverableStatus.REJECTED if rng.random() < 0.05 else DeliverableStatus.APPROVED
            actual = (estimate * Decimal(str(rng.uniform(0.8, 1.5)))).quantize(Decimal("0.5"))
        else:
            done, actual = None, None
            status = rng.choice([DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS,
                                 DeliverableStatus.IN_REVIEW])
        yield Deliverable(
            agency_id=agreement.agency_id, agreement=agreement, title=title,
            estimate_hours=estimate, actual_hours=actual, planned_start=cursor, planned_due=due,
            actual_done=done, status=status, approval_iterations=rng.choice([1, 1, 2, 2, 3, 4]),
            clarifications=rng.randrange(0, 5),
        )
        cursor = due + timedelta(days=rng.randrange(0, 10))


def _measurements(kpis, rng, today) -> Iterator[KpiMeasurement]:
    for kpi in kpis:
        months = (today - kpi.agreement.starts_on).days // 30
        for month in range(1, max(months, 0) + 1):
            drift = Decimal(str(rng.uniform(0.75, 1.2)))
            precision = Decimal(1) if kpi.target == kpi.target.to_integral() else Decimal("0.01")
            yield KpiMeasurement(
                agency_id=kpi.agency_id, kpi=kpi,
                measured_on=kpi.agreement.starts_on + timedelta(days=30 * month),
                actual=(kpi.target * drift).quantize(precision),
            )


def _message_category(rng: random.Random, mood: str) -> str:
    weights = {
        "calm": {"request": 20, "status_check": 15, "praise": 15, "info": 40, "complaint": 5,
                 "peace": 2, "angry": 1},
        "demanding": {"request": 40, "status_check": 20, "praise": 5, "info": 25, "complaint": 10,
                      "peace": 2, "angry": 2},
        "unhappy": {"request": 15, "status_check": 20, "praise": 3, "info": 20, "complaint": 30,
                    "peace": 8, "angry": 6},
        "angry": {"request": 10, "status_check": 15, "praise": 1, "info": 15, "complaint": 30,
                  "peace": 5, "angry": 25},
    }[mood]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _reply_category(inbound: str) -> str:
    return {"complaint": "agency_apology", "angry": "agency_apology",
            "request": "agency_reply"}.get(inbound, "agency_reply")


def _interactions(agency, rng, client_rows, contacts, deliverables, authors, total, today,
                  tick, now) -> int:
    """Conversations as exchanges: a client message and usually our reply a few working hours
    later, spread over the past year in the agency's time zone."""
    if total == 0 or not client_rows:
        return 0
    zone = ZoneInfo(agency.timezone)
    now = now or datetime.combine(today, time(9), tzinfo=zone)
    calendar, policy = business_calendar(agency), policy_current(agency=agency)
    targets = dict(Agreement.objects.for_agency(agency).filter(status=AgreementStatus.ACTIVE)
                   .values_list("client_id", "response_target_hours"))
    triaged: dict[tuple, dict] = {}
    per_client = max(total // len(client_rows), 1)
    written = 0
    batch: list[Interaction] = []
    for index, (client, mood) in enumerate(client_rows):
        quota = per_client + (1 if index < total - per_client * len(client_rows) else 0)
        quota = min(quota, total - written - len(batch))
        if quota <= 0:
            break
        log = _conversation(agency, rng, client, mood, contacts.get(client.pk, []),
                            deliverables.get(client.pk, ["—"]), authors, quota, today, zone, now)
        for row in log:
            _triage(row, client, triaged)
        reply_clocks_assign(log, ClockContext(calendar, policy, targets.get(client.pk)))
        batch.extend(log)
        if len(batch) >= BATCH:
            Interaction.objects.bulk_create(batch, batch_size=BATCH)
            written += len(batch)
            tick("interactions", len(batch))
            batch = []
            # With DEBUG on, Django keeps the text of every query; a million rows' worth of
            # INSERTs would otherwise stay in memory until the end.
            reset_queries()
    Interaction.objects.bulk_create(batch, batch_size=BATCH)
    written += len(batch)
    tick("interactions", len(batch))
    return written


def _triage(row: Interaction, client: Client, cache: dict) -> None:
    """Triage as the app does it, once per distinct text: the corpus repeats its phrases."""
    key = (row.text, row.direction, client.language, client.expertise)
    if key not in cache:
        cache[key] = triage_fields(text=row.text, direction=row.direction, kind=row.kind,
                                   client_language=client.language,
                                   client_expertise=client.expertise)
    for name, value in cache[key].items():
        setattr(row, name, value)


def _conversation(agency, rng, client, mood, contacts, titles, authors, quota, today, zone,
                  now) -> list[Interaction]:
    """A year of exchanges ending two days before `today`; then, for about a third of the
    current clients, one or two fresh messages we have not answered yet (the Waiting-for-us
    queue), and for everyone else our reply as the last word."""
    language = client.language
    messages = corpus.MESSAGES[language]
    start = datetime.combine(today - timedelta(days=365), time(9), tzinfo=zone)
    span_minutes = 363 * 24 * 60
    log: list[Interaction] = []
    stamps = sorted(rng.randrange(span_minutes) for _ in range(quota))
    author = authors[client.pk % len(authors)] if authors else None
    pending_reply: str | None = None
    thread = rng.choice(corpus.SUBJECTS[language])
    for minute in stamps:
        moment = start + timedelta(minutes=minute)
        moment = moment.replace(hour=max(9, min(moment.hour, 19)))
        channel = rng.choice(["email", "telegram", "telegram", "chat", "email"])
        if pending_reply is not None:
            text = rng.choice(messages[pending_reply])
            direction, person, contact = Direction.OUTBOUND, author, None
            pending_reply = None
        elif rng.random() < 0.06:
            text = rng.choice(corpus.CALL_NOTES[language])
            channel = rng.choice(["call", "meeting"])
            direction, person, contact = Direction.OUTBOUND, author, None
        else:
            category = _message_category(rng, mood)
            text = rng.choice(messages[category])
            direction, person = Direction.INBOUND, None
            contact = contacts[rng.randrange(len(contacts))] if contacts else None
            pending_reply = _reply_category(category) if rng.random() < 0.85 else None
            if rng.random() < 0.2:
                thread = rng.choice(corpus.SUBJECTS[language])
        log.append(Interaction(
            agency=agency, client=client, channel=channel, direction=direction, author=person,
            contact=contact, occurred_at=moment, text=text.format(deliverable=rng.choice(titles)),
            thread=thread, source=Source.MANUAL,
        ))
    if not log:
        return log
    fresh = rng.randint(1, 2) if client.stage != Stage.ENDED and rng.random() < 0.35 else 0
    fresh = min(fresh, len(log) - 1)
    history = log[:len(log) - fresh]
    if history[-1].direction == Direction.INBOUND:  # the past is answered: we had the last word
        last = history[-1]
        last.direction, last.author, last.contact = Direction.OUTBOUND, author, None
        last.text = rng.choice(messages["agency_reply"]).format(deliverable=rng.choice(titles))
    for row in log[len(history):]:
        category = _message_category(rng, mood)
        row.direction, row.author = Direction.INBOUND, None
        row.contact = contacts[rng.randrange(len(contacts))] if contacts else None
        row.text = rng.choice(messages[category]).format(deliverable=rng.choice(titles))
        row.occurred_at = now - timedelta(minutes=rng.randrange(10, 30 * 60))
    log.sort(key=lambda row: row.occurred_at)
    return log

"""A small portfolio whose figures are counted by hand: Masha manages six clients (two red,
one amber, one healthy, one not scored, one ended), Ivan one (healthy); three replies past
their target this month (two Masha's, one Ivan's) and one two months ago; one concession
of 12,000 granted this month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from retainer.agreements.models import AgreementStatus, RetainerPeriod
from retainer.claims.models import Concession
from retainer.health.models import HealthScore
from retainer.rules.retainer import add_months
from tests.browser.conftest import browser_page  # noqa: F401  (the dashboard's browser test)
from tests.factories import AgreementFactory, ClaimFactory, ClientFactory, InteractionFactory

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=MOSCOW)


@dataclass
class Portfolio:
    now: datetime
    clients: dict


def month_start(now: datetime, months: int = 0) -> datetime:
    first = add_months(now.astimezone(MOSCOW).date().replace(day=1), months)
    return datetime.combine(first, time(), tzinfo=MOSCOW)


def score(client, month: date, value: int, band: str) -> HealthScore:
    return HealthScore.objects.create(agency=client.agency, client=client, month=month,
                                      score=value, band=band, stage=client.stage,
                                      computed_at=timezone.now())


def message(client, *, due: datetime, replied: datetime | None, direction: str = "in"):
    return InteractionFactory(client=client, direction=direction,
                              occurred_at=due - timedelta(hours=4), reply_due_at=due,
                              replied_at=replied, reply_target_seconds=4 * 3600)


def concession(client, *, at: datetime, cost: int, granted: bool = True) -> Concession:
    claim = ClaimFactory(agreement=AgreementFactory(client=client), made_at=at)
    return Concession.objects.create(
        agency=client.agency, claim=claim, client=client, founded=False, outcome="concede",
        computed_outcome="concede", granted=granted, computed_granted=granted,
        cost=Decimal(cost), trivial_cost=Decimal(1500), retention_value=Decimal(0),
        acquisition_cost=Decimal(1050000), currency="RUB", policy_version=1,
        reply="Сделаем.", decided_at=at)


def period(client, *, today: date, included: int, used: int, carried: int = 0,
           current: bool = True, status: str = AgreementStatus.ACTIVE) -> RetainerPeriod:
    agreement = AgreementFactory(client=client, kind="retainer", status=status,
                                 title=f"Ретейнер {client.name}")
    start = today.replace(day=1) if current else add_months(today.replace(day=1), -1)
    return RetainerPeriod.objects.create(
        agency=client.agency, agreement=agreement, starts_on=start,
        ends_on=add_months(start, 1) - timedelta(days=1), included_hours=included,
        carried_over_hours=carried, used_hours=used)


def build(team, now: datetime) -> Portfolio:
    masha, ivan = team.masha.user, team.ivan.user
    agency = team.agency

    def client(name, stage, manager=masha):
        return ClientFactory(agency=agency, name=name, stage=stage, account_manager=manager)

    clients = {
        "alfa": client("Альфа", "storm"),
        "beta": client("Бета", "storm"),
        "gamma": client("Гамма", "honeymoon"),
        "delta": client("Дельта", "normalization"),
        "epsilon": client("Эпсилон", "courtship"),
        "zeta": client("Зета", "ended"),
        "omega": client("Омега", "support", manager=ivan),
    }
    this_month, last_month = month_start(now).date(), month_start(now, -1).date()
    score(clients["alfa"], this_month, 30, "red")
    score(clients["beta"], this_month, 35, "red")
    score(clients["gamma"], this_month, 55, "amber")
    score(clients["delta"], this_month, 80, "green")
    score(clients["omega"], this_month, 90, "green")
    score(clients["alfa"], last_month, 70, "green")
    score(clients["omega"], last_month, 60, "amber")

    start = month_start(now)
    middle = start + (now - start) / 2
    alfa, omega = clients["alfa"], clients["omega"]
    message(alfa, due=middle, replied=middle + timedelta(hours=1))  # late
    message(alfa, due=middle, replied=None)  # still waiting past its target
    message(alfa, due=middle, replied=middle - timedelta(minutes=5))  # on time
    message(alfa, due=now + timedelta(days=1), replied=None)  # not due yet
    message(alfa, due=middle, replied=None, direction="out")  # ours: no clock
    message(alfa, due=month_start(now, -2) + timedelta(days=3),
            replied=month_start(now, -2) + timedelta(days=4))  # late, two months ago
    message(alfa, due=month_start(now, -13) + timedelta(days=3), replied=None)  # over a year
    message(omega, due=middle, replied=middle + timedelta(days=1))  # Ivan's, late

    concession(clients["beta"], at=middle, cost=12000)
    concession(clients["beta"], at=middle, cost=40000, granted=False)
    concession(clients["gamma"], at=month_start(now, -3) + timedelta(days=2), cost=5000)

    today = now.astimezone(MOSCOW).date()
    period(alfa, today=today, included=20, used=18)  # 90 %: past the first alert
    period(clients["beta"], today=today, included=10, carried=2, used=13)  # 108 %: both
    period(clients["gamma"], today=today, included=10, used=30, current=False)  # ended
    period(clients["delta"], today=today, included=10, used=9,
           status=AgreementStatus.ENDED)  # not an active agreement
    period(omega, today=today, included=20, used=5)  # 25 %
    return Portfolio(now=now, clients=clients)


@pytest.fixture
def portfolio(team) -> Portfolio:
    return build(team, NOW)


@pytest.fixture
def live_portfolio(team) -> Portfolio:
    """The same portfolio around the present moment, for pages that read the clock."""
    return build(team, timezone.now())


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield

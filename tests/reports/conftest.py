"""March 2026 of «Ромашка», a project client of Masha's, recorded through the services: what
its monthly report must say.

Deliverables: the home-page mock-up due 10.03 came 13.03 (3 days late), the banners due 20.03
came 18.03, the landing page due 25.03 never came (7 days late on 1 April), an audit due 20.02
came 02.03 (10 days late), and April's report is not March's business. Messages: one answered
in 2 business hours, one in 9 (over the 4-hour target), one on Friday 27.03 at 17:00 never
answered (17 business hours by the month's end). The CTR was 2.0 early in the month and 1.2 at
its end (promised 1.5 ± 10 %); leads 45 against 40; the CPA was not measured. The client paid
12 000 ₽ for a 4-hour banner size, rated the banners 2 of 5, and the claim about the late
mock-up was founded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from retainer.claims.services import claim_assess, claim_create
from retainer.conversations.services import interaction_create
from retainer.scope.services import decision_answer, request_create, request_decide
from retainer.status.services import rating_record
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    DeliverableFactory,
    KpiFactory,
    MeasurementFactory,
)

MSK = ZoneInfo("Europe/Moscow")
MARCH = date(2026, 3, 1)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=MSK)


@dataclass
class March:
    client: object
    agreement: object
    mockup: object
    banners: object
    landing: object


def message(client, when: datetime, inbound: bool, text: str = "Как дела с макетом?"):
    return interaction_create(client=client, data={
        "channel": "email", "direction": "in" if inbound else "out", "occurred_at": when,
        "text": text})


def make_march(team, name: str = "ООО «Ромашка»", language: str = "ru") -> March:
    client = ClientFactory(agency=team.agency, name=name, language=language,
                           account_manager=team.masha.user)
    agreement = AgreementFactory(client=client, title="Сайт и реклама", kind="project",
                                 starts_on=date(2026, 1, 12), budget=Decimal(100000))
    mockup = DeliverableFactory(agreement=agreement, title="Макет главной",
                                planned_due=date(2026, 3, 10), actual_done=date(2026, 3, 13),
                                status="approved", estimate_hours=10, actual_hours=14)
    banners = DeliverableFactory(agreement=agreement, title="Баннеры",
                                 planned_due=date(2026, 3, 20), actual_done=date(2026, 3, 18),
                                 status="approved", estimate_hours=4, actual_hours=4)
    landing = DeliverableFactory(agreement=agreement, title="Лендинг",
                                 planned_due=date(2026, 3, 25), status="in_progress")
    DeliverableFactory(agreement=agreement, title="Отчёт за апрель",
                       planned_due=date(2026, 4, 30))
    DeliverableFactory(agreement=agreement, title="Старый аудит", planned_due=date(2026, 2, 20),
                       actual_done=date(2026, 3, 2), status="approved", estimate_hours=8,
                       actual_hours=8)

    ctr = KpiFactory(agreement=agreement, name="CTR", unit="%", target=Decimal("1.5"),
                     tolerance_pct=Decimal(10))
    MeasurementFactory(kpi=ctr, measured_on=date(2026, 3, 5), actual=Decimal("2.0"))
    MeasurementFactory(kpi=ctr, measured_on=date(2026, 3, 28), actual=Decimal("1.2"))
    MeasurementFactory(kpi=ctr, measured_on=date(2026, 4, 10), actual=Decimal("3.0"))
    leads = KpiFactory(agreement=agreement, name="Заявки", unit="", target=Decimal(40))
    MeasurementFactory(kpi=leads, measured_on=date(2026, 3, 28), actual=Decimal(45))
    KpiFactory(agreement=agreement, name="CPA", unit="₽", target=Decimal(800),
               direction="lower")

    message(client, at(3, 10, 10), inbound=True)
    message(client, at(3, 10, 12), inbound=False)
    message(client, at(3, 11, 10), inbound=True)
    message(client, at(3, 12, 11), inbound=False)
    message(client, at(3, 27, 17), inbound=True)

    extra = request_create(client=client, agreement=agreement, user=team.masha.user,
                           data={"kind": "new_work", "title": "Новый размер баннера",
                                 "estimate_min": 240}, now=at(3, 16, 10))
    decision = request_decide(client_request=extra, user=team.masha.user, now=at(3, 16, 10))
    decision_answer(decision=decision, answer="pay", user=team.masha.user,
                    agreed_by_name="Ирина", agreed_at=at(3, 16, 12))

    rating_record(deliverable=banners, score=2, comment="Не тот цвет", now=at(3, 19, 12))
    claim = claim_create(client=client, agreement=agreement, user=team.masha.user, data={
        "target": "deliverable", "deliverable": mockup, "words": "Где макет? Обещали 10-го.",
        "made_at": at(3, 12, 15)}, now=at(3, 12, 15))
    claim_assess(claim=claim, user=team.masha.user, now=at(3, 12, 16))
    return March(client, agreement, mockup, banners, landing)


@pytest.fixture
def march(team) -> March:
    return make_march(team)

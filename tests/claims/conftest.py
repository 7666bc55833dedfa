"""A client of «Северный ветер» worth 1,000,000 a year, in the normalization stage, with an
agreement at 3,000 an hour: the figures every claim test works out by hand.

By the assumptions of `retainer.claims.inputs`: a 12-month margin of 30 % × 1,000,000 =
300,000, a churn risk of 15 % for the stage (the client has written nothing negative), so a
retention value of 45,000; the policy's trivial 30 minutes cost 1,500."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from retainer.claims.services import claim_create
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ContactFactory,
    DeliverableFactory,
    KpiFactory,
)

MOSCOW = ZoneInfo("Europe/Moscow")
NOT_PROMISED = "Рост продаж в офлайн-магазинах"


def at(day: int, hour: int = 11, minute: int = 0, month: int = 11) -> datetime:
    """A moment in Moscow, November 2026: Friday the 20th, Monday the 23rd."""
    return datetime(2026, month, day, hour, minute, tzinfo=MOSCOW)


class Deal:
    def __init__(self, team):
        self.team = team
        self.client = ClientFactory(
            agency=team.agency, language="ru", stage="normalization",
            expected_annual_value=Decimal(1_000_000), acquisition_cost=Decimal(120_000),
            account_manager=team.masha.user)
        self.agreement = AgreementFactory(client=self.client, title="Договор на проект 2026",
                                          not_promised=[NOT_PROMISED])
        self.logo = DeliverableFactory(agreement=self.agreement, title="Логотип",
                                       planned_due=date(2026, 11, 20))
        self.landing = DeliverableFactory(agreement=self.agreement, title="Лендинг",
                                          planned_due=date(2026, 12, 4))
        self.ctr = KpiFactory(agreement=self.agreement, name="CTR объявлений", unit="%",
                              target=Decimal("1.5"), tolerance_pct=Decimal(10))
        self.anna = ContactFactory(client=self.client, name="Анна", email="anna@client.example",
                                   is_decision_maker=True)

    def claim(self, target="nothing", made_at=None, user=None, source=None, **data):
        data.setdefault("words", "Нам не нравится результат.")
        return claim_create(client=self.client, agreement=self.agreement, user=user,
                            source=source, data={"target": target, "made_at": made_at or at(25),
                                                 **data})


@pytest.fixture
def deal(team) -> Deal:
    return Deal(team)


@pytest.fixture(autouse=True)
def _english():
    """Services speak the language of whoever is active: the tests read their English."""
    with translation.override("en"):
        yield

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from retainer.agreements.models import DeliverableStatus
from retainer.scope.models import Discrepancy, DiscrepancyKind
from retainer.status.services import status_link_issue
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    ContactFactory,
    DeliverableFactory,
    InteractionFactory,
)

NOTES = "Внутренняя заметка: клиент тянет с оплатой"
MOTIVATION = "Хочет повышения к весне"
MESSAGE = "Секретная переписка про скидку"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The rate limit counts in the cache, which outlives a test; each test starts at zero."""
    cache.clear()
    yield
    cache.clear()


def entry(agreement, contact=None, *, subject, days_ago=0, **fields) -> Discrepancy:
    now = timezone.now() - timedelta(days=days_ago)
    defaults = {"kind": DiscrepancyKind.SCOPE, "before": "", "after": "сделано",
                "agreed_at": now, "recorded_at": now}
    return Discrepancy(agency_id=agreement.agency_id, agreement=agreement,
                       client_id=agreement.client_id, agreed_by=contact, subject=subject,
                       **(defaults | fields))


@dataclass
class Chain:
    client: object
    agreement: object
    contact: object
    approved: object
    overdue: object
    planned: object
    in_review: object
    token: str


def make_chain(team, *, language="ru") -> Chain:
    today = timezone.localdate()
    client = ClientFactory(agency=team.agency, name="ООО Ромашка", language=language,
                           notes=NOTES, account_manager=team.masha.user)
    contact = ContactFactory(client=client, name="Анна Петрова", motivation=MOTIVATION)
    agreement = AgreementFactory(client=client, title="Запуск рекламы весна")
    # created out of due-date order on purpose
    planned = DeliverableFactory(agreement=agreement, title="Отчёт по охвату",
                                 planned_due=today + timedelta(days=5))
    approved = DeliverableFactory(agreement=agreement, title="Макет лендинга",
                                  planned_due=today - timedelta(days=10),
                                  actual_done=today - timedelta(days=8),
                                  status=DeliverableStatus.APPROVED)
    overdue = DeliverableFactory(agreement=agreement, title="Рекламные объявления",
                                 planned_due=today - timedelta(days=2),
                                 status=DeliverableStatus.IN_PROGRESS)
    in_review = DeliverableFactory(agreement=agreement, title="Баннеры",
                                   planned_due=today + timedelta(days=1),
                                   status=DeliverableStatus.IN_REVIEW)
    Discrepancy.objects.bulk_create([
        entry(agreement, contact, subject="Новый размер баннера", is_bonus=True, days_ago=3),
        entry(agreement, contact, kind=DiscrepancyKind.DEADLINE, subject="Блок на лендинге",
              before="13.03.2026", after="16.03.2026", days_ago=1),
    ])
    InteractionFactory(client=client, text=MESSAGE)
    token = status_link_issue(agreement=agreement, user=team.masha.user)
    return Chain(client, agreement, contact, approved, overdue, planned, in_review, token)


@pytest.fixture
def chain(team) -> Chain:
    return make_chain(team)

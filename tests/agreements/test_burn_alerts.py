"""Retainer burn alerts at the policy's thresholds, once each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from retainer.agreements.models import AgreementKind, RetainerPeriod
from retainer.agreements.services import retainer_period_record_usage
from retainer.notifications.models import Notification
from tests.factories import AgreementFactory, ClientFactory

pytestmark = pytest.mark.django_db


def test_alerts_at_eighty_and_a_hundred_percent_once(team):
    client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
    agreement = AgreementFactory(client=client, kind=AgreementKind.RETAINER,
                                 included_hours=Decimal(20))
    period = RetainerPeriod.objects.create(agency=team.agency, agreement=agreement,
                                           starts_on=agreement.starts_on,
                                           ends_on=agreement.starts_on, included_hours=20)
    alerts = Notification.objects.filter(user=team.masha.user, kind="burn_alert")
    retainer_period_record_usage(period=period, used_hours=Decimal(15))  # 75 %
    assert not alerts.exists()
    retainer_period_record_usage(period=period, used_hours=Decimal(16))  # 80 %
    assert alerts.count() == 1
    retainer_period_record_usage(period=period, used_hours=Decimal(17))
    assert alerts.count() == 1  # 80 % is said once
    retainer_period_record_usage(period=period, used_hours=Decimal(21))
    assert sorted(a.subject_key.rsplit(":", 1)[1] for a in alerts) == ["100", "80"]

"""The audit trail's manager is built once per model and still records every save."""

from __future__ import annotations

import pytest

from retainer.agreements.models import Agreement
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def test_one_manager_class_per_model_and_every_save_recorded(team):
    first, second = AgreementFactory(), AgreementFactory()
    assert type(first.history) is type(second.history) is type(Agreement.history)
    first.title = "Renamed"
    first.save()
    assert [row.history_type for row in first.history.order_by("history_id")] == ["+", "~"]
    assert list(second.history.values_list("title", flat=True)) == [second.title]
    assert Agreement.history.filter(id=first.pk).latest("history_id").title == "Renamed"

"""The audit trail's manager is built once per model and still records every save; the
history rows the database copies are the rows simple-history writes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from retainer.agreements.models import Agreement, Deliverable
from retainer.clients.models import Client
from retainer.core.history import (
    bulk_created,
    bulk_updated,
    by,
    created,
    history_record,
    saved,
)
from tests.factories import AgreementFactory, ClientFactory, DeliverableFactory

pytestmark = pytest.mark.django_db

_OWN = {"id", "history_id", "history_date", "created_at"}  # one per row by nature


def test_one_manager_class_per_model_and_every_save_recorded(team):
    first, second = AgreementFactory(), AgreementFactory()
    assert type(first.history) is type(second.history) is type(Agreement.history)
    first.title = "Renamed"
    first.save()
    assert [row.history_type for row in first.history.order_by("history_id")] == ["+", "~"]
    assert list(second.history.values_list("title", flat=True)) == [second.title]
    assert Agreement.history.filter(id=first.pk).latest("history_id").title == "Renamed"


def rows(model, instance) -> list[dict]:
    """The instance's history rows, without what differs between two rows by nature."""
    found = model.history.filter(id=instance.pk).order_by("history_id").values()
    return [{name: value for name, value in row.items() if name not in _OWN} for row in found]


def fields(team, client) -> dict:
    return {"agency": team.agency, "client": client, "title": "Same", "revision_rounds": 3,
            "starts_on": timezone.localdate(), "hourly_rate": Decimal("2500.50"),
            "daily_capacity_hours": Decimal(6), "channels": ["email"],
            "response_target_hours": Decimal(4), "free_change_threshold_min": 60,
            "monthly_free_budget_min": 180}


def test_copied_rows_are_simple_history_s_rows(team):
    client, user = ClientFactory(agency=team.agency), team.masha.user
    by_orm = Agreement(**fields(team, client))
    by(user, by_orm)
    by_orm.save()
    copied = created(Agreement, user, **fields(team, client))
    assert rows(Agreement, copied) == rows(Agreement, by_orm)
    assert rows(Agreement, copied)[0]["history_type"] == "+"
    assert rows(Agreement, copied)[0]["history_user_id"] == user.pk

    for agreement in (by_orm, copied):
        agreement.budget = Decimal("100000.00")
    by(user, by_orm)
    by_orm.save(update_fields=["budget"])
    saved(copied, user, ["budget"])
    assert rows(Agreement, copied) == rows(Agreement, by_orm)
    assert [row["history_type"] for row in rows(Agreement, copied)] == ["+", "~"]
    stamped = copied.history.latest("history_id").history_date
    assert abs(timezone.now() - stamped) < timedelta(minutes=1)


def test_bulk_rows_are_simple_history_s_rows(team):
    agreement, user = AgreementFactory(client=ClientFactory(agency=team.agency)), team.ivan.user
    now = timezone.now()
    due = timezone.localdate() + timedelta(days=3)

    def new() -> list[Deliverable]:
        return [Deliverable(agency=team.agency, agreement=agreement, title=f"Item {n}",
                            estimate_hours=Decimal(4), planned_due=due) for n in range(3)]

    by_orm = bulk_create_with_history(new(), Deliverable, default_user=user, default_date=now)
    copied = bulk_created(Deliverable, new(), user, now)
    for moved in (by_orm, copied):
        for item in moved:
            item.planned_due += timedelta(days=7)
    bulk_update_with_history(by_orm, Deliverable, ["planned_due"], default_user=user,
                             default_date=now)
    bulk_updated(Deliverable, copied, ["planned_due"], user, now)
    for ours, theirs in zip(copied, by_orm, strict=True):
        assert rows(Deliverable, ours) == rows(Deliverable, theirs)
        assert [row["planned_due"] for row in rows(Deliverable, ours)] == [
            due, due + timedelta(days=7)]
        assert ours.history.latest("history_id").history_date == now


def test_without_a_user_the_web_request_s_user_is_the_author(team, rf: RequestFactory):
    deliverable = DeliverableFactory(agreement=AgreementFactory(
        client=ClientFactory(agency=team.agency)))
    request = rf.get("/")
    request.user = team.olena.user
    HistoricalRecords.context.request = request
    try:
        history_record(Deliverable, [deliverable.pk], user=None, kind="~")
    finally:
        del HistoricalRecords.context.request
    history_record(Deliverable, [deliverable.pk], user=None, kind="~")
    authors = list(deliverable.history.order_by("history_id").values_list(
        "history_user_id", flat=True))
    assert authors[-2:] == [team.olena.user.pk, None]


def test_columns_left_out_of_a_history_are_not_copied(team):
    client = ClientFactory(agency=team.agency, name="Before")
    Client.objects.filter(pk=client.pk).update(name="After")
    history_record(Client, [client.pk], user=team.masha.user, kind="~")
    latest = client.history.latest("history_id")
    assert latest.name == "After" and not hasattr(latest, "updated_at")
    assert model_to_dict(latest)["id"] == client.pk


def test_no_copies_while_history_is_switched_off(team, settings):
    deliverable = DeliverableFactory(agreement=AgreementFactory(
        client=ClientFactory(agency=team.agency)))
    settings.SIMPLE_HISTORY_ENABLED = False
    history_record(Deliverable, [deliverable.pk], user=None, kind="~")
    assert deliverable.history.count() == 1  # its "+" from before

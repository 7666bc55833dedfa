"""The client page's recovery panel (htmx), the list of unhappy clients by group, and the
step form: what a manager sees and does, and what another agency or role cannot."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from retainer.recovery.models import DissatisfactionAssessment, PaymentHold, RecoveryPlan
from retainer.recovery.services import dissatisfaction_assess, plan_create
from tests.factories import ClientFactory, DissatisfactionFactory
from tests.recovery.conftest import ANGRY, CONCILIATORY, DISAPPOINTED, unhappy_client

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def now():
    """Pages assess as of the real present: the clients wrote half an hour before it."""
    return timezone.now()


@pytest.fixture
def angry(team, now):
    return unhappy_client(team, ANGRY, "ООО «Гнев»", when=now - timedelta(minutes=30))


@pytest.fixture
def disappointed(team, now):
    return unhappy_client(team, DISAPPOINTED, "ООО «Скидка»", when=now - timedelta(minutes=30))


@pytest.fixture
def conciliatory(team, now):
    return unhappy_client(team, CONCILIATORY, "ООО «Мир»", when=now - timedelta(minutes=30))


def panel(http, client):
    return http.get(reverse("client_recovery", kwargs={"client_id": client.pk}))


def test_an_unassessed_client_shows_how_to_start(team, as_reader):
    client = ClientFactory(agency=team.agency)
    body = panel(as_reader(team.masha), client).content.decode()
    assert "Not assessed yet" in body
    assert reverse("recovery_assess", kwargs={"client_id": client.pk}) in body
    assert "No recovery plan yet" in body


def test_the_panel_shows_the_group_each_signal_and_the_checklist(team, angry, as_reader, now):
    plan_create(client=angry, user=team.masha.user, faulty_work_min=480, our_fault=True, now=now)
    body = panel(as_reader(team.masha), angry).content.decode()
    assert "A: the death group" in body
    for label in ("threats: court, reviews, penalties", "payments overdue or frozen",
                  "demands a discount", "silence after our message"):
        assert label in body
    assert "не заплатим" in body  # the words behind the held payment
    assert "30.00" in body and "25.00" in body
    for step in ("formal apology letter signed by management",
                 "redo the faulty work at our cost", "admit the fault plainly in writing",
                 "hand the case to a more neutral colleague"):
        assert step in body
    strategies = body.split("Recovery plan</h3>")[1].split("</strong>")[0]
    assert "soften the blow" in strategies and "start over" not in strategies
    assert reverse("recovery_letter_pdf", kwargs={"client_id": angry.pk}) in body


def test_ticking_a_step_done_swaps_the_panel(team, angry, as_reader, now):
    plan = plan_create(client=angry, user=team.masha.user, now=now)
    step = plan.steps.get(action="apology_letter")
    http = as_reader(team.masha)
    url = reverse("recovery_step_done", kwargs={"step_id": step.pk})
    response = http.post(url, {"done": "1"}, **HTMX)
    assert response.status_code == 200
    assert 'id="recovery-panel"' in response.content.decode()
    step.refresh_from_db()
    assert step.done_by == team.masha.user
    response = http.post(url, {"done": "0"})  # without htmx: back to the client page
    assert response.status_code == 302 and response["Location"].endswith("#recovery")
    step.refresh_from_db()
    assert step.done_at is None


def test_assess_and_plan_from_the_panel(team, disappointed, as_reader):
    http = as_reader(team.masha)
    response = http.post(reverse("recovery_assess", kwargs={"client_id": disappointed.pk}),
                         **HTMX)
    assert "B: will negotiate for a gain" in response.content.decode()
    response = http.post(reverse("recovery_plan_create", kwargs={"client_id": disappointed.pk}),
                         {"faulty_work_min": "240"}, **HTMX)
    assert "discount on a future project" in response.content.decode()
    assert RecoveryPlan.objects.get(client=disappointed).faulty_work_min == 240


def test_a_plan_for_a_content_client_is_refused_with_a_message(team, as_reader):
    client = ClientFactory(agency=team.agency, name="ООО «Довольные»")
    response = as_reader(team.masha).post(
        reverse("recovery_plan_create", kwargs={"client_id": client.pk}), **HTMX)
    assert "nothing to recover" in response.content.decode()
    assert not RecoveryPlan.objects.filter(client=client).exists()


def test_held_payments_are_recorded_and_released_from_the_panel(team, as_reader):
    client = ClientFactory(agency=team.agency)
    http = as_reader(team.masha)
    url = reverse("recovery_hold", kwargs={"client_id": client.pk})
    response = http.post(url, {"kind": "frozen", "since": "2026-11-20", "note": "ждут правок"},
                         **HTMX)
    assert "Payments held" in response.content.decode()
    assert DissatisfactionAssessment.objects.get(client=client).group == "B"
    http.post(url, {"release": "1"}, **HTMX)
    assert not PaymentHold.objects.filter(client=client, released_at__isnull=True).exists()
    bad = http.post(url, {"kind": "frozen", "since": "not a date"}, **HTMX)
    assert "Since" in bad.content.decode()
    assert PaymentHold.objects.filter(client=client).count() == 1


def test_a_specialist_sees_the_panel_without_its_buttons(team, angry, as_reader, now):
    plan_create(client=angry, user=team.masha.user, now=now)
    body = panel(as_reader(team.petro), angry).content.decode()
    assert "A: the death group" in body
    assert reverse("recovery_assess", kwargs={"client_id": angry.pk}) not in body
    assert "recovery/steps/" not in body


def test_a_step_of_another_agency_is_not_found_and_nothing_changes(team, rival, angry, as_reader, now):
    plan = plan_create(client=angry, user=team.masha.user, now=now)
    step = plan.steps.get(action="apology_letter")
    http = as_reader(rival.olena)
    assert http.post(reverse("recovery_step_done", kwargs={"step_id": step.pk}),
                     {"done": "1"}).status_code == 404
    assert http.post(reverse("recovery_step_edit", kwargs={"step_id": step.pk}),
                     {"cost": "0"}).status_code == 404
    step.refresh_from_db()
    assert step.done_at is None and step.cost == Decimal("3000.00")


def test_the_step_form_refuses_a_cost_below_zero(team, angry, as_reader, now):
    plan = plan_create(client=angry, user=team.masha.user, now=now)
    step = plan.steps.get(action="apology_letter")
    http = as_reader(team.masha)
    url = reverse("recovery_step_edit", kwargs={"step_id": step.pk})
    response = http.post(url, {"cost": "-5", "owner": team.ivan.user.pk})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    step.refresh_from_db()
    assert step.cost == Decimal("3000.00") and step.owner == team.masha.user
    response = http.post(url, {"cost": "2500", "owner": team.ivan.user.pk,
                               "due_on": "2026-11-25", "note": "задержку отчёта"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.cost, step.owner, step.note) == (Decimal("2500.00"), team.ivan.user,
                                                  "задержку отчёта")


def test_the_step_form_offers_only_the_agency_s_members(team, rival, angry, as_reader, now):
    plan = plan_create(client=angry, user=team.masha.user, now=now)
    step = plan.steps.get(action="apology_letter")
    response = as_reader(team.masha).post(
        reverse("recovery_step_edit", kwargs={"step_id": step.pk}),
        {"cost": "100", "owner": rival.olena.user.pk})
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.owner == team.masha.user


def test_the_list_shows_unhappy_clients_by_group_worst_first(team, angry, disappointed,
                                                             conciliatory, as_reader, now):
    for client in (angry, disappointed, conciliatory):
        dissatisfaction_assess(client=client, now=now)
    content = ClientFactory(agency=team.agency, name="ООО «Довольные»")
    dissatisfaction_assess(client=content, now=now)
    http = as_reader(team.masha)
    body = http.get(reverse("unhappy_list")).content.decode()
    positions = [body.index(name) for name in ("ООО «Гнев»", "ООО «Скидка»", "ООО «Мир»")]
    assert positions == sorted(positions)
    assert "ООО «Довольные»" not in body
    only_b = http.get(reverse("unhappy_list") + "?group=B").content.decode()
    assert "ООО «Скидка»" in only_b and "ООО «Гнев»" not in only_b


def test_the_list_has_an_empty_state_and_pages(team, as_reader, settings):
    http = as_reader(team.masha)
    assert "No unhappy clients" in http.get(reverse("unhappy_list")).content.decode()
    settings.RETAINER_PAGE_SIZE = 2
    for n in range(5):
        DissatisfactionFactory(client=ClientFactory(agency=team.agency, name=f"Клиент-{n}"),
                               score=Decimal(30 + n))
    first = http.get(reverse("unhappy_list")).content.decode()
    third = http.get(reverse("unhappy_list") + "?page=3").content.decode()
    assert "Клиент-4" in first and "Клиент-0" not in first
    assert "Клиент-0" in third and "Page 3 of 3" in third


def test_assessing_every_client_from_the_list(team, angry, disappointed, as_reader):
    response = as_reader(team.masha).post(reverse("unhappy_refresh"))
    assert response.status_code == 302
    groups = dict(DissatisfactionAssessment.objects.values_list("client__name", "group"))
    assert groups == {"ООО «Гнев»": "A", "ООО «Скидка»": "B"}

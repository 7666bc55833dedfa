from __future__ import annotations

import pytest
from django.utils import timezone

from retainer.agreements.models import Agreement, RetainerPeriod
from retainer.policy.services import policy_update

pytestmark = pytest.mark.django_db

TERMS = {
    "title": "Сопровождение 2026", "kind": "project", "status": "active",
    "starts_on": "2026-01-15", "response_target_hours": "4", "revision_rounds": "2",
    "free_change_threshold_min": "60", "monthly_free_budget_min": "180", "hourly_rate": "3000",
    "daily_capacity_hours": "6", "period_months": "1", "carry_over": "none",
    "channels": ["email", "telegram"], "not_promised": "Рост офлайн-продаж\nТоп-3 в поиске",
    "kickoff_checklist": "Как просить правки\nКто согласует",
}


def test_a_new_agreement_starts_from_the_policy(team, world, as_user):
    policy_update(agency=team.agency, actor=team.olena.user, changes={"revision_rounds": 3})
    page = as_user(team.masha).get(f"/clients/{world.client.pk}/agreements/new/")
    assert page.context["form"].initial["revision_rounds"] == 3


def test_create_an_agreement_with_lists(team, world, as_user):
    response = as_user(team.masha).post(f"/clients/{world.client.pk}/agreements/new/", TERMS)
    agreement = Agreement.objects.get(title="Сопровождение 2026")
    assert response.status_code == 302
    assert agreement.not_promised == ["Рост офлайн-продаж", "Топ-3 в поиске"]
    assert agreement.channels == ["email", "telegram"]
    assert agreement.kickoff_checklist == ["Как просить правки", "Кто согласует"]
    page = as_user(team.masha).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "e-mail, Telegram" in page


def test_changes_are_in_the_audit_trail_on_the_page(team, world, as_user):
    http = as_user(team.masha)
    http.post(f"/agreements/{world.agreement.pk}/edit/",
              TERMS | {"title": world.agreement.title, "hourly_rate": "3500"})
    page = http.get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert "3500" in page and "Masha" in page
    assert world.agreement.history.count() == 2
    # saving without a change writes no history row
    http.post(f"/agreements/{world.agreement.pk}/edit/",
              TERMS | {"title": world.agreement.title, "hourly_rate": "3500"})
    assert world.agreement.history.count() == 2


def test_a_retainer_gets_its_periods_with_carry_over(team, world, as_user):
    http = as_user(team.masha)
    response = http.post(f"/clients/{world.client.pk}/agreements/new/", TERMS | {
        "title": "Ретейнер", "kind": "retainer", "included_hours": "30",
        "carry_over": "unused", "starts_on": timezone.localdate().replace(day=1).isoformat(),
    })
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="Ретейнер")
    periods = RetainerPeriod.objects.filter(agreement=agreement)
    assert periods.count() == 1 and periods[0].included_hours == 30


def test_a_retainer_needs_included_hours(team, world, as_user):
    response = as_user(team.masha).post(f"/clients/{world.client.pk}/agreements/new/",
                                        TERMS | {"kind": "retainer"})
    assert response.status_code == 200
    assert "included_hours" in response.context["form"].errors


def test_deliverables_show_on_the_client_timeline(team, world, as_user):
    http = as_user(team.masha)
    http.post(f"/agreements/{world.agreement.pk}/deliverables/new/", {
        "title": "Лендинг", "estimate_hours": "16", "planned_start": "2026-02-01",
        "planned_due": "2026-02-10", "actual_done": "2026-02-14", "status": "approved",
        "approval_iterations": "2", "clarifications": "1",
    })
    page = http.get(f"/clients/{world.client.pk}/").content.decode()
    assert "Лендинг" in page
    assert 'class="late"' in page  # done four days after the planned due date


def test_due_before_start_is_refused(team, world, as_user):
    response = as_user(team.masha).post(f"/agreements/{world.agreement.pk}/deliverables/new/", {
        "title": "X", "estimate_hours": "1", "planned_start": "2026-02-10",
        "planned_due": "2026-02-01", "status": "planned", "approval_iterations": "0",
        "clarifications": "0",
    })
    assert response.status_code == 200
    assert "planned_due" in response.context["form"].errors


def test_kpi_with_measurement(team, world, as_user):
    http = as_user(team.masha)
    http.post(f"/agreements/{world.agreement.pk}/kpis/new/",
              {"name": "Стоимость лида", "unit": "₽", "target": "900", "tolerance_pct": "10",
               "direction": "lower"})
    kpi = world.agreement.kpis.get(name="Стоимость лида")
    http.post(f"/kpis/{kpi.pk}/measurements/new/", {"measured_on": "2026-03-01",
                                                    "actual": "1010"})
    page = http.get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert "1010" in page


def test_recording_used_hours_moves_the_carry_over(team, world, as_user):
    http = as_user(team.masha)
    start = timezone.localdate().replace(day=1)
    http.post(f"/clients/{world.client.pk}/agreements/new/", TERMS | {
        "title": "Ретейнер", "kind": "retainer", "included_hours": "30", "carry_over": "unused",
        "starts_on": f"{start.year - 1}-{start.month:02d}-01",
    })
    agreement = Agreement.objects.get(title="Ретейнер")
    first, second = RetainerPeriod.objects.filter(agreement=agreement).order_by("starts_on")[:2]
    response = http.post(f"/periods/{first.pk}/edit/", {"used_hours": "24"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.carried_over_hours == 6
    response = http.post(f"/periods/{first.pk}/edit/", {"used_hours": "-1"})
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.used_hours == 24

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation

from retainer.accounts.models import Agency, Membership
from retainer.accounts.roles import Role
from retainer.agreements.models import RetainerPeriod
from retainer.core.prepared import PreparedHeads
from retainer.core.tenancy import SESSION_AGENCY_KEY
from retainer.imports.models import ImportRun, ImportSource, ImportStatus
from retainer.scope.models import ClientRequest
from retainer.worklist import selectors as worklist_selectors
from retainer.worklist.models import Task, TaskKind
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ClaimFactory,
    ClientFactory,
    ConflictCaseFactory,
    ContactFactory,
    DeliverableFactory,
    DissatisfactionFactory,
    InteractionFactory,
    KpiFactory,
    MembershipFactory,
    PaymentHoldFactory,
    ProspectFactory,
    RecoveryStepFactory,
    SalesPlanFactory,
    StageSuggestionFactory,
    TouchpointFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is the production hasher (tests/core/test_security.py proves it); tests that
    # create many users use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    # Each test starts in the site's default language, as a new process does, whatever the
    # test before it (on this worker) activated; tests that read English say so.
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _dashboard_computed_afresh(settings):
    # Tests change the history and read the dashboard at once; keeping its figures is
    # tested on its own (tests/dashboard/test_kept.py).
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _attention_compiled_afresh(monkeypatch):
    # The attention lists' SQL is kept per process by a key of agency, manager and day,
    # which another test's rows may share; each test compiles its own.
    monkeypatch.setattr(worklist_selectors, "_ATTENTION", PreparedHeads())


@pytest.fixture(autouse=True)
def _imports_in_tmp(settings, tmp_path):
    # Uploaded exports wait under IMPORT_DIR until read; tests keep them out of var/.
    settings.IMPORT_DIR = tmp_path / "imports"


@dataclass
class Team:
    agency: Agency
    olena: Membership
    ivan: Membership
    masha: Membership
    petro: Membership

    def by_role(self, role: str) -> Membership:
        return {Role.OWNER: self.olena, Role.SALES: self.ivan,
                Role.ACCOUNT_MANAGER: self.masha, Role.SPECIALIST: self.petro}[role]


def make_team(name: str, domain: str) -> Team:
    agency = AgencyFactory(name=name)
    people = {}
    for persona, role in [("olena", Role.OWNER), ("ivan", Role.SALES),
                          ("masha", Role.ACCOUNT_MANAGER), ("petro", Role.SPECIALIST)]:
        user = UserFactory(email=f"{persona}@{domain}", full_name=persona.capitalize())
        people[persona] = MembershipFactory(user=user, agency=agency, role=role)
    return Team(agency=agency, **people)


@pytest.fixture
def team(db) -> Team:
    return make_team("Северный ветер", "veter.example")


@pytest.fixture
def rival(db) -> Team:
    """Another agency: its people must never see the team's data, nor the other way round."""
    return make_team("Другое агентство", "other.example")


@dataclass
class World:
    """One object of every kind, all in one agency."""

    client: object
    contact: object
    agreement: object
    deliverable: object
    kpi: object
    interaction: object
    period: object
    import_run: object
    client_request: object
    task: object
    payment_hold: object
    dissatisfaction: object
    recovery_step: object
    claim: object
    conflict_case: object
    touchpoint: object
    prospect: object
    sales_plan: object
    stage_suggestion: object

    def ids(self) -> dict[str, int]:
        return {
            "client_id": self.client.pk,
            "contact_id": self.contact.pk,
            "agreement_id": self.agreement.pk,
            "deliverable_id": self.deliverable.pk,
            "kpi_id": self.kpi.pk,
            "interaction_id": self.interaction.pk,
            "period_id": self.period.pk,
            "import_id": self.import_run.pk,
            "request_id": self.client_request.pk,
            "task_id": self.task.pk,
            "step_id": self.recovery_step.pk,
            "claim_id": self.claim.pk,
            "conflict_id": self.conflict_case.pk,
            # A member other than the case's manager, to hand the case over to.
            "member_id": self.conflict_case.opened_by_id,
            "touchpoint_id": self.touchpoint.pk,
            "prospect_id": self.prospect.pk,
            "plan_id": self.sales_plan.pk,
            "suggestion_id": self.stage_suggestion.pk,
        }


def make_world(team: Team) -> World:
    client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
    agreement = AgreementFactory(client=client)
    return World(
        client=client,
        contact=ContactFactory(client=client),
        agreement=agreement,
        deliverable=DeliverableFactory(agreement=agreement),
        kpi=KpiFactory(agreement=agreement),
        interaction=InteractionFactory(client=client),
        import_run=ImportRun.objects.create(
            agency=team.agency, client=client, source=ImportSource.CSV, file_name="log.csv",
            status=ImportStatus.DONE, created_by=team.masha.user,
        ),
        period=RetainerPeriod.objects.create(
            agency=team.agency, agreement=agreement, starts_on=agreement.starts_on,
            ends_on=agreement.starts_on, included_hours=20,
        ),
        client_request=ClientRequest.objects.create(
            agency=team.agency, client=client, agreement=agreement, kind="change",
            title="Баннер 300×250", estimate_min=30, created_at=timezone.now(),
        ),
        task=Task.objects.create(agency=team.agency, client=client, kind=TaskKind.RENEGOTIATE,
                                 reason="3 requests", opened_at=timezone.now()),
        # Held payments make the client unhappy (group B), so a plan can be made for it.
        payment_hold=PaymentHoldFactory(client=client),
        dissatisfaction=DissatisfactionFactory(client=client),
        recovery_step=RecoveryStepFactory(plan__client=client),
        claim=ClaimFactory(agreement=agreement),
        conflict_case=ConflictCaseFactory(client=client, opened_by=team.olena.user,
                                          steps_done=3),
        touchpoint=TouchpointFactory(client=client, held_by=team.masha.user),
        # Decided interesting and not yet a client, so it can be converted; the plan is
        # of a past period, so a plan for today overlaps nothing.
        prospect=ProspectFactory(agency=team.agency, decision="interesting",
                                 decided_by=team.ivan.user, decided_at=timezone.now()),
        sales_plan=SalesPlanFactory(agency=team.agency),
        # The agreement started three months ago: the honeymoon is suggested, not decided.
        stage_suggestion=StageSuggestionFactory(client=client),
    )


@pytest.fixture
def world(team) -> World:
    return make_world(team)


def log_in(http, membership: Membership):
    """`http` (a Django test client) logged in as the member, working in their agency."""
    http.force_login(membership.user)
    session = http.session
    session[SESSION_AGENCY_KEY] = membership.agency_id
    session.save()
    return http


@pytest.fixture
def as_user(client):
    """Log the Django test client in as a member: `as_user(team.masha)`."""

    def login(membership: Membership):
        return log_in(client, membership)

    return login


@pytest.fixture
def english(as_user):
    """`as_user`, reading the pages in English, the language the assertions are worded in."""

    def login(membership: Membership):
        http = as_user(membership)
        http.cookies["django_language"] = "en"
        return http

    return login

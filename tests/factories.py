"""Factories and the personas every test speaks of: Olena (owner), Ivan (sales), Masha
(account manager) and Petro (designer, a specialist) of «Северный ветер», and Oksana, owner
of another agency who must never see their data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from retainer.accounts.models import Agency, Membership, User
from retainer.accounts.roles import Role
from retainer.agreements.models import Agreement, Deliverable, KpiMeasurement, PromisedKpi
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Interaction
from retainer.policy.services import policy_initialize

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Agency {n}")
    timezone = "Europe/Moscow"
    currency = "RUB"

    @factory.post_generation
    def policy(obj, create, extracted, **kwargs):
        if create:
            policy_initialize(agency=obj, actor=None)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.ACCOUNT_MANAGER


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Клиент {n}")
    language = "ru"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    name = factory.Faker("name")
    position = "Marketing director"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    title = factory.Sequence(lambda n: f"Agreement {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))
    response_target_hours = Decimal(4)
    revision_rounds = 2
    free_change_threshold_min = 60
    monthly_free_budget_min = 180
    hourly_rate = Decimal(3000)
    daily_capacity_hours = Decimal(6)


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    agreement = factory.SubFactory(AgreementFactory)
    agency = factory.SelfAttribute("agreement.agency")
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    estimate_hours = Decimal(8)
    planned_due = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromisedKpi

    agreement = factory.SubFactory(AgreementFactory)
    agency = factory.SelfAttribute("agreement.agency")
    name = "CTR"
    unit = "%"
    target = Decimal("1.5")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiMeasurement

    kpi = factory.SubFactory(KpiFactory)
    agency = factory.SelfAttribute("kpi.agency")
    measured_on = factory.LazyFunction(date.today)
    actual = Decimal("1.2")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    channel = "email"
    direction = "in"
    occurred_at = factory.LazyFunction(timezone.now)
    text = "Как там наш лендинг?"


class ConflictCaseFactory(factory.django.DjangoModelFactory):
    """An open conflict case of the client's account manager; `steps_done` of its steps are
    recorded, in order, an hour apart."""

    class Meta:
        model = "conflicts.ConflictCase"
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    title = "Баннер «не продаёт»"
    nature = "work"
    summary = "Клиент считает, что баннер не даёт продаж; CTR в пределах обещанного."
    opened_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    manager = factory.SelfAttribute("client.account_manager")
    steps_done = 0

    @factory.post_generation
    def recorded(obj, create, extracted, **kwargs):
        if not create:
            return
        from retainer.conflicts.models import STEPS, ConflictStep

        ConflictStep.objects.bulk_create(
            ConflictStep(agency_id=obj.agency_id, case=obj, step=step, note=f"Шаг {index + 1}",
                         at=obj.opened_at + timedelta(hours=index + 1),
                         recorded_by=obj.manager)
            for index, step in enumerate(STEPS[:obj.steps_done]))


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim about nothing in the agreement ("the banner's colour doesn't sell"), made an
    hour ago, not assessed yet."""

    class Meta:
        model = "claims.Claim"

    agreement = factory.SubFactory(AgreementFactory)
    client = factory.SelfAttribute("agreement.client")
    agency = factory.SelfAttribute("agreement.agency")
    target = "nothing"
    words = "Цвет баннера не продаёт, переделайте."
    ask = "Перекрасить баннер"
    asked_min = 20
    folded = factory.LazyAttribute(lambda claim: f"{claim.ask}\n{claim.words}".casefold())
    made_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    created_at = factory.LazyFunction(timezone.now)


class PaymentHoldFactory(factory.django.DjangoModelFactory):
    """Payments the client froze a week ago."""

    class Meta:
        model = "recovery.PaymentHold"

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    kind = "frozen"
    since = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    recorded_at = factory.LazyFunction(timezone.now)


class DissatisfactionFactory(factory.django.DjangoModelFactory):
    """A stored assessment: group B from held payments alone."""

    class Meta:
        model = "recovery.DissatisfactionAssessment"

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    group = "B"
    score = Decimal("25.00")
    contributions = factory.LazyFunction(lambda: [
        {"signal": "payments_held", "observed": "yes", "weight": 25, "points": "25.00"}])
    policy_version = 1
    assessed_at = factory.LazyFunction(timezone.now)


class RecoveryPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "recovery.RecoveryPlan"

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    group = "C"
    strategies = factory.LazyFunction(lambda: ["soften_the_blow"])
    score = Decimal("25.00")
    total_cost = Decimal("3000.00")
    start_over_cost = Decimal("0.00")
    promising = False
    currency = "RUB"
    policy_version = 1
    created_at = factory.LazyFunction(timezone.now)


class RecoveryStepFactory(factory.django.DjangoModelFactory):
    """The apology letter, the step every plan has."""

    class Meta:
        model = "recovery.RecoveryStep"

    plan = factory.SubFactory(RecoveryPlanFactory)
    agency = factory.SelfAttribute("plan.agency")
    action = "apology_letter"
    strategy = "soften_the_blow"
    position = factory.Sequence(lambda n: n + 1)
    work_min = 60
    cost = Decimal("3000.00")


class TouchpointFactory(factory.django.DjangoModelFactory):
    """A weekly status held with the client, feedback asked for."""

    class Meta:
        model = "touchpoints.Touchpoint"

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    kind = "status"
    held_on = factory.LazyFunction(timezone.localdate)
    notes = "Обсудили план на неделю."
    feedback_requested = True


class ProspectFactory(factory.django.DjangoModelFactory):
    """A prospect as the front office writes it down; unscored until a service saves it."""

    class Meta:
        model = "prospects.Prospect"

    agency = factory.SubFactory(AgencyFactory)
    company = factory.Sequence(lambda n: f"Компания {n}")
    name = "Редизайн интернет-магазина"
    contact_name = "Ольга Смирнова"
    contact_email = "olga@example.com"
    language = "ru"
    segment = "small_business"
    budget = Decimal("1500000.00")
    industry = "e-commerce"
    decision_days = 14
    source = "referral"
    decision_maker = True
    created_at = factory.LazyFunction(timezone.now)


class SalesPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "prospects.SalesPlan"

    agency = factory.SubFactory(AgencyFactory)
    starts_on = date(2025, 1, 1)
    ends_on = date(2025, 3, 31)
    clients_planned = 3
    value_planned = Decimal("6000000.00")
    created_at = factory.LazyFunction(timezone.now)


class RatingFactory(factory.django.DjangoModelFactory):
    """The client's one-click rating of an approved deliverable, given just now."""

    class Meta:
        model = "status.Rating"

    deliverable = factory.SubFactory(DeliverableFactory, status="approved")
    agency = factory.SelfAttribute("deliverable.agency")
    score = 5
    rated_at = factory.LazyFunction(timezone.now)


class HealthScoreFactory(factory.django.DjangoModelFactory):
    """A stored monthly health score: this month, healthy."""

    class Meta:
        model = "health.HealthScore"

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    score = 75
    band = "green"
    stage = factory.SelfAttribute("client.stage")
    computed_at = factory.LazyFunction(timezone.now)


class StageSuggestionFactory(factory.django.DjangoModelFactory):
    """A pending suggestion, made this morning: the client's agreement started three months
    ago, so the courtship is over and the honeymoon begins."""

    class Meta:
        model = "lifecycle.StageSuggestion"

    client = factory.SubFactory(ClientFactory)
    agency = factory.SelfAttribute("client.agency")
    from_stage = factory.SelfAttribute("client.stage")
    stage = "honeymoon"
    reason_code = "lifecycle.agreement_signed"
    reason_params = factory.LazyAttribute(lambda s: {"on": s.event_on.isoformat()})
    event_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))
    policy_version = 1
    suggested_at = factory.LazyFunction(timezone.now)

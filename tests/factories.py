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

"""Clients and their contacts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.core.history import History
from retainer.core.labels import ChoiceLabel
from retainer.core.models import KeepsDerived
from retainer.core.tenancy import TenantModel


class Language(models.TextChoices):
    RU = "ru", "Русский"
    UK = "uk", "Українська"
    EN = "en", "English"


class Expertise(models.TextChoices):
    NOVICE = "novice", _("new to the field")
    KNOWLEDGEABLE = "knowledgeable", _("knowledgeable")


class Segment(models.TextChoices):
    SMALL_BUSINESS = "small_business", _("small business")
    MID_MARKET = "mid_market", _("mid-market")
    ENTERPRISE = "enterprise", _("enterprise")
    STARTUP = "startup", _("startup")
    NONPROFIT = "nonprofit", _("non-profit")


class AcquisitionChannel(models.TextChoices):
    REFERRAL = "referral", _("referral")
    TENDER = "tender", _("tender")
    INBOUND = "inbound", _("inbound request")
    OUTBOUND = "outbound", _("outbound sales")
    REPEAT = "repeat", _("repeat work")
    OTHER = "other", _("other")


class Stage(models.TextChoices):
    COURTSHIP = "courtship", _("courtship")
    SALE = "sale", _("sale")
    HONEYMOON = "honeymoon", _("honeymoon")
    STORM = "storm", _("storm")
    NORMALIZATION = "normalization", _("normalization")
    SUPPORT = "support", _("support & development")
    ENDED = "ended", _("ended")


class Client(KeepsDerived, TenantModel):
    name = models.CharField(_("name"), max_length=200)
    # SQLite folds case for ASCII only; a case-folded copy makes search work for Cyrillic
    # names on every backend with one plain, indexable comparison.
    name_folded = models.CharField(max_length=200, editable=False, default="")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    expertise = models.CharField(
        _("expertise"), max_length=20, choices=Expertise.choices, default=Expertise.KNOWLEDGEABLE
    )
    segment = models.CharField(
        _("segment"), max_length=20, choices=Segment.choices, default=Segment.SMALL_BUSINESS
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    acquisition_channel = models.CharField(
        _("acquisition channel"),
        max_length=20,
        choices=AcquisitionChannel.choices,
        default=AcquisitionChannel.REFERRAL,
    )
    acquisition_cost = models.DecimalField(
        _("acquisition cost"), max_digits=14, decimal_places=2, default=0
    )
    expected_annual_value = models.DecimalField(
        _("expected annual value"), max_digits=14, decimal_places=2, default=0
    )
    stage = models.CharField(
        _("lifecycle stage"), max_length=20, choices=Stage.choices, default=Stage.COURTSHIP
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    # Cadences agreed with this client; empty means the policy's default.
    status_cadence_days = models.PositiveSmallIntegerField(
        _("status update every, days"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    keep_in_touch_days = models.PositiveSmallIntegerField(
        _("keep in touch after a project every, days"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The last status held with the client, kept by `touchpoints.models.Touchpoint`: overdue
    # statuses are read for thousands of clients on every attention view.
    last_status_on = models.DateField(_("last status"), null=True, blank=True, editable=False)

    history = History(excluded_fields=["updated_at"])

    DERIVED = ("last_status_on",)

    stage_label = ChoiceLabel("stage", Stage)
    segment_label = ChoiceLabel("segment", Segment)
    language_label = ChoiceLabel("language", Language)
    expertise_label = ChoiceLabel("expertise", Expertise)
    acquisition_channel_label = ChoiceLabel("acquisition_channel", AcquisitionChannel)

    @property
    def reading_language(self) -> str:
        """The language of everything the client reads (replies, the register, the status
        page, PDFs): the client's own, or the site's default for a row without one."""
        return self.language if self.language in Language.values else settings.LANGUAGE_CODE

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["agency", "name_folded"], name="client_agency_name"),
            models.Index(fields=["agency", "stage"], name="client_agency_stage"),
            models.Index(fields=["agency", "account_manager"], name="client_agency_manager"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = self.name.casefold()
        super().save(*args, **kwargs)


class Contact(TenantModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("role at the client"), max_length=200, blank=True)
    motivation = models.TextField(_("what motivates them"), blank=True, max_length=2000)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    telegram = models.CharField(_("Telegram"), max_length=100, blank=True)
    is_decision_maker = models.BooleanField(_("decides"), default=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_decision_maker", "name"]

    def __str__(self) -> str:
        return self.name

"""Qualifying prospects (BRIEF C10, article 001): the agency's portrait of "our client", the
prospects scored against it, the front office's decision "interesting / not interesting",
the conversion into a client, and the sales plan that keeps the filter honest."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import AcquisitionChannel, Client, Language, Segment
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel, label
from retainer.core.tenancy import TenantModel
from retainer.rules import qualification as rules


class Attribute(models.TextChoices):
    """What a portrait's criterion can read of a prospect."""

    SEGMENT = "segment", _("segment")
    BUDGET = "budget", _("annual budget")
    INDUSTRY = "industry", _("industry")
    DECISION_DAYS = "decision_days", _("days to a decision")
    REGION = "region", _("region")
    SOURCE = "source", _("source")
    LANGUAGE = "language", _("language")
    DECISION_MAKER = "decision_maker", _("we speak with the person who decides")


# How each attribute matches: the kind of value decides it, so the editor does not ask.
MATCH_OF = {
    Attribute.SEGMENT: rules.ONE_OF,
    Attribute.BUDGET: rules.RANGE,
    Attribute.INDUSTRY: rules.ONE_OF,
    Attribute.DECISION_DAYS: rules.RANGE,
    Attribute.REGION: rules.ONE_OF,
    Attribute.SOURCE: rules.ONE_OF,
    Attribute.LANGUAGE: rules.ONE_OF,
    Attribute.DECISION_MAKER: rules.YES_NO,
}
# Attributes whose values are codes of a fixed list rather than free text.
CHOICES_OF = {
    Attribute.SEGMENT: Segment,
    Attribute.SOURCE: AcquisitionChannel,
    Attribute.LANGUAGE: Language,
}


class Decision(models.TextChoices):
    INTERESTING = "interesting", _("interesting")
    NOT_INTERESTING = "not_interesting", _("not interesting")


class Portrait(TenantModel):
    """The agency's written portrait of "our client": one per agency, its criteria as the
    rule reads them (a list of {attribute, weight, values | low, high, partial_within |
    expected}). Every change is a new version in the history."""

    criteria = models.JSONField(_("criteria"), default=list)
    version = models.PositiveIntegerField(_("version"), default=1)
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    history = History()

    class Meta:
        verbose_name = _("portrait of our client")
        verbose_name_plural = _("portraits of our client")
        constraints = [models.UniqueConstraint(fields=["agency"], name="portrait_one_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency_id} v{self.version}"


class Prospect(TenantModel):
    name = models.CharField(_("what they ask for"), max_length=200, blank=True,
                            help_text=_("In a few words, e.g. a redesign of the online store."))
    company = models.CharField(_("company"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    contact_phone = models.CharField(_("contact's phone"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices, blank=True)
    budget = models.DecimalField(
        _("annual budget"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What the client can spend with us in a year, as far as we know."))
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    decision_days = models.PositiveSmallIntegerField(
        _("days to a decision"), null=True, blank=True, validators=[MaxValueValidator(3650)],
        help_text=_("How long they usually take to decide."))
    region = models.CharField(_("region"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=AcquisitionChannel.choices,
                              blank=True)
    decision_maker = models.BooleanField(_("we speak with the person who decides"), null=True,
                                         blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    # Case-folded company, request and contact: one plain comparison finds Cyrillic names
    # on every backend (as Client.name_folded does).
    search_folded = models.CharField(max_length=610, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("added at"))

    # The score against the portrait version it was computed with, kept when the prospect
    # is saved and recomputed for every prospect when the portrait changes.
    score = models.PositiveSmallIntegerField(_("score"), default=0,
                                             validators=[MaxValueValidator(100)])
    contributions = models.JSONField(_("contributions"), default=list)
    portrait_version = models.PositiveIntegerField(_("portrait version"), default=0)

    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices,
                                blank=True)
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # What the decision saw: the score may move later with the portrait.
    decided_score = models.PositiveSmallIntegerField(_("score at the decision"), null=True,
                                                     blank=True)

    client = models.OneToOneField(Client, verbose_name=_("client"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="prospect")
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)

    history = History(excluded_fields=["search_folded"])

    language_label = ChoiceLabel("language", Language)
    decision_label = ChoiceLabel("decision", Decision)

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        indexes = [
            models.Index(fields=["agency", "-score", "-created_at"], name="prospect_by_score"),
            models.Index(fields=["agency", "decision", "decided_at"], name="prospect_decided"),
            models.Index(fields=["agency", "converted_at"], name="prospect_converted"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="prospect_score_0_100"),
            # Only an interesting prospect becomes a client.
            models.CheckConstraint(
                condition=Q(converted_at__isnull=True) | Q(decision="interesting"),
                name="prospect_converted_if_interesting"),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_at__isnull=False),
                name="prospect_decision_dated"),
        ]

    def __str__(self) -> str:
        return self.company

    @property
    def segment_label(self) -> str:
        return label(Segment, self.segment) if self.segment else ""

    @property
    def source_label(self) -> str:
        return label(AcquisitionChannel, self.source) if self.source else ""

    @property
    def is_converted(self) -> bool:
        return self.converted_at is not None

    def save(self, *args, **kwargs):
        self.search_folded = " ".join(
            part for part in (self.company, self.name, self.contact_name) if part).casefold()
        super().save(*args, **kwargs)


class SalesPlan(TenantModel):
    """How many new clients, and of what value, the front office plans to win in a period
    (article 001: the plan "to be met in any weather" keeps "not interesting" honest)."""

    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    clients_planned = models.PositiveIntegerField(_("new clients planned"))
    value_planned = models.DecimalField(_("their annual value planned"), max_digits=14,
                                        decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("added at"))

    history = History()

    class Meta:
        verbose_name = _("sales plan")
        verbose_name_plural = _("sales plans")
        indexes = [models.Index(fields=["agency", "-starts_on"], name="sales_plan_period")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="sales_plan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on}"

"""Conflict cases (BRIEF C5, article 003): the four steps from the client's emotion to the
solved problem, the nature of the negativity, the substance for the team, and who carries
the case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client
from retainer.conversations.models import Interaction
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel, label
from retainer.core.tenancy import TenantModel


class Nature(models.TextChoices):
    """Article 003: tell unfounded negativity (a release of emotion) from criticism (an
    attempt to make the work better), and criticism of the work from criticism of a person."""

    EMOTION = "emotion", _("unfounded emotion")
    WORK = "work", _("criticism of the work")
    PERSON = "person", _("criticism of a person")


class Step(models.TextChoices):
    """Article 003's scheme, in its order."""

    LISTEN = "listen", _("listen and share the emotion")
    ANALYSE = "analyse", _("analyse the causes")
    PROPOSE = "propose", _("propose a solution")
    SOLVE = "solve", _("solve the problem")


STEPS: tuple[str, ...] = tuple(Step.values)


class ConflictCase(TenantModel):
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE,
                               related_name="conflicts")
    title = models.CharField(_("what the conflict is about"), max_length=200)
    nature = models.CharField(
        _("nature of the negativity"), max_length=10, choices=Nature.choices, blank=True,
        help_text=_("Leave empty until the causes are clear."),
    )
    summary = models.TextField(
        _("summary for the team"), max_length=5000,
        help_text=_("The substance of the complaint without the emotion: what the team "
                    "needs to know and do."),
    )
    source = models.ForeignKey(Interaction, verbose_name=_("from the message"),
                               on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="conflicts")
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"),
                                  on_delete=models.SET_NULL, null=True, related_name="+")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("manager"),
                                on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    solution = models.TextField(_("solution"), max_length=5000, blank=True)

    history = History()

    nature_label = ChoiceLabel("nature", Nature)

    class Meta:
        verbose_name = _("conflict case")
        verbose_name_plural = _("conflict cases")
        indexes = [
            models.Index(fields=["agency", "opened_at"], name="conflict_open_by_age",
                         condition=Q(closed_at__isnull=True)),
            models.Index(fields=["agency", "client", "-opened_at"], name="conflict_client"),
            models.Index(fields=["agency", "manager", "closed_at"], name="conflict_manager"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(steps_done__lte=len(STEPS)),
                                   name="conflict_steps_at_most_four"),
            # Closing is the last step, and it needs the recorded solution.
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | (~Q(solution="") & Q(steps_done=len(STEPS))),
                name="conflict_closed_with_solution"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def next_step(self) -> str | None:
        return STEPS[self.steps_done] if self.steps_done < len(STEPS) else None

    @property
    def next_step_label(self) -> str:
        step = self.next_step
        return label(Step, step) if step else ""


class ConflictStep(TenantModel):
    """One step of a case, recorded once: the unique key keeps a step from being written
    twice whatever the database."""

    case = models.ForeignKey(ConflictCase, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    note = models.TextField(_("note"), max_length=5000)
    at = models.DateTimeField(_("when"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")

    step_label = ChoiceLabel("step", Step)

    class Meta:
        verbose_name = _("conflict step")
        verbose_name_plural = _("conflict steps")
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="conflict_step_once"),
        ]

    def __str__(self) -> str:
        return str(self.step_label)


class ConflictHandover(TenantModel):
    """The case passed from one manager to another, and why (BRIEF C4: a more neutral
    colleague)."""

    case = models.ForeignKey(ConflictCase, on_delete=models.CASCADE, related_name="handovers")
    from_manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("from"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    to_manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("to"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(_("why"), max_length=2000)
    handed_at = models.DateTimeField(_("when"))
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handed over by"),
                                  on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["handed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_manager} → {self.to_manager}"

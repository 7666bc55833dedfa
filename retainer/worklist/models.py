"""Follow-up tasks: what someone has to do about a client, raised by a rule — renegotiate the
agreement after repeated requests beyond it, review the relationship after repeated unfounded
claims, answer an unhappy client whose message waits past its response target, resolve a
conflict open too long, follow up a client whose health dropped into red."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel


class TaskKind(models.TextChoices):
    RENEGOTIATE = "renegotiate", _("renegotiate the agreement")
    REVIEW = "review", _("review the relationship")
    ESCALATION = "escalation", _("answer an unhappy client now")
    CONFLICT = "conflict", _("resolve a long conflict")
    HEALTH = "health", _("follow up a client whose health turned red")


class Task(TenantModel):
    """One open task per client and kind at most: a rule that fires again while its task is
    open adds to that task instead of opening a duplicate."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    reason = models.TextField(_("reason"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    note = models.TextField(_("what was done"), blank=True)

    kind_label = ChoiceLabel("kind", TaskKind)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client", "kind"], condition=Q(done_at__isnull=True),
                                    name="task_one_open_per_kind"),
        ]
        indexes = [models.Index(fields=["agency", "assignee", "done_at"], name="task_list")]

    def __str__(self) -> str:
        return str(self.kind_label)

    @property
    def is_open(self) -> bool:
        return self.done_at is None

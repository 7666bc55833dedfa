"""The agency policy, versioned: every change writes a new immutable version."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.core.tenancy import TenantModel
from retainer.rules.policy import Policy


class PolicyVersion(TenantModel):
    version = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("policy document"))
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("policy version")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="policy_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A policy version is immutable; write a new version."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A policy version is immutable and cannot be deleted."))

    def as_policy(self) -> Policy:
        return Policy.from_document(self.document, version=self.version)

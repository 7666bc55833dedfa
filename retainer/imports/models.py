"""Imports of chat and mail exports into a client's interaction log (BRIEF C8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel
from retainer.imports.errors import error_text


class ImportSource(models.TextChoices):
    """Telegram Desktop's JSON export, e-mail (.eml or mbox), or a CSV log."""

    # The same values as the interactions' `Source`: each imported row says where it came from.

    TELEGRAM = "telegram", _("Telegram (JSON export)")
    EMAIL = "email", _("e-mail (.eml or mbox)")
    CSV = "csv", _("CSV")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("waiting for the senders to be confirmed")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportRun(TenantModel):
    """One file imported (or being imported) for a client: who uploaded it, how it went, and
    what it added. `stored_name` is the upload's place under IMPORT_DIR until it is read;
    `senders` is what the mapping step shows, `mapping` what the user confirmed."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField(_("format"), max_length=20, choices=ImportSource.choices)
    file_name = models.CharField(_("file"), max_length=200)
    stored_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices,
                              default=ImportStatus.QUEUED)
    senders = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    added = models.PositiveIntegerField(_("added"), default=0)
    duplicates = models.PositiveIntegerField(_("skipped as already imported"), default=0)
    events = models.PositiveIntegerField(_("events"), default=0)
    truncated = models.PositiveIntegerField(_("texts shortened"), default=0)
    unmatched_senders = models.JSONField(_("unmatched senders"), default=list, blank=True)
    error = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    source_label = ChoiceLabel("source", ImportSource)
    status_label = ChoiceLabel("status", ImportStatus)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["client", "-created_at"], name="import_client_time")]

    def __str__(self) -> str:
        return self.file_name

    @property
    def error_message(self) -> str:
        """The stored error in the language of whoever reads it (see errors.py)."""
        return error_text(self.error) if self.error else ""

"""The audit log as CSV, streamed: a long trail is never held in memory whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from retainer.audit.selectors import AuditEntry
from retainer.core.csv_export import csv_chunks, inert


def audit_csv(entries: Iterable[AuditEntry], zone: ZoneInfo) -> Iterator[str]:
    """The header in the reader's language, then the entries; people's texts made inert."""
    header = [_("When"), _("Who"), _("Action"), _("What"), _("Object"), _("Client"),
              _("State"), _("Reason or note"), _("Changed fields"), _("Record id")]
    return csv_chunks(header, ([
        timezone.localtime(entry.at, zone).strftime("%Y-%m-%d %H:%M"),
        inert(entry.actor), entry.action_label, entry.kind_label, inert(entry.title),
        inert(entry.client), entry.detail, inert(entry.reason), ", ".join(entry.changed),
        entry.object_id,
    ] for entry in entries))

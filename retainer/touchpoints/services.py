"""Writes for statuses and retrospectives (BRIEF C7).

A status may be recorded any day it was held, up to today; a retrospective looks back on one
approved milestone of the client, once: the milestone's row is locked while its retrospective
is recorded, and the database's unique key settles what the lock cannot (two first
retrospectives on a backend without row locks). Refusals name the field and change nothing.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from retainer.accounts.models import User
from retainer.agreements.models import Deliverable, DeliverableStatus
from retainer.clients.models import Client
from retainer.core.history import by
from retainer.core.templatetags.retainer import day
from retainer.touchpoints.models import Touchpoint, TouchpointKind

EDITABLE = ("held_on", "notes", "feedback_requested", "feedback")


def _today(client: Client) -> date:
    return timezone.localdate(timezone=ZoneInfo(client.agency.timezone))


def _fields(data: dict, *, today: date, partial: bool = False) -> dict:
    fields = {name: data[name] for name in EDITABLE if name in data}
    errors = {}
    if "notes" in fields or not partial:
        fields["notes"] = str(fields.get("notes") or "").strip()
        if not fields["notes"]:
            errors["notes"] = _("Write what was discussed.")
    if "feedback" in fields:
        fields["feedback"] = str(fields["feedback"] or "").strip()
    if "held_on" in fields or not partial:
        held_on = fields.get("held_on")
        if held_on is None:
            errors["held_on"] = _("Say when it was held.")
        elif held_on > today:
            errors["held_on"] = _("Record it once it has been held: %(day)s is still ahead.") % {
                "day": day(held_on)}
    if errors:
        raise ValidationError(errors)
    return fields


def _milestone(client: Client, deliverable: Deliverable | None, held_on: date) -> Deliverable:
    """The approved milestone of this client a retrospective looks back on, locked."""
    if deliverable is None:
        raise ValidationError({"deliverable": _("Choose the milestone the retrospective looks "
                                                "back on.")})
    locked = (Deliverable.objects.select_for_update(of=("self",)).select_related("agreement")
              .filter(pk=deliverable.pk).first())
    if locked is None or locked.agreement.client_id != client.pk:
        raise ValidationError({"deliverable": _("The milestone belongs to another client.")})
    if locked.status != DeliverableStatus.APPROVED or locked.actual_done is None:
        raise ValidationError({"deliverable": _("A retrospective looks back on an approved "
                                                "milestone; “%(title)s” is not approved yet.")
                                              % {"title": locked.title}})
    if held_on < locked.actual_done:
        raise ValidationError({"held_on": _("A retrospective comes after its milestone, "
                                            "approved on %(day)s.")
                                          % {"day": day(locked.actual_done)}})
    held = (Touchpoint.objects.filter(deliverable=locked, kind=TouchpointKind.RETROSPECTIVE)
            .values_list("held_on", flat=True).first())
    if held is not None:
        raise ValidationError({"deliverable": _("This milestone already has its retrospective, "
                                                "held on %(day)s.") % {"day": day(held)}})
    return locked


def _save(touchpoint: Touchpoint, user: User | None) -> None:
    # The audit trail names the actor also when no web request is around (the API's token
    # user, a replayed demo).
    by(user, touchpoint)
    touchpoint.save()


@transaction.atomic
def touchpoint_record(*, client: Client, data: dict, user: User | None,
                      today: date | None = None) -> Touchpoint:
    """Record a status or a retrospective held with the client. `data`: kind (status by
    default), deliverable (a retrospective's milestone), held_on, notes, feedback_requested,
    feedback."""
    kind = data.get("kind") or TouchpointKind.STATUS
    if kind not in TouchpointKind.values:
        raise ValidationError({"kind": _("Choose a status or a retrospective.")})
    fields = _fields(data, today=today or _today(client))
    deliverable = data.get("deliverable")
    if kind == TouchpointKind.RETROSPECTIVE:
        deliverable = _milestone(client, deliverable, fields["held_on"])
    elif deliverable is not None:
        raise ValidationError({"deliverable": _("A status is not about one milestone: record "
                                                "a retrospective for it.")})
    touchpoint = Touchpoint(agency_id=client.agency_id, client=client, kind=kind,
                            deliverable=deliverable, held_by=user, **fields)
    try:
        with transaction.atomic():
            _save(touchpoint, user)
    except IntegrityError:
        raise ValidationError({"deliverable": _("This milestone already has its "
                                                "retrospective.")}) from None
    return touchpoint


@transaction.atomic
def touchpoint_update(*, touchpoint: Touchpoint, data: dict, user: User | None,
                      today: date | None = None) -> Touchpoint:
    """Change what was recorded — most often the feedback, which arrives later. The kind and
    the milestone stay as recorded."""
    stored = (Touchpoint.objects.select_for_update(of=("self",))
              .select_related("client__agency", "deliverable").get(pk=touchpoint.pk))
    fields = _fields(data, today=today or _today(stored.client), partial=True)
    if (stored.kind == TouchpointKind.RETROSPECTIVE and stored.deliverable is not None
            and fields.get("held_on", stored.held_on) < stored.deliverable.actual_done):
        raise ValidationError({"held_on": _("A retrospective comes after its milestone, "
                                            "approved on %(day)s.")
                                          % {"day": day(stored.deliverable.actual_done)}})
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    for name, value in fields.items():
        setattr(stored, name, value)
    if changed:
        _save(stored, user)
    return stored

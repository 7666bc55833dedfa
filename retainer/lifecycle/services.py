"""Writes for the lifecycle: suggestions computed from the events, the manager's answer to
them, a stage set by hand, and the keep-in-touch reminders after a project.

Every change of stage locks the client's row first, so an acceptance, a rejection, a stage
set by hand and a refresh running at the same moment never cross: a suggestion is accepted
only while the client is still in the stage it was made for, and the stage and its history
row are written together or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency, Membership, User
from retainer.accounts.roles import Role
from retainer.clients.models import Client, Stage
from retainer.core.calendar import business_calendar
from retainer.core.history import by
from retainer.lifecycle.models import StageChange, StageSuggestion
from retainer.lifecycle.selectors import keep_in_touch_due, lifecycle_histories
from retainer.notifications.models import Notification, NotificationKind
from retainer.notifications.services import notify
from retainer.policy.services import policy_current
from retainer.rules import lifecycle as rules
from retainer.rules.business_time import is_working_time

# Keys of notifications already sent are looked up this many at a time.
KEY_CHUNK = 500


def _today(agency: Agency, now: datetime) -> date:
    return timezone.localdate(now, ZoneInfo(agency.timezone))


def _save(instance, user: User | None, moment: datetime) -> None:
    # The audit trail names the actor and the moment of the service's call, also when no web
    # request is around (the API's token user, the periodic check, a replayed demo).
    by(user, instance)
    instance._history_date = moment
    instance.save()


def lifecycle_refresh(*, agency: Agency, now: datetime,
                      client_ids: Iterable[int] | None = None) -> int:
    """Suggest each client's next stage from their events (all the agency's clients, or
    those given): a new suggestion replaces a pending one the events no longer support, and
    one they no longer support at all is withdrawn. Returns the number of suggestions made."""
    policy = policy_current(agency=agency)
    histories = lifecycle_histories(agency=agency, today=_today(agency, now),
                                    client_ids=client_ids)
    pending_rows = StageSuggestion.objects.for_agency(agency).filter(decided_at__isnull=True)
    if client_ids is not None:
        pending_rows = pending_rows.filter(client_id__in=list(histories))
    pending = {suggestion.client_id: suggestion for suggestion in pending_rows}
    made = 0
    for client_id, history in histories.items():
        found = rules.suggest_stage(history, policy)
        current = pending.get(client_id)
        if found is None and current is None:
            continue
        if current is not None and found is not None and _same(current, history.stage, found):
            continue
        made += _replace(client_id, history.stage, found, now)
    return made


def _same(suggestion: StageSuggestion, stage: str, found: rules.StageSuggestion) -> bool:
    return (suggestion.from_stage, suggestion.stage, suggestion.reason_code,
            suggestion.event_on) == (stage, found.stage, found.reason.rule, found.on)


@transaction.atomic
def _replace(client_id: int, stage: str, found: rules.StageSuggestion | None,
             now: datetime) -> bool:
    client = Client.objects.select_for_update().get(pk=client_id)
    if client.stage != stage:
        return False  # changed a moment ago; the next refresh reads the new stage
    for stale in StageSuggestion.objects.filter(client=client, decided_at__isnull=True):
        by(None, stale)
        stale._history_date = now
        stale.delete()
    if found is None:
        return False
    suggestion = StageSuggestion(
        agency_id=client.agency_id, client=client, from_stage=stage, stage=found.stage,
        reason_code=found.reason.rule, reason_params=dict(found.reason.figures),
        event_on=found.on, policy_version=found.policy_version, suggested_at=now)
    try:
        with transaction.atomic():
            _save(suggestion, None, now)
    except IntegrityError:
        return False  # another refresh suggested it meanwhile
    return True


def _locked(suggestion: StageSuggestion) -> tuple[StageSuggestion, Client]:
    client = Client.objects.select_for_update().get(pk=suggestion.client_id)
    suggestion = StageSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.decided_at is not None:
        raise ValidationError(_("This suggestion has already been answered."))
    if client.stage != suggestion.from_stage:
        raise ValidationError(_("The client's stage has changed since this suggestion was "
                                "made; it no longer applies."))
    return suggestion, client


def _decide(suggestion: StageSuggestion, user: User | None, accepted: bool,
            now: datetime) -> None:
    suggestion.decided_at = now
    suggestion.decided_by = user
    suggestion.accepted = accepted
    _save(suggestion, user, now)


@transaction.atomic
def suggestion_accept(*, suggestion: StageSuggestion, user: User | None,
                      note: str = "", now: datetime | None = None) -> StageChange:
    """Move the client to the suggested stage, since the day of the event behind it, and
    suggest what follows."""
    now = now or timezone.now()
    suggestion, client = _locked(suggestion)
    _decide(suggestion, user, True, now)
    # The history reads forward: a stage never begins before the one it follows.
    previous = _last_effective_on(client)
    effective_on = max(suggestion.event_on, previous) if previous else suggestion.event_on
    change = _change(client, suggestion.stage, user=user, reason=(note or "").strip(),
                     effective_on=effective_on, now=now, suggestion=suggestion)
    lifecycle_refresh(agency=client.agency, now=now, client_ids=[client.pk])
    return change


@transaction.atomic
def suggestion_reject(*, suggestion: StageSuggestion, user: User | None,
                      now: datetime | None = None) -> StageSuggestion:
    """Keep the client's stage: the same event is not suggested again, a newer one is."""
    now = now or timezone.now()
    suggestion, client = _locked(suggestion)
    _decide(suggestion, user, False, now)
    lifecycle_refresh(agency=client.agency, now=now, client_ids=[client.pk])
    return suggestion


@transaction.atomic
def stage_set(*, client: Client, stage: str, user: User | None, reason: str,
              now: datetime | None = None, effective_on: date | None = None) -> StageChange:
    """The manager moves the client to a stage by hand, saying why; a pending suggestion
    made for the old stage is withdrawn."""
    now = now or timezone.now()
    client = Client.objects.select_for_update().select_related("agency").get(pk=client.pk)
    today = _today(client.agency, now)
    effective_on = effective_on or today
    errors = {}
    if stage not in Stage.values:
        errors["stage"] = _("Choose one of the lifecycle stages.")
    elif stage == client.stage:
        errors["stage"] = _("The client is already at this stage.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why the stage changes.")
    if effective_on > today:
        errors["effective_on"] = _("A stage cannot begin in the future.")
    last = _last_effective_on(client)
    if last is not None and effective_on < last:
        errors["effective_on"] = _("The stage cannot begin before the previous one "
                                   "(%(day)s).") % {"day": last.isoformat()}
    if errors:
        raise ValidationError(errors)
    for stale in StageSuggestion.objects.filter(client=client, decided_at__isnull=True):
        by(user, stale)
        stale._history_date = now
        stale.delete()
    change = _change(client, stage, user=user, reason=reason, effective_on=effective_on,
                     now=now)
    lifecycle_refresh(agency=client.agency, now=now, client_ids=[client.pk])
    return change


def _last_effective_on(client: Client) -> date | None:
    return (StageChange.objects.filter(client=client).order_by("-changed_at", "-id")
            .values_list("effective_on", flat=True).first())


def _change(client: Client, stage: str, *, user: User | None, reason: str,
            effective_on: date, now: datetime,
            suggestion: StageSuggestion | None = None) -> StageChange:
    change = StageChange.objects.create(
        agency_id=client.agency_id, client=client, from_stage=client.stage, to_stage=stage,
        effective_on=effective_on, changed_at=now, changed_by=user, reason=reason,
        suggestion=suggestion)
    client.stage = stage
    _save(client, user, now)
    return change


def lifecycle_check(*, now: datetime | None = None) -> int:
    """Refresh the suggestions of every agency; returns the number made."""
    now = now or timezone.now()
    return sum(lifecycle_refresh(agency=agency, now=now)
               for agency in Agency.objects.order_by("pk"))


# ---- keep in touch ------------------------------------------------------------------------------

def keep_in_touch_check(*, now: datetime | None = None) -> int:
    """Remind each account manager of their past clients due a keep-in-touch — once per
    client and due date, and only in the agency's working hours: the first run of the next
    working window catches up. A client whose manager has left the agency is the owners'.
    Returns the number of notifications created."""
    now = now or timezone.now()
    created = 0
    for agency in Agency.objects.order_by("pk"):
        if is_working_time(business_calendar(agency), now):
            created += _remind(agency, now)
    return created


def _remind(agency: Agency, now: datetime) -> int:
    due = list(keep_in_touch_due(agency=agency, manager_id=None, today=_today(agency, now))
               .values("pk", "name", "account_manager_id", "last_contact_on",
                       "contact_due_on"))
    if not due:
        return 0
    keys = {row["pk"]: f"keep_in_touch:{row['pk']}:{row['contact_due_on'].isoformat()}"
            for row in due}
    sent: set[str] = set()
    values = list(keys.values())
    for start in range(0, len(values), KEY_CHUNK):
        sent.update(Notification.objects.for_agency(agency).filter(
            kind=NotificationKind.KEEP_IN_TOUCH, subject_key__in=values[start:start + KEY_CHUNK])
            .values_list("subject_key", flat=True))
    members = {m.user_id: m for m in Membership.objects.filter(agency=agency)
               .select_related("user")}
    owners = [m.user for m in sorted(members.values(), key=lambda m: (m.created_at, m.pk))
              if m.role == Role.OWNER]
    created = 0
    for row in due:
        key = keys[row["pk"]]
        if key in sent:
            continue
        manager = members.get(row["account_manager_id"])
        for user in [manager.user] if manager else owners:
            created += notify(
                agency=agency, user=user, kind=NotificationKind.KEEP_IN_TOUCH, subject_key=key,
                params={"client": row["name"],
                        "last_contact": row["last_contact_on"].isoformat()
                        if row["last_contact_on"] else "",
                        "due": row["contact_due_on"].isoformat()},
                url=reverse("client_detail", kwargs={"client_id": row["pk"]}),
            ) is not None
    return created

"""Writes for conflict cases: opening, the four steps in order, hand-overs, closing with the
solution, and the escalation of cases left open too long.

Every write to a case locks its row first, so two managers recording the next step at the
same moment record it once (the second is told which step is next now), and a hand-over
cannot cross a closing. Closing is the last step: it records "solve the problem" with the
solution, and the database refuses a closed case without one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency, Membership, User
from retainer.clients.models import Client
from retainer.conflicts.models import (
    STEPS,
    ConflictCase,
    ConflictHandover,
    ConflictStep,
    Nature,
    Step,
)
from retainer.conflicts.selectors import case_facts
from retainer.conversations.models import Interaction
from retainer.core.calendar import business_calendar
from retainer.core.history import by
from retainer.core.services import model_update
from retainer.policy.services import policy_current
from retainer.rules import conflicts as rules
from retainer.rules.business_time import is_working_time
from retainer.worklist.models import TaskKind
from retainer.worklist.services import task_open

CASE_FIELDS = ("title", "nature", "summary")


def _is_member(agency_id: int, user_id: int | None) -> bool:
    return user_id is not None and Membership.objects.filter(agency_id=agency_id,
                                                             user_id=user_id).exists()


def _case_data(data: dict, *, partial: bool = False) -> dict:
    """The case's own fields from `data`, refused when a required one is blank or the nature
    is not one of the three (forms say so first; other callers are held to the same)."""
    fields = {name: data[name] for name in CASE_FIELDS if name in data}
    errors = {}
    for name in ("title", "summary"):
        if (name in fields or not partial) and not str(fields.get(name) or "").strip():
            errors[name] = _("This field is required.")
    if fields.get("nature") and fields["nature"] not in Nature.values:
        errors["nature"] = _("Choose unfounded emotion, criticism of the work or criticism "
                             "of a person.")
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def case_open(*, client: Client, data: dict, user: User | None,
              source: Interaction | None = None, now: datetime | None = None) -> ConflictCase:
    """A new case, carried by the client's account manager (or by whoever opens it when the
    client has none in the agency)."""
    if source is not None and source.client_id != client.pk:
        raise ValidationError({"source": _("The message belongs to another client.")})
    manager_id = client.account_manager_id
    if not _is_member(client.agency_id, manager_id):
        manager_id = user.pk if user is not None else None
    case = ConflictCase(agency_id=client.agency_id, client=client, source=source,
                        opened_at=now or timezone.now(), opened_by=user, manager_id=manager_id,
                        **_case_data(data))
    _save(case, user, case.opened_at)
    return case


@transaction.atomic
def case_update(*, case: ConflictCase, data: dict) -> ConflictCase:
    # The stored row decides: a form has already copied its data onto `case`.
    if _locked(case).closed_at is not None:
        raise ValidationError(_("A closed case is kept as it was closed."))
    return model_update(instance=case, data=_case_data(data, partial=True))


def _locked(case: ConflictCase) -> ConflictCase:
    return ConflictCase.objects.select_for_update(of=("self",)).select_related(
        "client__agency").get(pk=case.pk)


def _save(case: ConflictCase, user: User | None, moment: datetime | None = None) -> None:
    # The audit trail names the actor and the moment of the service's call, also when no
    # web request is around (the API's token user, the escalation check, a replayed demo).
    by(user, case)
    if moment is not None:
        case._history_date = moment
    case.save()


def _step_moment(case: ConflictCase, at: datetime | None, now: datetime) -> datetime:
    at = at or now
    if at > now:
        raise ValidationError({"at": _("A step cannot be recorded in the future.")})
    previous = case.steps.order_by("-at").values_list("at", flat=True).first()
    if previous is not None and at < previous:
        raise ValidationError({"at": _("A step cannot come before the previous one.")})
    return at


def _open_case(case: ConflictCase) -> None:
    if case.closed_at is not None:
        raise ValidationError(_("The case is closed."))


@transaction.atomic
def case_step_record(*, case: ConflictCase, note: str, user: User | None,
                     step: str | None = None, at: datetime | None = None,
                     now: datetime | None = None) -> ConflictStep:
    """Record the case's next step. `step` names the step the user saw as next: when someone
    else recorded it meanwhile, the call is refused rather than recording the wrong one. The
    last step, solving the problem, closes the case with `note` as the solution."""
    now = now or timezone.now()
    case = _locked(case)
    _open_case(case)
    expected = case.next_step
    if step and step != expected:
        if step not in STEPS:
            raise ValidationError({"step": _("Unknown step.")})
        raise ValidationError({"step": _("The steps go in order: the next one is “%(step)s”.")
                                       % {"step": Step(expected).label}})
    if expected == Step.SOLVE:
        return _close(case, solution=note, user=user, at=at, now=now)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write what happened at this step.")})
    recorded = ConflictStep.objects.create(
        agency_id=case.agency_id, case=case, step=expected, note=note,
        at=_step_moment(case, at, now), recorded_by=user)
    case.steps_done += 1
    _save(case, user, now)
    return recorded


@transaction.atomic
def case_close(*, case: ConflictCase, solution: str, user: User | None,
               at: datetime | None = None, now: datetime | None = None) -> ConflictCase:
    """Solve the problem: the last step, with the solution recorded, closes the case."""
    case = _locked(case)
    _open_case(case)
    _close(case, solution=solution, user=user, at=at, now=now or timezone.now())
    return case


def _close(case: ConflictCase, *, solution: str, user: User | None, at: datetime | None,
           now: datetime) -> ConflictStep:
    solution = (solution or "").strip()
    if not solution:
        raise ValidationError({"solution": _("A case is closed only with its solution "
                                             "recorded.")})
    if case.next_step != Step.SOLVE:
        raise ValidationError(_("The steps go in order: record “%(step)s” before closing the "
                                "case.") % {"step": Step(case.next_step).label})
    moment = _step_moment(case, at, now)
    solved = ConflictStep.objects.create(agency_id=case.agency_id, case=case, step=Step.SOLVE,
                                         note=solution, at=moment, recorded_by=user)
    case.steps_done = len(STEPS)
    case.solution = solution
    case.closed_at = moment
    _save(case, user, now)
    return solved


@transaction.atomic
def case_hand_over(*, case: ConflictCase, to_manager: User, reason: str, user: User | None,
                   now: datetime | None = None) -> ConflictHandover:
    """Pass the case to another member of the agency — often a more neutral colleague —
    recording from whom, to whom, when and why."""
    now = now or timezone.now()
    case = _locked(case)
    _open_case(case)
    if not _is_member(case.agency_id, to_manager.pk):
        raise ValidationError({"to_manager": _("Choose a member of the agency.")})
    if to_manager.pk == case.manager_id:
        raise ValidationError({"to_manager": _("This member already carries the case.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the case changes hands.")})
    handover = ConflictHandover.objects.create(
        agency_id=case.agency_id, case=case, from_manager_id=case.manager_id,
        to_manager=to_manager, reason=reason, handed_at=now, handed_by=user)
    case.manager = to_manager
    _save(case, user, now)
    return handover


def conflicts_escalate(*, now: datetime | None = None, agency: Agency | None = None) -> int:
    """Open a follow-up task for every case open longer than its agency's policy allows — an
    unresolved conflict is a time bomb. Each case escalates once: its task goes to the case's
    manager, and a second case of the same client adds to that client's open task. Like every
    escalation, only inside the agency's working hours: the first run of the next working
    window catches up. Returns the number of cases escalated (of one agency, if given)."""
    now = now or timezone.now()
    waiting = ConflictCase.objects.filter(closed_at__isnull=True, escalated_at__isnull=True)
    if agency is not None:
        waiting = waiting.filter(agency=agency)
    escalated = 0
    for tenant in Agency.objects.filter(pk__in=waiting.values("agency_id")).order_by("pk"):
        if not is_working_time(business_calendar(tenant), now):
            continue
        policy = policy_current(agency=tenant)
        # The rule decides each case; this only spares it the cases far too young.
        cutoff = now - timedelta(days=policy.conflict_escalation_days)
        ids = list(waiting.filter(agency=tenant, opened_at__lt=cutoff)
                   .order_by("opened_at", "id").values_list("pk", flat=True))
        for case_id in ids:
            escalated += _escalate(case_id, now)
    return escalated


@transaction.atomic
def _escalate(case_id: int, now: datetime) -> bool:
    case = ConflictCase.objects.select_for_update(of=("self",)).select_related(
        "client__agency", "manager").get(pk=case_id)
    if case.closed_at is not None or case.escalated_at is not None:
        return False  # closed or escalated by another run a moment ago
    facts, policy = case_facts(case, now)
    found = next((s for s in rules.suggest(facts, [], policy) if s.id == rules.ESCALATE), None)
    if found is None:
        return False
    figures = dict(found.reason.figures)
    reader = case.manager
    with translation.override(getattr(reader, "language", "") or case.client.reading_language):
        reason = _("Conflict «%(title)s» has been open for %(days)s days; the policy escalates "
                   "after %(limit)s. An unresolved conflict is a time bomb.") % {
            "title": case.title, "days": figures["open_days"], "limit": figures["limit_days"]}
    task_open(client=case.client, kind=TaskKind.CONFLICT, reason=reason, now=now,
              assignee_id=case.manager_id)
    case.escalated_at = now
    _save(case, None, now)
    return True

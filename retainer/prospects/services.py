"""Writes for qualifying prospects: the portrait (and the re-scoring it brings), prospects,
the front office's decision, the conversion into a client with a draft agreement, and the
sales plans.

A decision is recorded only by sales or an owner (article 001: "only certain people decide
interesting / not interesting"); the service checks the member itself, so no caller — page,
API, demo or command — records one for anybody else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency, Membership, User
from retainer.accounts.roles import Perm, role_allows
from retainer.agreements.models import Agreement, AgreementKind, AgreementStatus
from retainer.agreements.services import agreement_create
from retainer.clients.models import AcquisitionChannel, Client, Segment, Stage
from retainer.clients.services import client_create, contact_create
from retainer.core.history import by
from retainer.policy.services import policy_current
from retainer.prospects.models import Decision, Portrait, Prospect, SalesPlan
from retainer.prospects.portraits import (
    criteria_clean,
    default_criteria,
    portrait_rule,
    prospect_facts,
    scored,
)
from retainer.rules import qualification as rules

PROSPECT_FIELDS = ("name", "company", "contact_name", "contact_email", "contact_phone",
                   "language", "segment", "budget", "industry", "decision_days", "region",
                   "source", "decision_maker", "notes")
PLAN_FIELDS = ("starts_on", "ends_on", "clients_planned", "value_planned", "note")
RESCORE_BATCH = 500


@dataclass(frozen=True)
class Conversion:
    prospect: Prospect
    client: Client
    agreement: Agreement


class AlreadyConverted(ValidationError):
    def __init__(self, prospect: Prospect):
        when = timezone.localtime(prospect.converted_at).strftime("%Y-%m-%d %H:%M")
        super().__init__(_("This prospect already became a client at %(when)s.")
                         % {"when": when})


def _save(instance, user: User | None, moment: datetime | None = None, **kwargs) -> None:
    # The audit trail names the actor and the moment of the service's call, also when no
    # web request is around (the API's token user, a replayed demo).
    by(user, instance)
    if moment is not None:
        instance._history_date = moment
    instance.save(**kwargs)


# The portrait.

def portrait_current(*, agency: Agency) -> Portrait:
    """The agency's portrait, written from article 001's defaults on first use."""
    portrait, _created = Portrait.objects.get_or_create(agency=agency, defaults={
        "criteria": criteria_clean(default_criteria(agency.currency)), "changed_at": timezone.now(),
        "note": _("The starting portrait of article 001.")})
    return portrait


@transaction.atomic
def portrait_update(*, agency: Agency, criteria: object, user: User | None, note: str = "",
                    now: datetime | None = None) -> tuple[Portrait, bool]:
    """Write the portrait's new version and re-score every prospect of the agency with it.
    Returns the portrait and whether anything changed (the same criteria write nothing)."""
    rows = criteria_clean(criteria)
    now = now or timezone.now()
    portrait_current(agency=agency)
    portrait = Portrait.objects.select_for_update().get(agency=agency)
    if rows == portrait.criteria:
        return portrait, False
    portrait.criteria = rows
    portrait.version += 1
    portrait.note = (note or "").strip()[:300]
    portrait.changed_at = now
    portrait.changed_by = user
    _save(portrait, user, now)
    prospects_rescore(agency=agency, portrait=portrait)
    return portrait, True


def prospects_rescore(*, agency: Agency, portrait: Portrait) -> int:
    """Score every prospect of the agency against `portrait`, in batches: one read of the
    rows and one UPDATE per batch. The history keeps prospects' own changes, not these."""
    rule = portrait_rule(portrait)
    rescored = 0
    batch: list[Prospect] = []
    for prospect in Prospect.objects.for_agency(agency).order_by("pk").only(
            "pk", *PROSPECT_FIELDS).iterator(chunk_size=RESCORE_BATCH):
        for name, value in scored(rules.score(prospect_facts(prospect), rule)).items():
            setattr(prospect, name, value)
        batch.append(prospect)
        if len(batch) == RESCORE_BATCH:
            rescored += _write_scores(batch)
            batch = []
    return rescored + _write_scores(batch)


def _write_scores(batch: list[Prospect]) -> int:
    return Prospect.objects.bulk_update(batch, ["score", "contributions", "portrait_version"])


def _score(prospect: Prospect) -> None:
    rule = portrait_rule(portrait_current(agency=prospect.agency))
    for name, value in scored(rules.score(prospect_facts(prospect), rule)).items():
        setattr(prospect, name, value)


# Prospects.

@transaction.atomic
def prospect_create(*, agency: Agency, data: dict, user: User | None,
                    now: datetime | None = None) -> Prospect:
    now = now or timezone.now()
    prospect = Prospect(agency=agency, created_by=user, created_at=now,
                        **{name: data[name] for name in PROSPECT_FIELDS if name in data})
    _score(prospect)
    _save(prospect, user, now)
    return prospect


@transaction.atomic
def prospect_update(*, prospect: Prospect, data: dict, user: User | None,
                    now: datetime | None = None) -> Prospect:
    """Save the prospect's changes and its score against the current portrait; the same
    data writes nothing."""
    stored = _locked(prospect)
    changes = {name: data[name] for name in PROSPECT_FIELDS
               if name in data and getattr(stored, name) != data[name]}
    if changes:
        for name, value in changes.items():
            setattr(stored, name, value)
        _score(stored)
        _save(stored, user, now)
    return stored


def _locked(prospect: Prospect) -> Prospect:
    return Prospect.objects.select_for_update(of=("self",)).select_related("agency").get(
        pk=prospect.pk)


def may_qualify(membership: Membership | None, agency_id: int) -> bool:
    return (membership is not None and membership.agency_id == agency_id
            and role_allows(membership.role, Perm.QUALIFY))


@transaction.atomic
def prospect_decide(*, prospect: Prospect, decision: str, reason: str = "",
                    membership: Membership | None, now: datetime | None = None) -> Prospect:
    """Record "interesting" or "not interesting". Only sales and owners decide; turning a
    prospect down takes a reason (the reasons are how the filter itself is checked), and so
    does changing a decision — the history keeps every one. The same decision again changes
    nothing."""
    if not may_qualify(membership, prospect.agency_id):
        raise PermissionDenied(_("Only sales and owners decide whether a prospect is "
                                 "interesting."))
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose interesting or not interesting.")})
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason within 2000 characters.")})
    now = now or timezone.now()
    stored = _locked(prospect)
    if stored.decision == decision:
        return stored
    if stored.converted_at is not None:
        raise ValidationError(_("The prospect has become a client; its decision stays."))
    if stored.decision and not reason:
        raise ValidationError({"reason": _("Say why the decision changes.")})
    if decision == Decision.NOT_INTERESTING and not reason:
        raise ValidationError({"reason": _("Say why the prospect is not interesting: the "
                                           "reasons are how the filter is checked.")})
    stored.decision = decision
    stored.decision_reason = reason
    stored.decided_by = membership.user
    stored.decided_at = now
    stored.decided_score = stored.score
    _save(stored, membership.user, now)
    return stored


def _hourly_rate(agency: Agency) -> Decimal:
    """The rate of the agency's latest agreement in force: the draft starts from what the
    agency charges now."""
    rate = (Agreement.objects.for_agency(agency).exclude(status=AgreementStatus.DRAFT)
            .order_by("-starts_on", "-id").values_list("hourly_rate", flat=True).first())
    return rate if rate is not None else Decimal(0)


@transaction.atomic
def prospect_convert(*, prospect: Prospect, user: User | None,
                     account_manager: User | None = None,
                     now: datetime | None = None) -> Conversion:
    """An interesting prospect becomes a client at the "sale" stage, in its language, with
    its contact and a draft agreement on the agency policy's terms — all or nothing. A
    prospect converts once."""
    now = now or timezone.now()
    stored = _locked(prospect)
    agency = stored.agency
    if stored.converted_at is not None:
        raise AlreadyConverted(stored)
    if stored.decision != Decision.INTERESTING:
        raise ValidationError(_("Only a prospect decided interesting becomes a client."))
    if account_manager is not None and not Membership.objects.filter(
            agency=agency, user=account_manager).exists():
        raise ValidationError({"account_manager": _("Choose a member of the agency.")})
    client = client_create(agency=agency, data={
        "name": stored.company, "language": stored.language,
        "segment": stored.segment or Segment.SMALL_BUSINESS, "industry": stored.industry,
        "acquisition_channel": stored.source or AcquisitionChannel.OTHER,
        "expected_annual_value": stored.budget or Decimal(0), "stage": Stage.SALE,
        "account_manager": account_manager, "notes": stored.notes,
    })
    if stored.contact_name:
        contact_create(client=client, data={
            "name": stored.contact_name, "email": stored.contact_email,
            "phone": stored.contact_phone, "is_decision_maker": stored.decision_maker is True,
        })
    policy = policy_current(agency=agency)
    with translation.override(client.reading_language):
        title = stored.name or _("Agreement with %(company)s") % {"company": stored.company}
    agreement = agreement_create(client=client, data={
        "title": title[:200], "kind": AgreementKind.PROJECT, "status": AgreementStatus.DRAFT,
        "starts_on": timezone.localtime(now, ZoneInfo(agency.timezone)).date(),
        "response_target_hours": policy.response_target_hours,
        "revision_rounds": policy.revision_rounds,
        "free_change_threshold_min": policy.free_change_threshold_min,
        "monthly_free_budget_min": policy.monthly_free_budget_min,
        "hourly_rate": _hourly_rate(agency),
        "daily_capacity_hours": policy.daily_capacity_hours,
        "period_months": policy.retainer_period_months,
    })
    stored.client = client
    stored.converted_at = now
    _save(stored, user, now)
    return Conversion(stored, client, agreement)


# Sales plans.

def _no_overlap(agency: Agency, data: dict, plan_id: int | None = None) -> None:
    # The agency row is locked so that two plans written at once cannot both pass.
    list(Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk", flat=True))
    overlapping = (SalesPlan.objects.for_agency(agency)
                   .filter(starts_on__lte=data["ends_on"], ends_on__gte=data["starts_on"])
                   .exclude(pk=plan_id).order_by("starts_on").first())
    if overlapping is not None:
        raise ValidationError({"starts_on": _(
            "The period overlaps the plan for %(start)s – %(end)s: each day counts in one "
            "plan.") % {"start": overlapping.starts_on, "end": overlapping.ends_on}})


def _plan_data(data: dict) -> dict:
    fields = {name: data[name] for name in PLAN_FIELDS if name in data}
    if fields["ends_on"] < fields["starts_on"]:
        raise ValidationError({"ends_on": _("The end date must not be before the start "
                                            "date.")})
    return fields


@transaction.atomic
def sales_plan_create(*, agency: Agency, data: dict, user: User | None,
                      now: datetime | None = None) -> SalesPlan:
    fields = _plan_data(data)
    _no_overlap(agency, fields)
    now = now or timezone.now()
    plan = SalesPlan(agency=agency, created_by=user, created_at=now, **fields)
    _save(plan, user, now)
    return plan


@transaction.atomic
def sales_plan_update(*, plan: SalesPlan, data: dict, user: User | None) -> SalesPlan:
    stored = SalesPlan.objects.select_for_update().select_related("agency").get(pk=plan.pk)
    fields = _plan_data({name: getattr(stored, name) for name in PLAN_FIELDS} | data)
    _no_overlap(stored.agency, fields, plan_id=stored.pk)
    for name, value in fields.items():
        setattr(plan, name, value)
    if any(getattr(stored, name) != value for name, value in fields.items()):
        _save(plan, user)
    return plan

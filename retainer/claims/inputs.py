"""The rules' plain inputs for a claim, read from the database as they stood when the client
made it: the agreement's terms, the facts about what the claim points at, what the client is
worth, and the client's earlier unfounded claims.

What the client is worth (`ClientEconomics`) rests on two assumptions, because neither the
client's record nor the policy holds these figures yet; the figures they gave are kept with
every concession (`inputs["economics_basis"]`), so a decision can still be explained after
the assumptions change:

- the **margin** is the policy's margin share of the client's expected annual value
  (`retainer.agreements.economics`, shared with recovery plans);
- the **churn risk**, the chance that the client leaves within the year if we do not give
  way, starts from the relationship's stage (`rules.claims.churn_risk`: highest in a storm, nothing
  left to lose once it has ended) and rises with the mean triage negativity of the client's
  messages of the last `NEGATIVITY_DAYS` days: risk = base + (1 − base) × negativity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Avg, Q
from django.utils.translation import gettext as _

from retainer.agreements.economics import client_economics
from retainer.agreements.models import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    DueDateChange,
    KpiMeasurement,
    PromisedKpi,
)
from retainer.claims.models import Claim, Concession, Target
from retainer.clients.models import Client, Stage
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.core.calendar import business_calendar
from retainer.policy.services import policy_current
from retainer.rules import claims as rules
from retainer.rules.business_time import BusinessCalendar, business_time_between
from retainer.rules.policy import Policy
from retainer.rules.scope.terms import as_record

NEGATIVITY_DAYS = 30


@dataclass(frozen=True)
class ClaimInputs:
    claim: rules.Claim
    terms: rules.ClaimTerms
    facts: rules.ClaimFacts
    economics: rules.ClientEconomics
    history: rules.ClaimHistory
    policy: Policy
    economics_basis: dict

    def as_record(self) -> dict:
        """What the assessment and the concession read, as the concession keeps it: plain
        JSON (amounts and moments as text, a pause as an ISO 8601 duration)."""
        record = {"claim": as_record(self.claim), "terms": as_record(self.terms),
                  "calendar": self.terms.calendar.timezone, "facts": as_record(self.facts),
                  "economics": as_record(self.economics), "history": as_record(self.history),
                  "economics_basis": self.economics_basis}
        return json.loads(json.dumps(record, cls=DjangoJSONEncoder))


def rules_claim(claim: Claim, language: str) -> rules.Claim:
    return rules.Claim(
        target=claim.target, made_at=claim.made_at,
        target_id=claim.deliverable_id if claim.target == Target.DELIVERABLE
        else claim.kpi_id if claim.target == Target.KPI else None,
        result=claim.result, ask=claim.ask, asked_min=claim.asked_min,
        asked_amount=claim.asked_amount, language=language,
    )


def claim_inputs(claim: Claim) -> ClaimInputs:
    """Everything `assess_claim` and `decide_concession` read, or a ValidationError naming
    what does not belong to the claim's agreement. `claim` comes with its client, agency
    and agreement."""
    client, agreement = claim.client, claim.agreement
    agency = client.agency
    if agreement.client_id != client.pk:
        raise ValidationError({"agreement": _("The agreement belongs to another client.")})
    if claim.asked_min < 0 or claim.asked_amount < 0:
        raise ValidationError(_("What the claim asks for cannot cost less than nothing."))
    calendar = business_calendar(agency)
    policy = policy_current(agency=agency)
    terms, facts = _target(claim, agreement, calendar)
    risk, base, mood = churn_risk(client=client, now=claim.made_at)
    economics = client_economics(client=client, agreement=agreement, churn_risk=risk,
                                 policy=policy)
    basis = {"expected_annual_value": client.expected_annual_value,
             "margin_pct": policy.client_margin_pct, "stage": client.stage,
             "stage_churn_risk": base, "negativity_days": NEGATIVITY_DAYS, "negativity": mood,
             "client_acquisition_cost": client.acquisition_cost}
    return ClaimInputs(
        claim=rules_claim(claim, client.reading_language), terms=terms, facts=facts,
        economics=economics, history=_history(claim, policy, calendar), policy=policy,
        economics_basis=basis,
    )


def _target(claim: Claim, agreement: Agreement,
            calendar: BusinessCalendar) -> tuple[rules.ClaimTerms, rules.ClaimFacts]:
    """The agreement as far as the claim's target needs it, and the facts about the target."""
    deliverables: tuple[rules.Deliverable, ...] = ()
    kpis: tuple[rules.PromisedKpi, ...] = ()
    facts = rules.ClaimFacts()
    if claim.target == Target.DELIVERABLE:
        item = _deliverable(claim, agreement)
        deliverables = (rules.Deliverable(item.pk, item.title, _due_when_made(item, claim)),)
        facts = rules.ClaimFacts(progress=rules.DeliverableProgress(
            done_on=item.actual_done, rejected=item.status == DeliverableStatus.REJECTED))
    elif claim.target == Target.KPI:
        kpi = _kpi(claim, agreement)
        kpis = (rules.PromisedKpi(kpi.pk, kpi.name, kpi.target, kpi.tolerance_pct,
                                  kpi.direction, kpi.unit),)
        made_on = claim.made_at.astimezone(ZoneInfo(calendar.timezone)).date()
        latest = (KpiMeasurement.objects.filter(kpi_id=kpi.pk, measured_on__lte=made_on)
                  .order_by("-measured_on", "-id").values_list("actual", "measured_on").first())
        if latest is not None:
            facts = rules.ClaimFacts(measurement=rules.KpiMeasurement(*latest))
    elif claim.target == Target.COMMUNICATION:
        facts = rules.ClaimFacts(reply=_reply_wait(claim, calendar))
    elif claim.target == Target.NOT_PROMISED:
        listed = [each.strip().casefold() for each in agreement.not_promised]
        if claim.result.strip().casefold() not in listed:
            raise ValidationError({"result": _(
                "The agreement does not list «%(result)s» among the results it does not "
                "promise.") % {"result": claim.result}})
    terms = rules.ClaimTerms(
        deliverables=deliverables, kpis=kpis, not_promised=tuple(agreement.not_promised),
        response_target_hours=agreement.response_target_hours, calendar=calendar)
    return terms, facts


def _deliverable(claim: Claim, agreement: Agreement) -> Deliverable:
    if claim.deliverable_id is None:
        raise ValidationError({"deliverable": _("Choose the deliverable the claim is about.")})
    item = Deliverable.objects.filter(pk=claim.deliverable_id).first()
    if item is None or item.agreement_id != agreement.pk:
        raise ValidationError({"deliverable": _(
            "The deliverable belongs to another agreement or another client.")})
    return item


def _due_when_made(item: Deliverable, claim: Claim):
    """The due date the agreement held when the client complained: a due date moved since
    then was something else on the day of the claim."""
    moved_later = (DueDateChange.objects.filter(deliverable_id=item.pk,
                                                changed_at__gt=claim.made_at)
                   .order_by("changed_at", "id").values_list("before", flat=True).first())
    return moved_later or item.planned_due


def _kpi(claim: Claim, agreement: Agreement) -> PromisedKpi:
    if claim.kpi_id is None:
        raise ValidationError({"kpi": _("Choose the promised KPI the claim is about.")})
    kpi = PromisedKpi.objects.filter(pk=claim.kpi_id).first()
    if kpi is None or kpi.agreement_id != agreement.pk:
        raise ValidationError({"kpi": _("The KPI is promised in another agreement.")})
    return kpi


def _reply_wait(claim: Claim, calendar: BusinessCalendar) -> rules.ReplyWait:
    message = (Interaction.objects.filter(pk=claim.message_id).first()
               if claim.message_id is not None else None)
    if message is None:
        raise ValidationError({"message": _("Choose the client's message we replied to late.")})
    check_waiting_message(message, client_id=claim.client_id, made_at=claim.made_at)
    # A thread's first message earns the first-reply target; the same reading as the reply
    # clocks (`rules.response.answers`): any earlier message in the thread, from either side.
    earlier = Interaction.objects.filter(
        client_id=claim.client_id, kind=Kind.MESSAGE, thread=message.thread,
    ).filter(Q(occurred_at__lt=message.occurred_at)
             | Q(occurred_at=message.occurred_at, pk__lt=message.pk)).exists()
    paused = timedelta(seconds=message.paused_seconds)
    if message.paused_since is not None and message.paused_since < claim.made_at:
        paused += business_time_between(calendar, message.paused_since, claim.made_at)
    return rules.ReplyWait(received_at=message.occurred_at, replied_at=message.replied_at,
                           first_in_thread=not earlier, paused=paused)


def check_waiting_message(message: Interaction, *, client_id: int, made_at: datetime) -> None:
    """A claim about our reply points at a message the client sent us before the claim."""
    if message.client_id != client_id:
        raise ValidationError({"message": _("The message belongs to another client.")})
    if message.direction != Direction.INBOUND or message.kind != Kind.MESSAGE:
        raise ValidationError({"message": _("Choose a message the client sent us.")})
    if message.occurred_at >= made_at:
        raise ValidationError({"message": _("The message must come before the claim.")})


def churn_risk(*, client: Client, now: datetime) -> tuple[Decimal, Decimal, Decimal]:
    """The churn risk (see the module doc), with the stage's base and the mood it rose by."""
    negativity = Interaction.objects.filter(
        agency_id=client.agency_id, client_id=client.pk, direction=Direction.INBOUND,
        occurred_at__gte=now - timedelta(days=NEGATIVITY_DAYS), occurred_at__lte=now,
        negativity__isnull=False,
    ).aggregate(mean=Avg("negativity"))["mean"]
    mood = Decimal(str(round(negativity, 2))) if negativity is not None else Decimal(0)
    risk, base = rules.churn_risk(client.stage, mood)
    return risk, base, mood if client.stage != Stage.ENDED else Decimal(0)


def _history(claim: Claim, policy: Policy, calendar: BusinessCalendar) -> rules.ClaimHistory:
    """The days of the client's other unfounded claims made in the policy's window up to this
    one (a day more, for the time zone: the rules count whole days)."""
    window = timedelta(days=policy.unfounded_claims_window_days + 1)
    made = (Concession.objects.filter(
        agency_id=claim.agency_id, client_id=claim.client_id, founded=False,
        claim__made_at__gte=claim.made_at - window, claim__made_at__lte=claim.made_at,
    ).exclude(claim_id=claim.pk).order_by("claim__made_at").values_list("claim__made_at",
                                                                         flat=True))
    zone = ZoneInfo(calendar.timezone)
    return rules.ClaimHistory(unfounded_on=tuple(moment.astimezone(zone).date()
                                                 for moment in made))

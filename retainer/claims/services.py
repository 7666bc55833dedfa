"""Writes for claims and their concessions.

A claim is recorded by hand or from the client's message. Its assessment and concession are
one record, written in one transaction with the review task a refusal may open; assessments
of one client are serialized on the client's row, so the count of the client's unfounded
claims is read by one assessment at a time, and the one-to-one key from a concession to its
claim makes a second assessment of the same claim impossible whatever the database.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from retainer.accounts.models import User
from retainer.agreements.models import Agreement, Channel
from retainer.claims.inputs import check_waiting_message, claim_inputs, rules_claim
from retainer.claims.models import Claim, Concession, Outcome, Target
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Direction, Interaction
from retainer.core.history import by
from retainer.rules import claims as rules
from retainer.rules.scope.terms import Reason
from retainer.worklist.models import TaskKind
from retainer.worklist.services import task_open

OVERRIDE_REASON_MIN = 10
AMOUNT_MAX = Decimal(10) ** 12  # what the amount column holds
# The rule ids of an assessment, as opposed to those the concession adds after them.
ASSESSMENT_RULES = frozenset({
    rules.RULE_DELIVERABLE_LATE, rules.RULE_DELIVERABLE_REJECTED, rules.RULE_DELIVERABLE_KEPT,
    rules.RULE_KPI_MISSED, rules.RULE_KPI_MET, rules.RULE_KPI_NOT_MEASURED,
    rules.RULE_REPLY_LATE, rules.RULE_REPLY_ON_TIME, rules.RULE_NOT_PROMISED,
    rules.RULE_NO_TERM,
})
GRANT, REFUSE = "grant", "refuse"


class AlreadyAssessed(Exception):
    def __init__(self, concession: Concession):
        self.concession = concession
        who = str(concession.decided_by) if concession.decided_by else _("someone")
        when = timezone.localtime(concession.decided_at).strftime("%Y-%m-%d %H:%M")
        super().__init__(_("This claim was already assessed by %(who)s at %(when)s.")
                         % {"who": who, "when": when})


@transaction.atomic
def claim_create(*, client: Client, agreement: Agreement, data: dict, user: User | None,
                 source: Interaction | None = None, now: datetime | None = None) -> Claim:
    """Record a claim. Only the object its target names is kept (a deliverable, a KPI, the
    message we replied to, a result not promised); each must belong to the claim's agreement
    or client."""
    now = now or timezone.now()
    data = dict(data)
    if agreement.client_id != client.pk:
        raise ValidationError({"agreement": _("The agreement belongs to another client.")})
    target = data.get("target") or Target.NOTHING
    if target not in Target.values:
        raise ValidationError({"target": _("Choose what the claim is about.")})
    if source is not None and (source.client_id != client.pk
                               or source.direction != Direction.INBOUND):
        raise ValidationError({"source": _("The claim can only come from this client's "
                                           "message.")})
    made_at = data.get("made_at") or (source.occurred_at if source else now)
    if made_at > now:
        raise ValidationError({"made_at": _("A claim cannot come from the future.")})
    words = (data.get("words") or "").strip()
    if not words:
        raise ValidationError({"words": _("Write down what the client said.")})
    asked_min = data.get("asked_min") or 0
    asked_amount = Decimal(data.get("asked_amount") or 0)
    if asked_min < 0 or asked_amount < 0:
        raise ValidationError(_("What the claim asks for cannot cost less than nothing."))
    if asked_amount >= AMOUNT_MAX:
        raise ValidationError({"asked_amount": _("The amount is too large.")})
    ask = (data.get("ask") or "").strip()
    fields = {"deliverable": None, "kpi": None, "message": None, "result": ""}
    if target == Target.DELIVERABLE:
        fields["deliverable"] = _of_agreement(data.get("deliverable"), agreement, "deliverable",
                                              _("Choose the deliverable the claim is about."))
    elif target == Target.KPI:
        fields["kpi"] = _of_agreement(data.get("kpi"), agreement, "kpi",
                                      _("Choose the promised KPI the claim is about."))
    elif target == Target.COMMUNICATION:
        message = data.get("message")
        if message is None:
            raise ValidationError({"message": _("Choose the client's message we replied to "
                                                "late.")})
        check_waiting_message(message, client_id=client.pk, made_at=made_at)
        fields["message"] = message
    elif target == Target.NOT_PROMISED:
        fields["result"] = _listed_result(data.get("result") or "", agreement)
    return Claim.objects.create(
        agency_id=client.agency_id, client=client, agreement=agreement, target=target,
        words=words, ask=ask, asked_min=asked_min, asked_amount=asked_amount, made_at=made_at,
        source=source, folded=f"{ask}\n{words}".casefold(), created_by=user, created_at=now,
        **fields,
    )


def _of_agreement(item, agreement: Agreement, field: str, missing: str):
    if item is None:
        raise ValidationError({field: missing})
    if item.agreement_id != agreement.pk:
        raise ValidationError({field: _("It belongs to another agreement or another client.")})
    return item


def _listed_result(result: str, agreement: Agreement) -> str:
    """The result as the agreement lists it among those not promised."""
    wanted = result.strip().casefold()
    listed = next((each for each in agreement.not_promised
                   if each.strip().casefold() == wanted), None) if wanted else None
    if listed is None:
        raise ValidationError({"result": _(
            "Choose one of the results the agreement lists as not promised: %(listed)s.")
            % {"listed": "; ".join(agreement.not_promised) or "—"}})
    return listed


def claim_assess(*, claim: Claim, user: User | None, now: datetime | None = None) -> Concession:
    """Assess the claim and decide the concession by the rules, and record both; or raise
    `AlreadyAssessed`. A refusal that flags the relationship for review opens a review task."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # One assessment of a client at a time: the client's unfounded claims are counted
            # under the client's row lock. A claim assessed before fails the one-to-one key.
            claim = Claim.objects.select_related(
                "client__agency", "client__account_manager", "agreement",
            ).select_for_update(of=("client",)).get(pk=claim.pk)
            inputs = claim_inputs(claim)
            try:
                assessment = rules.assess_claim(inputs.claim, inputs.terms, inputs.facts,
                                                inputs.policy)
                result = rules.decide_concession(assessment, inputs.economics, inputs.history,
                                                 inputs.policy)
            except ValueError as error:
                raise ValidationError(_("The claim cannot be assessed against its "
                                        "agreement: %(error)s") % {"error": error}) from None
            concession = Concession(
                agency_id=claim.agency_id, claim=claim, client_id=claim.client_id,
                founded=assessment.founded, outcome=result.outcome,
                computed_outcome=result.outcome, granted=result.granted,
                computed_granted=result.granted, review=result.review, cost=result.cost,
                trivial_cost=result.trivial_cost, retention_value=result.retention_value,
                acquisition_cost=result.acquisition_cost, currency=result.currency,
                reasons=[reason.as_dict() for reason in result.reasons],
                policy_version=result.policy_version, inputs=inputs.as_record(),
                reply=result.reply, decided_by=user, decided_at=now,
            )
            if result.review:
                concession.task = _review(concession, result, inputs.policy)
            _audited(concession, user)
            return concession
    except IntegrityError:
        existing = Concession.objects.select_related("decided_by").filter(
            claim_id=claim.pk).first()
        if existing is None:
            raise
        raise AlreadyAssessed(existing) from None


def _audited(record: Concession, user: User | None, **save) -> None:
    """Save with the acting manager in the audit trail, whether the call came from a page,
    the API or the demo."""
    by(user, record)
    record.save(**save)


def _review(concession: Concession, result: rules.Concession, policy):
    claim = concession.claim
    client = claim.client
    reader = client.account_manager
    count = next(dict(reason.figures)["count"] for reason in result.reasons
                 if reason.rule == rules.RULE_TOO_MANY_UNFOUNDED)
    with translation.override(getattr(reader, "language", "") or client.reading_language):
        reason = _("%(count)s unfounded claims in %(days)s days; the latest, «%(claim)s», was "
                   "refused citing the agreement. Review the relationship.") % {
            "count": count, "days": policy.unfounded_claims_window_days, "claim": str(claim)}
    return task_open(client=client, kind=TaskKind.REVIEW, reason=reason,
                     now=concession.decided_at)


def _locked(concession: Concession) -> Concession:
    return Concession.objects.select_for_update(of=("self",)).select_related(
        "claim__client__agency", "claim__agreement",
    ).get(pk=concession.pk)


def redraft(concession: Concession) -> str:
    """The rules' reply for the concession as it now stands, from what it recorded."""
    claim = concession.claim
    language = concession.inputs.get("claim", {}).get("language",
                                                      claim.client.reading_language)
    reasons = tuple(Reason(item["rule"], tuple(item["figures"].items()))
                    for item in concession.reasons)
    assessment = rules.ClaimAssessment(
        claim=rules_claim(claim, language), founded=concession.founded,
        made_on=claim.made_at.astimezone(ZoneInfo(claim.client.agency.timezone)).date(),
        reasons=tuple(r for r in reasons if r.rule in ASSESSMENT_RULES),
        policy_version=concession.policy_version)
    result = rules.Concession(
        outcome=concession.outcome, granted=concession.granted, review=concession.review,
        cost=concession.cost, trivial_cost=concession.trivial_cost,
        retention_value=concession.retention_value,
        acquisition_cost=concession.acquisition_cost, currency=concession.currency,
        reasons=reasons, policy_version=concession.policy_version)
    return rules.draft_reply(assessment, result)


@transaction.atomic
def claim_override(*, concession: Concession, decision: str, reason: str, user: User | None,
                   now: datetime | None = None) -> Concession:
    """A manager grants what the rules refused, or refuses what they granted, only with a
    written reason and only before the reply went out. A founded claim stays "fix and
    admit": the override concerns the compensation asked on top of the fix."""
    now = now or timezone.now()
    concession = _locked(concession)
    reason = (reason or "").strip()
    if len(reason) < OVERRIDE_REASON_MIN:
        raise ValidationError({"reason": _("Write why the outcome differs from the rules "
                                           "(at least %(n)s characters).")
                                         % {"n": OVERRIDE_REASON_MIN}})
    if decision not in (GRANT, REFUSE):
        raise ValidationError({"decision": _("Choose to grant or to refuse what the client "
                                             "asks.")})
    if concession.reply_sent_at is not None:
        raise ValidationError(_("The reply has already gone to the client; the decision can "
                                "no longer be changed."))
    granted = decision == GRANT
    if granted == concession.granted:
        raise ValidationError({"decision": _("This is already the outcome.")})
    concession.granted = granted
    if not concession.founded:
        concession.outcome = Outcome.CONCEDE if granted else Outcome.REFUSE
    concession.override_reason = reason
    concession.overridden_by = user
    concession.overridden_at = now
    concession.reply = redraft(concession)
    _audited(concession, user)
    return concession


@transaction.atomic
def claim_reply_save(*, concession: Concession, reply: str) -> Concession:
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": _("The reply cannot be empty.")})
    concession = _locked(concession)
    concession.reply = reply
    concession.save(update_fields=["reply"])
    return concession


@transaction.atomic
def claim_reply_sent(*, concession: Concession, user: User | None, channel: str,
                     contact: Contact | None = None, now: datetime | None = None
                     ) -> Interaction:
    """The reply went to the client (by e-mail from here, or copied into another channel):
    it is logged as our message, which also answers the client's waiting messages."""
    from retainer.conversations.services import interaction_create

    now = now or timezone.now()
    concession = _locked(concession)
    claim = concession.claim
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the reply was sent.")})
    if contact is not None and contact.client_id != claim.client_id:
        raise ValidationError({"contact": _("The contact belongs to another client.")})
    interaction = interaction_create(client=claim.client, data={
        "channel": channel, "direction": Direction.OUTBOUND, "author": user,
        "contact": contact, "occurred_at": now, "text": concession.reply,
        "subject": str(claim)[:200],
    })
    concession.reply_sent_at = now
    _audited(concession, user, update_fields=["reply_sent_at"])
    return interaction


def claim_reply_send(*, concession: Concession, user: User | None, channel: str,
                     contact: Contact | None) -> Interaction:
    """By e-mail the reply leaves from here; through another channel it was copied there by
    hand. Either way it is then logged as our message."""
    if contact is not None and contact.client_id != concession.claim.client_id:
        raise ValidationError({"contact": _("The contact belongs to another client.")})
    if channel == Channel.EMAIL:
        if contact is None or not contact.email:
            raise ValidationError({"contact": _("Choose a contact with an e-mail address.")})
        send_mail(str(concession.claim)[:200], concession.reply, settings.DEFAULT_FROM_EMAIL,
                  [contact.email])
    return claim_reply_sent(concession=concession, user=user, channel=channel,
                            contact=contact)

"""Writes for requests, decisions, the client's answers and the discrepancy register.

Every write that the register depends on happens in one transaction: a decision with its
bonus entry and renegotiate task; a client's answer with its register entry and the moved due
dates or the raised budget. Decisions of one client are serialized on the client's row, so
the free budget and the count of requests beyond the agreement are read and charged by one
decision at a time; the one-to-one key from a decision to its request makes a second
decision of the same request impossible whatever the database.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from retainer.accounts.models import User
from retainer.agreements.models import Agreement, Channel, Deliverable, DeliverableStatus
from retainer.agreements.services import due_changes_record
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Interaction
from retainer.core.calendar import business_calendar
from retainer.core.history import bulk_created, bulk_updated, by, created, saved
from retainer.core.prepared import PreparedObjects, PreparedValues
from retainer.policy.services import policy_current
from retainer.rules import scope as rules
from retainer.rules.business_time import add_business_days
from retainer.rules.scope.reply import draft_reply, estimate, money
from retainer.scope.models import (
    Answer,
    ClientRequest,
    Decision,
    Discrepancy,
    DiscrepancyKind,
    Outcome,
)
from retainer.worklist.models import TaskKind
from retainer.worklist.services import task_open

OVERRIDE_REASON_MIN = 10


class AlreadyDecided(Exception):
    def __init__(self, decision: Decision):
        self.decision = decision
        who = str(decision.decided_by) if decision.decided_by else _("someone")
        when = timezone.localtime(decision.decided_at).strftime("%Y-%m-%d %H:%M")
        super().__init__(_("This request was already decided by %(who)s at %(when)s.")
                         % {"who": who, "when": when})


@transaction.atomic
def request_create(*, client: Client, agreement: Agreement, data: dict, user: User | None,
                   source: Interaction | None = None, now: datetime | None = None
                   ) -> ClientRequest:
    if agreement.client_id != client.pk:
        raise ValidationError({"agreement": _("The agreement belongs to another client.")})
    deliverable = data.get("deliverable")
    if deliverable is not None and deliverable.agreement_id != agreement.pk:
        raise ValidationError({"deliverable": _("The deliverable belongs to another agreement.")})
    return ClientRequest.objects.create(
        agency_id=client.agency_id, client=client, agreement=agreement, source=source,
        created_by=user, created_at=now or timezone.now(), **data,
    )


def month_start(moment: datetime, zone: str) -> date:
    return timezone.localtime(moment, ZoneInfo(zone)).date().replace(day=1)


# The reads of every decision, compiled once (see core.prepared): building these querysets
# costs more than running them.
_ITEMS = PreparedValues("scope items", Deliverable)
_USAGE = PreparedValues("scope usage", Decision)
_REQUEST = PreparedObjects("request to decide", ClientRequest, for_update=True)
_DECISION = PreparedObjects("decision to change", Decision, for_update=True)
_MOVED = PreparedObjects("deliverables to move", Deliverable, for_update=True)


def decision_inputs(client_request: ClientRequest, now: datetime):
    """The rules' plain inputs for a request, read from the database as of `now`."""
    agreement = client_request.agreement
    client = client_request.client
    agency = client.agency
    policy = policy_current(agency=agency)
    calendar = business_calendar(agency)
    period = month_start(now, agency.timezone)
    items = tuple(
        rules.ScopeItem(row["pk"], row["title"], row["planned_due"],
                        row["status"] != DeliverableStatus.APPROVED)
        for row in _ITEMS.rows((), (agreement.pk,), lambda: Deliverable.objects.filter(
            agreement_id=agreement.pk).order_by("planned_due", "id").values(
            "pk", "title", "planned_due", "status"))
    )
    terms = rules.AgreementTerms(
        items=items, revision_rounds=agreement.revision_rounds,
        free_change_threshold_min=agreement.free_change_threshold_min,
        monthly_free_budget_min=agreement.monthly_free_budget_min,
        hourly_rate=agreement.hourly_rate, daily_capacity_hours=agreement.daily_capacity_hours,
        currency=agency.currency, calendar=calendar,
    )
    window_start = now - timedelta(days=policy.renegotiate_window_days)
    used = _usage(client, agreement, client_request.deliverable_id, period, window_start)
    usage = rules.Usage(revision_rounds_used=used["rounds"], free_minutes_used=used["free"] or 0,
                        beyond_agreement_recent=used["recent"])
    request = rules.ScopeRequest(
        kind=client_request.kind, estimate_min=client_request.estimate_min,
        deliverable_id=client_request.deliverable_id, title=client_request.title,
        language=client.reading_language,
    )
    return request, terms, usage, policy, period


def _usage(client: Client, agreement: Agreement, deliverable_id: int | None, period: date,
           window_start: datetime) -> dict:
    """One read of everything the usage needs, among the client's own decisions (the
    deliverable and the agreement are the client's too; the index starts with the client)."""
    # The values in the order the ORM binds them (checked when first compiled): the
    # aggregates' filters, each Q's keywords sorted, then the WHERE clause.
    params = ((deliverable_id, rules.REVISION) if deliverable_id else ()) + (
        period, agreement.pk, window_start, Outcome.INCLUDED.value, client.agency_id, client.pk)

    def query():
        revision = Q(request__deliverable_id=deliverable_id, request__kind=rules.REVISION) \
            if deliverable_id else Q(pk=None)
        return (Decision.objects.filter(agency_id=client.agency_id, client_id=client.pk)
                .values("client_id").order_by().annotate(
                    rounds=Count("pk", filter=revision),
                    free=Sum("free_minutes_charged",
                             filter=Q(request__agreement_id=agreement.pk, budget_period=period)),
                    recent=Count("pk", filter=Q(decided_at__gte=window_start)
                                 & ~Q(outcome=Outcome.INCLUDED)),
                ))

    found = _USAGE.rows((bool(deliverable_id),), params, query)
    return found[0] if found else {"rounds": 0, "free": 0, "recent": 0}


def request_decide(*, client_request: ClientRequest, user: User | None,
                   now: datetime | None = None) -> Decision:
    """Decide the request by the rules and record it, or raise `AlreadyDecided`."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # One decision of a client at a time: the budget and the counts are read under
            # the client's row lock. A request decided before fails the one-to-one key below.
            client_request = _locked_request(client_request.pk)
            request, terms, usage, policy, period = decision_inputs(client_request, now)
            result = rules.decide_request(request, terms, usage, policy)
            decision = created(
                Decision, user,
                agency_id=client_request.agency_id, request=client_request,
                client_id=client_request.client_id, outcome=result.outcome,
                computed_outcome=result.outcome, classification=result.classification,
                reasons=[reason.as_dict() for reason in result.reasons],
                policy_version=result.policy_version,
                inputs={"request": rules.as_record(request), "terms": rules.as_record(terms),
                        "usage": rules.as_record(usage), "calendar": terms.calendar.timezone},
                price=_cents(result.price), currency=result.currency, shift_days=result.shift_days,
                shifts=_shifts(result.shifts), free_minutes_charged=result.free_minutes_charged,
                budget_period=period, renegotiate=result.renegotiate, reply=result.reply,
                decided_by=user, decided_at=now,
            )
            if result.outcome == rules.BONUS:
                _bonus_entry(decision, user, now)
            if result.renegotiate:
                _renegotiate(decision, usage.beyond_agreement_recent + 1, policy)
            return decision
    except IntegrityError:
        existing = Decision.objects.select_related("decided_by").filter(
            request_id=client_request.pk).first()
        if existing is None:
            raise
        raise AlreadyDecided(existing) from None


def _locked_request(pk: int) -> ClientRequest:
    return _REQUEST.get((), (pk,), lambda: ClientRequest.objects.select_related(
        "client__agency", "client__account_manager", "agreement",
    ).select_for_update(of=("client",)).filter(pk=pk))


def _cents(value: Decimal | None) -> Decimal | None:
    """As the price column stores it, so the decision reads the same before and after."""
    return None if value is None else value.quantize(Decimal("0.01"))


def _shifts(shifts) -> list[dict]:
    return [{"deliverable": s.deliverable_id, "title": s.title, "before": s.before.isoformat(),
             "after": s.after.isoformat()} for s in shifts]


def _client_words(client: Client):
    """Register entries are read by the client: they are written in the client's language."""
    return translation.override(client.reading_language)


def _bonus_entry(decision: Decision, user: User | None, now: datetime) -> Discrepancy:
    client_request = decision.request
    with _client_words(client_request.client):
        if decision.classification == rules.OVER_ROUNDS:
            before = _("Revision rounds included: %(rounds)s, all used") % {
                "rounds": client_request.agreement.revision_rounds}
        else:
            before = _("Not part of the agreement")
        after = _("Done free of charge as a bonus beyond the agreement (%(estimate)s)") % {
            "estimate": estimate(client_request.estimate_min, client_request.client.reading_language)}
    return created(
        Discrepancy, user, agency_id=decision.agency_id, agreement_id=client_request.agreement_id,
        client_id=decision.client_id, kind=DiscrepancyKind.SCOPE, subject=client_request.title,
        before=before, after=after, agreed_at=now, request=client_request,
        deliverable_id=client_request.deliverable_id, is_bonus=True,
        communicated=decision.reply_sent_at is not None, recorded_by=user, recorded_at=now,
    )


def _renegotiate(decision: Decision, count: int, policy) -> None:
    client = decision.request.client
    reader = client.account_manager
    with translation.override(getattr(reader, "language", "") or client.reading_language):
        reason = _("%(count)s requests beyond the agreement in %(days)s days; the latest: "
                   "«%(title)s».") % {"count": count, "days": policy.renegotiate_window_days,
                                      "title": decision.request.title}
    task_open(client=client, kind=TaskKind.RENEGOTIATE, reason=reason, now=decision.decided_at)


def _locked(decision: Decision) -> Decision:
    return _DECISION.get((), (decision.pk,), lambda: Decision.objects.select_for_update(
        of=("self",)).select_related(
        "request__client__agency", "request__agreement", "request__deliverable",
    ).filter(pk=decision.pk))


@transaction.atomic
def decision_override(*, decision: Decision, outcome: str, reason: str, user: User | None,
                      now: datetime | None = None) -> Decision:
    """A manager's different outcome, only with a written reason and only before the client
    answered. The figures of the new outcome are computed by the same rules, and the reply is
    drafted again; a bonus's register entry follows the outcome."""
    now = now or timezone.now()
    decision = _locked(decision)
    reason = (reason or "").strip()
    if len(reason) < OVERRIDE_REASON_MIN:
        raise ValidationError({"reason": _("Write why the outcome differs from the rules "
                                           "(at least %(n)s characters).")
                                         % {"n": OVERRIDE_REASON_MIN}})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if decision.answer:
        raise ValidationError(_("The client has already answered; the decision can no longer "
                                "be changed."))
    if outcome == decision.outcome:
        raise ValidationError({"outcome": _("This is already the outcome.")})
    client_request = decision.request
    request, terms, usage, policy, _period = decision_inputs(client_request, decision.decided_at)
    base = rules.RequestDecision(
        outcome=outcome, classification=decision.classification,
        reasons=tuple(rules.Reason(item["rule"], tuple(item["figures"].items()))
                      for item in decision.reasons),
        policy_version=decision.policy_version, currency=decision.currency,
    )
    fields = {"price": None, "shift_days": None, "shifts": [], "free_minutes_charged": 0}
    if outcome == Outcome.CHOICE:
        days = rules.shift_days(request.estimate_min, terms.daily_capacity_hours)
        shifts = tuple(
            rules.Shift(item.id, item.title, item.due,
                        add_business_days(terms.calendar, item.due, days))
            for item in rules.affected(request, terms)) if days else ()
        base = replace(base, price=rules.price(request.estimate_min, terms.hourly_rate,
                                               policy.price_rounding_step),
                       shift_days=days, shifts=shifts)
        fields.update(price=_cents(base.price), shift_days=days, shifts=_shifts(shifts))
    elif outcome == Outcome.BONUS:
        fields["free_minutes_charged"] = request.estimate_min
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.outcome = outcome
    decision.override_reason = reason
    decision.reply = draft_reply(request, base)
    by(user, decision)
    decision.save()
    bonus_entries = Discrepancy.objects.filter(request=client_request, is_bonus=True)
    if outcome == Outcome.BONUS and not bonus_entries.exists():
        _bonus_entry(decision, user, now)
    elif outcome != Outcome.BONUS:
        bonus_entries.delete()
    return decision


@transaction.atomic
def decision_reply_save(*, decision: Decision, reply: str) -> Decision:
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": _("The reply cannot be empty.")})
    decision = _locked(decision)
    decision.reply = reply
    return saved(decision, None, ["reply"])


@transaction.atomic
def decision_reply_sent(*, decision: Decision, user: User | None, channel: str,
                        contact: Contact | None = None, now: datetime | None = None
                        ) -> Interaction:
    """The reply went to the client (by e-mail from here, or copied into another channel):
    it is logged as our message, which also answers the client's waiting messages, and the
    bonus entry becomes communicated."""
    from retainer.conversations.services import interaction_create

    now = now or timezone.now()
    decision = _locked(decision)
    client_request = decision.request
    interaction = interaction_create(client=client_request.client, data={
        "channel": channel, "direction": "out", "author": user, "contact": contact,
        "occurred_at": now, "text": decision.reply,
        "subject": client_request.title[:200],
    })
    decision.reply_sent_at = now
    saved(decision, user, ["reply_sent_at"])
    Discrepancy.objects.filter(request=client_request, is_bonus=True).update(communicated=True)
    return interaction


def decision_reply_send(*, decision: Decision, user: User | None, channel: str,
                        contact: Contact | None) -> Interaction:
    """By e-mail the reply leaves from here; through another channel it was copied there by
    hand. Either way it is then logged as our message."""
    if channel == Channel.EMAIL:
        send_mail(decision.request.title, decision.reply, settings.DEFAULT_FROM_EMAIL,
                  [contact.email])
    return decision_reply_sent(decision=decision, user=user, channel=channel, contact=contact)


@transaction.atomic
def decision_answer(*, decision: Decision, answer: str, user: User | None,
                    agreed_by: Contact | None = None, agreed_by_name: str = "",
                    agreed_at: datetime | None = None) -> Decision:
    """The client's answer to a choice, with its register entry and its effect — the raised
    budget (pay) or the moved due dates (shift) — in one transaction."""
    now = timezone.now()
    agreed_at = agreed_at or now
    decision = _locked(decision)
    if decision.outcome != Outcome.CHOICE:
        raise ValidationError(_("Only a choice is answered by the client."))
    if decision.answer:
        raise ValidationError(_("The client's answer is already recorded: %(answer)s.")
                              % {"answer": decision.answer_label})
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose pay, shift or defer.")})
    if agreed_by is not None and agreed_by.client_id != decision.client_id:
        raise ValidationError({"agreed_by": _("The contact belongs to another client.")})
    if agreed_by is None and not agreed_by_name.strip():
        raise ValidationError({"agreed_by": _("Say who on the client's side agreed.")})
    client_request = decision.request
    client = client_request.client
    entry = {
        "agency_id": decision.agency_id, "agreement_id": client_request.agreement_id,
        "client_id": client.pk, "subject": client_request.title, "agreed_by": agreed_by,
        "agreed_by_name": agreed_by_name.strip(), "agreed_at": agreed_at,
        "request": client_request, "communicated": True, "recorded_by": user,
        "recorded_at": now,
    }
    language = client.reading_language
    with _client_words(client):
        if answer == Answer.PAY:
            agreement = Agreement.objects.select_for_update().get(pk=client_request.agreement_id)
            before = agreement.budget
            agreement.budget = (before or Decimal(0)) + decision.price
            saved(agreement, user, ["budget"])
            created(
                Discrepancy, user, kind=DiscrepancyKind.BUDGET,
                before=money(before, decision.currency, language) if before is not None
                else _("no agreed budget"),
                after=_("%(total)s (+%(price)s for extra work)") % {
                    "total": money(agreement.budget, decision.currency, language),
                    "price": money(decision.price, decision.currency, language)},
                **entry)
        elif answer == Answer.SHIFT:
            calendar = business_calendar(client.agency)
            notice_days = policy_current(agency=client.agency).unannounced_shift_notice_days
            keys = [item["deliverable"] for item in decision.shifts]
            moved = _MOVED.objects((len(keys),), keys, lambda: Deliverable.objects
                                   .select_for_update().filter(pk__in=keys)
                                   .order_by("planned_due", "id"))
            changes = []
            for deliverable in moved:
                changes.append((deliverable, deliverable.planned_due))
                deliverable.planned_due = add_business_days(calendar, deliverable.planned_due,
                                                            decision.shift_days)
            # Rows of one answer are written together, the audit trail included.
            bulk_updated(Deliverable, moved, ["planned_due"], user, now)
            due_changes_record(changes=changes, user=user, agreed_by_client=True, now=now,
                               calendar=calendar, notice_days=notice_days, client_id=client.pk)
            entries = [Discrepancy(
                kind=DiscrepancyKind.DEADLINE, deliverable=deliverable,
                before=_("%(deliverable)s due %(day)s") % {
                    "deliverable": deliverable.title, "day": before.isoformat()},
                after=_("due %(day)s") % {"day": deliverable.planned_due.isoformat()}, **entry)
                for deliverable, before in changes] or [Discrepancy(
                    kind=DiscrepancyKind.DEADLINE, before=_("No deadline affected"),
                    after=_("Done when time frees up, no extra payment"), **entry)]
            bulk_created(Discrepancy, entries, user, now)
        else:
            created(
                Discrepancy, user, kind=DiscrepancyKind.SCOPE, before=_("Requested"),
                after=_("Deferred by the client"), **entry)
    decision.answer = answer
    decision.answered_at = agreed_at
    return saved(decision, user, ["answer", "answered_at"])

"""The audit log: the audit trail's historical tables read as one stream, newest first.

Each audited model keeps its own history table (django-simple-history); the log is a UNION
ALL of one `.values()` query per table with the same columns, so a page or an export is one
query whatever the size of the trail, plus a few per page to name the actors and to say
which fields a change touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, NullIf, Substr
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from retainer.accounts.models import Agency, Membership, User
from retainer.accounts.roles import Role
from retainer.agreements.models import (
    Agreement,
    AgreementStatus,
    Deliverable,
    DeliverableStatus,
    PromisedKpi,
)
from retainer.claims.models import Claim, Concession, Target
from retainer.claims.models import Outcome as ClaimOutcome
from retainer.policy.models import PolicyVersion
from retainer.scope.models import Decision
from retainer.scope.models import Outcome as DecisionOutcome

# Prefixed: the audited models have fields of their own called `title`, `kind` or `client`.
COLUMNS = ("log_at", "log_actor_id", "log_action", "log_kind", "log_object_id", "log_entry_id",
           "log_link_id", "log_title", "log_client", "log_detail", "log_reason")

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class Source:
    """One audited table and how its rows fill the log's columns."""

    kind: str
    label: Promise
    model: type
    title: object
    link: str = "id"
    client: object = Value("")
    detail: str = ""
    details: type | None = None
    reason: object = Value("")

    @property
    def history(self):
        return self.model.history.model

    def rows(self, agency: Agency, actor_id: int | None, since, until) -> QuerySet:
        rows = _within(self.history.objects.filter(agency_id=agency.pk), "history_user_id",
                       "history_date", actor_id, since, until)
        # Every column is an annotation, in the same order for every table: a UNION pairs
        # columns by position.
        return rows.annotate(
            log_at=F("history_date"), log_actor_id=F("history_user_id"),
            log_action=F("history_type"), log_kind=Value(self.kind), log_object_id=F("id"),
            log_entry_id=F("history_id"), log_link_id=F(self.link),
            log_title=_text(self.title), log_client=_text(self.client),
            log_detail=F(self.detail) if self.detail else Value(""),
            log_reason=_text(self.reason),
        ).values(*COLUMNS)


def _within(rows: QuerySet, actor: str, at: str, actor_id: int | None, since, until
            ) -> QuerySet:
    """The rows by `actor_id` and from `since` until before `until`, each when given."""
    if actor_id is not None:
        rows = rows.filter(**{actor: actor_id})
    if since is not None:
        rows = rows.filter(**{f"{at}__gte": since})
    if until is not None:
        rows = rows.filter(**{f"{at}__lt": until})
    return rows


def _text(expression):
    return Cast(expression, output_field=CharField())


def _claim_title(prefix: str = ""):
    return Coalesce(NullIf(F(f"{prefix}ask"), Value("")), Substr(F(f"{prefix}words"), 1, 80))


SOURCES = (
    Source("decision", _("decision"), Decision, title=F("request__title"), link="request_id",
           client=F("client__name"), detail="outcome", details=DecisionOutcome,
           reason=F("override_reason")),
    Source("concession", _("concession"), Concession, title=_claim_title("claim__"),
           link="claim_id", client=F("client__name"), detail="outcome", details=ClaimOutcome,
           reason=F("override_reason")),
    Source("claim", _("claim"), Claim, title=_claim_title(), client=F("client__name"),
           detail="target", details=Target),
    Source("agreement", _("agreement"), Agreement, title=F("title"), client=F("client__name"),
           detail="status", details=AgreementStatus),
    Source("deliverable", _("deliverable"), Deliverable, title=F("title"), link="agreement_id",
           client=F("agreement__client__name"), detail="status", details=DeliverableStatus),
    Source("kpi", _("promised KPI"), PromisedKpi, title=F("name"), link="agreement_id",
           client=F("agreement__client__name")),
    Source("member", _("member"), Membership,
           title=Coalesce(NullIf(F("user__full_name"), Value("")), F("user__email")),
           detail="role", details=Role),
)
LINKS = {"decision": ("request_detail", "request_id"), "concession": ("claim_detail", "claim_id"),
         "claim": ("claim_detail", "claim_id"), "agreement": ("agreement_detail", "agreement_id"),
         "deliverable": ("agreement_detail", "agreement_id"),
         "kpi": ("agreement_detail", "agreement_id")}
BY_KIND = {source.kind: source for source in SOURCES}
POLICY = "policy"
KINDS = {source.kind: source.label for source in SOURCES} | {POLICY: _("policy")}


def _policy_rows(agency: Agency, actor_id: int | None, since, until) -> QuerySet:
    """Policy versions are immutable rows of their own: each is one change of the policy."""
    rows = _within(PolicyVersion.objects.for_agency(agency), "created_by_id", "created_at",
                   actor_id, since, until)
    return rows.annotate(
        log_at=F("created_at"), log_actor_id=F("created_by_id"), log_action=Value("+"),
        log_kind=Value(POLICY), log_object_id=F("id"), log_entry_id=F("id"),
        log_link_id=F("id"), log_title=_text(F("version")), log_client=_text(Value("")),
        log_detail=Value(""), log_reason=_text(F("note")),
    ).values(*COLUMNS).order_by()


def audit_entries(*, agency: Agency, kind: str | None = None, actor_id: int | None = None,
                  since: datetime | None = None, until: datetime | None = None) -> QuerySet:
    """The agency's audit log as raw rows (dicts of `COLUMNS`), newest first: what was done
    (`log_action` + created, ~ changed, - deleted) to which object, by whom and when, from
    `since` up to `until` (exclusive). `describe` turns a page of them into entries."""
    parts = [source.rows(agency, actor_id, since, until).order_by() for source in SOURCES
             if kind in (None, "", source.kind)]
    if kind in (None, "", POLICY):
        parts.append(_policy_rows(agency, actor_id, since, until))
    if not parts:
        return _policy_rows(agency, actor_id, since, until).none()
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-log_at", "-log_entry_id", "log_kind")


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_id: int | None
    actor: str
    action: str
    action_label: str
    kind: str
    kind_label: str
    object_id: int
    link_id: int
    title: str
    client: str
    detail: str
    reason: str
    changed: tuple[str, ...]

    @property
    def url(self) -> str:
        """The page of the object the entry is about, while there is one."""
        if self.action == "-":
            return ""
        if self.kind in LINKS:
            name, argument = LINKS[self.kind]
            return reverse(name, kwargs={argument: self.link_id})
        return reverse("policy") if self.kind == POLICY else reverse("member_list")


def describe(rows: Iterable[dict]) -> list[AuditEntry]:
    """Entries for a page of `audit_entries` rows, in the active language: the actors'
    names (one query) and, for changes, the fields they changed (two queries per kind of
    object on the page)."""
    rows = list(rows)
    actor_ids = {row["log_actor_id"] for row in rows if row["log_actor_id"]}
    actors = {user.pk: str(user) for user in User.objects.filter(pk__in=actor_ids)}
    changed = _changed_fields(rows)
    entries = []
    for row in rows:
        action, kind, actor_id = row["log_action"], row["log_kind"], row["log_actor_id"]
        source = BY_KIND.get(kind)
        details = source.details if source else None
        detail = row["log_detail"] or ""
        if details is not None and detail in details.values:
            detail = str(details(detail).label)
        title = row["log_title"] or ""
        if kind == POLICY:
            title = str(_("version %(version)s")) % {"version": title}
        entries.append(AuditEntry(
            at=row["log_at"], actor_id=actor_id, actor=actors.get(actor_id, ""),
            action=action, action_label=str(ACTIONS.get(action, action)),
            kind=kind, kind_label=str(KINDS.get(kind, kind)),
            object_id=row["log_object_id"], link_id=row["log_link_id"], title=title,
            client=row["log_client"] or "", detail=detail, reason=row["log_reason"] or "",
            changed=changed.get((kind, row["log_entry_id"]), ()),
        ))
    return entries


def _changed_fields(rows: list[dict]) -> dict[tuple[str, int], tuple[str, ...]]:
    """The names of the fields each change on the page touched, against the object's
    version before it."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row["log_action"] == "~" and row["log_kind"] in BY_KIND:
            wanted.setdefault(row["log_kind"], set()).add(row["log_entry_id"])
    result = {}
    for kind, entry_ids in wanted.items():
        history = BY_KIND[kind].history
        before = history.objects.filter(
            id=OuterRef("id"), history_id__lt=OuterRef("history_id"),
        ).order_by("-history_id").values("history_id")[:1]
        changes = list(history.objects.filter(history_id__in=entry_ids).annotate(
            before_id=Subquery(before, output_field=IntegerField())))
        previous = history.objects.in_bulk([c.before_id for c in changes if c.before_id])
        for change in changes:
            if change.before_id not in previous:
                continue
            delta = change.diff_against(previous[change.before_id])
            result[(kind, change.history_id)] = tuple(
                str(BY_KIND[kind].model._meta.get_field(name).verbose_name)
                for name in delta.changed_fields)
    return result


def entries_in_batches(rows: QuerySet, batch: int = 500) -> Iterator[AuditEntry]:
    """Every entry of a (long) log, described `batch` rows at a time, for exports."""
    chunk: list[dict] = []
    for row in rows.iterator(chunk_size=batch):
        chunk.append(row)
        if len(chunk) >= batch:
            yield from describe(chunk)
            chunk.clear()
    if chunk:
        yield from describe(chunk)

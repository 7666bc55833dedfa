from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from retainer.accounts.models import Agency, User
from retainer.core.prepared import PreparedValues
from retainer.policy.models import PolicyVersion
from retainer.rules.policy import DEFAULT_POLICY, Policy, PolicyError


def policy_initialize(*, agency: Agency, actor: User | None) -> PolicyVersion:
    return PolicyVersion.objects.create(
        agency=agency,
        version=1,
        document=DEFAULT_POLICY.to_document(),
        created_by=actor,
        note="defaults",
    )


# Settings that move open reply clocks when they change.
REPLY_CLOCK_SETTINGS = {"response_target_hours", "first_response_target_hours"}


# Parsed policies by version row. A version is never edited (a change writes a new row), so
# its parse never goes stale; validating every setting again on each decision costs more
# than reading the row.
_PARSED: dict[int, tuple[dict, Policy]] = {}
_PARSED_LIMIT = 4096


# Read on every decision and most pages: compiled once (see core.prepared).
_LATEST = PreparedValues("current policy", PolicyVersion)


def policy_current(*, agency: Agency) -> Policy:
    found = _LATEST.rows((), (agency.pk,), lambda: PolicyVersion.objects.for_agency(agency)
                         .order_by("-version").values("pk", "version", "document")[:1])
    if not found:
        return DEFAULT_POLICY
    latest = found[0]
    pk, version, document = latest["pk"], latest["version"], latest["document"]
    known = _PARSED.get(pk)
    # The document is compared too: a rolled-back row's id can be given to another row.
    if known is not None and known[0] == document and known[1].version == version:
        return known[1]
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    policy = Policy.from_document(document, version=version)
    _PARSED[pk] = (document, policy)
    return policy


def policy_update(
    *, agency: Agency, actor: User, changes: dict, note: str = ""
) -> PolicyVersion | None:
    """Write a new version with `changes` applied; None when nothing changed. Two owners
    saving at once cannot both take the same version number: the unique constraint decides
    and the loser retries on top of the winner's version."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _write_version(agency, actor, changes, note)
        except IntegrityError:
            continue
    raise ValidationError("The policy is being changed by someone else; try again.")


def _write_version(agency: Agency, actor: User, changes: dict, note: str):
    current = policy_current(agency=agency)
    document = current.to_document() | changes
    try:
        proposed = Policy.from_document(document)
    except PolicyError as exc:
        raise ValidationError(exc.errors) from None
    changed = proposed.changes_from(current)
    if not changed:
        return None
    if changed.keys() & REPLY_CLOCK_SETTINGS:
        # Imported here: conversations builds on the policy, not the other way round.
        from retainer.conversations.tasks import reply_clocks_refresh

        transaction.on_commit(lambda: reply_clocks_refresh.enqueue(agency.pk))
    latest = PolicyVersion.objects.for_agency(agency).aggregate(v=Max("version"))["v"] or 0
    return PolicyVersion.objects.create(
        agency=agency,
        version=latest + 1,
        document=proposed.to_document(),
        created_by=actor,
        note=note,
    )

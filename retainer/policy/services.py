from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from retainer.accounts.models import Agency, User
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


def policy_current(*, agency: Agency) -> Policy:
    latest = PolicyVersion.objects.for_agency(agency).order_by("-version").first()
    if latest is None:
        return DEFAULT_POLICY
    return latest.as_policy()


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

from __future__ import annotations

from retainer.accounts.models import Agency
from retainer.policy.labels import LABELS
from retainer.policy.models import PolicyVersion


def policy_versions_with_changes(*, agency: Agency, limit: int = 50) -> list[dict]:
    """The newest versions, each with what changed from the one before it: the policy's
    audit trail."""
    versions = list(
        PolicyVersion.objects.for_agency(agency).select_related("created_by")[: limit + 1]
    )
    rows = []
    for newer, older in zip(versions, versions[1:] + [None], strict=False):
        if older is None and len(versions) > limit:
            break
        changes = []
        if older is not None:
            for name, value in newer.document.items():
                if older.document.get(name) != value:
                    changes.append((LABELS.get(name, name), older.document.get(name), value))
        rows.append({"version": newer, "changes": changes})
    return rows

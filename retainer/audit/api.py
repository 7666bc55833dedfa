"""The audit log over the API: owners only, the same filters as the page."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.audit.forms import AuditFilterForm
from retainer.audit.schemas import AuditEntryOut, AuditFilter
from retainer.audit.selectors import audit_entries, describe
from retainer.core.api import ERRORS, LazyItems, Pagination, validated
from retainer.core.permissions import authorize

audit_router = Router(tags=["audit log"])


@audit_router.get("", response={200: list[AuditEntryOut], **ERRORS})
@paginate(Pagination)
def list_audit_entries(request: HttpRequest, filters: Query[AuditFilter]):
    """Every decision, override, concession, claim, agreement, deliverable, promised KPI,
    member and policy change of the agency, the newest first, with who made it and when.
    Owners only."""
    authorize(request, Perm.MANAGE_MEMBERS)
    form = validated(AuditFilterForm, {key: value for key, value in filters.dict().items()
                                       if value is not None}, agency=request.agency)
    return LazyItems(audit_entries(agency=request.agency, **form.filters()),
                     lambda rows: [_out(entry) for entry in describe(rows)])


def _out(entry) -> dict:
    return {"at": entry.at, "actor_id": entry.actor_id, "actor": entry.actor,
            "action": entry.action, "action_label": entry.action_label, "kind": entry.kind,
            "kind_label": entry.kind_label, "object_id": entry.object_id, "title": entry.title,
            "client": entry.client, "detail": entry.detail, "reason": entry.reason,
            "changed": list(entry.changed), "url": entry.url}

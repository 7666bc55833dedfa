"""The portfolio dashboard over the API: the same figures as the page."""

from dataclasses import asdict, replace
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from retainer.accounts.roles import Perm
from retainer.core.api import ERRORS
from retainer.core.permissions import authorize
from retainer.dashboard.schemas import DashboardOut
from retainer.dashboard.views import figures_for

dashboard_router = Router(tags=["dashboard"])


class DashboardFilter(Schema):
    who: Literal["mine", "all"] | None = None


def _item(name: str, row) -> dict:
    """One line saying what needs attention and for which client, whatever the section's
    kind of row."""
    if name in ("statuses", "keep_in_touch"):
        client_id, client = row.pk, row.name
    elif name == "retrospectives":
        client_id, client = row.agreement.client_id, row.agreement.client.name
    else:
        client_id, client = row.client_id, row.client.name
    return {"id": row.pk, "client_id": client_id, "client": client,
            "summary": _summary(name, row)}


def _summary(name: str, row) -> str:
    if name == "statuses":
        return f"status due {row.status_due_on.isoformat()}"
    if name == "keep_in_touch":
        return f"contact due {row.contact_due_on.isoformat()}"
    if name == "retrospectives":
        return f"{row.title}: approved {row.actual_done.isoformat()}, no retrospective"
    if name == "conflicts":
        return row.title
    if name == "unhappy":
        return f"{row.group} · {row.group_label}"
    if name == "shifts":
        return f"{row.deliverable.title}: {row.before.isoformat()} → {row.after.isoformat()}"
    return f"{row.kind_label}: {row.reason[:200]}"


@dashboard_router.get("", response={200: DashboardOut, **ERRORS})
def get_dashboard(request: HttpRequest, filters: Query[DashboardFilter]):
    """The portfolio's figures: health, lifecycle stages, response-target breaches,
    concessions against the acquisition cost, retainer burn and what needs attention today.
    `who` is mine (my clients) or all; by default an account manager gets their own clients
    and everyone else the whole agency."""
    authorize(request, Perm.VIEW)
    who, figures = figures_for(request, filters.who)
    # The attention rows are model instances: they are summed up here, not copied by asdict.
    data = asdict(replace(figures, attention=()))
    data["attention"] = [
        {"name": section.name, "count": section.count,
         "first": [_item(section.name, row) for row in section.rows]}
        for section in figures.attention
    ]
    return {"who": who, **data}

"""Prospects, the portrait of "our client" and the sales plans over the API: the same
services and forms as the pages. Decisions, conversions, the portrait and the plans are for
sales and owners only (403 for everyone else)."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.core.api import ERRORS, ErrorOut, LazyItems, Pagination, patched, validated
from retainer.core.permissions import authorize
from retainer.prospects.forms import ConvertForm, ProspectForm, SalesPlanForm
from retainer.prospects.models import Prospect
from retainer.prospects.schemas import (
    ConvertedOut,
    ConvertIn,
    DecisionIn,
    PlanProgressOut,
    PortraitIn,
    PortraitOut,
    ProspectDetailOut,
    ProspectIn,
    ProspectOut,
    ProspectPatch,
    SalesPlanIn,
    SalesPlanOut,
    SalesPlanPatch,
)
from retainer.prospects.selectors import (
    plan_progress,
    prospect_get,
    prospect_list,
    sales_plan_get,
    sales_plan_list,
    sales_plan_progress,
)
from retainer.prospects.services import (
    AlreadyConverted,
    portrait_current,
    portrait_update,
    prospect_convert,
    prospect_create,
    prospect_decide,
    prospect_update,
    sales_plan_create,
    sales_plan_update,
)

prospects_router = Router(tags=["prospects"])

CONFLICT = {409: ErrorOut}


class ProspectFilter(Schema):
    state: str = ""
    q: str = ""
    order: str = ""


@prospects_router.get("", response={200: list[ProspectOut], **ERRORS})
@paginate(Pagination)
def list_prospects(request: HttpRequest, filters: Query[ProspectFilter]):
    """The best fit first (`order=new`: the newest first). `state`: undecided, interesting
    or not_interesting; `q` searches the company, the request and the contact."""
    authorize(request, Perm.VIEW)
    return prospect_list(agency=request.agency, state=filters.state, q=filters.q[:100],
                         order=filters.order)


@prospects_router.get("/portrait", response={200: PortraitOut, **ERRORS})
def get_portrait(request: HttpRequest):
    """The portrait of "our client": its criteria as `items`, with the version."""
    authorize(request, Perm.VIEW)
    return _portrait(portrait_current(agency=request.agency))


def _portrait(portrait) -> dict:
    return {"version": portrait.version, "changed_at": portrait.changed_at,
            "changed_by_id": portrait.changed_by_id, "note": portrait.note,
            "count": len(portrait.criteria), "items": portrait.criteria}


@prospects_router.post("/portrait", response={200: PortraitOut, 201: PortraitOut, **ERRORS})
def update_portrait(request: HttpRequest, payload: PortraitIn):
    """Replace the criteria: a new version (201), and every prospect is scored again. The
    same criteria as now write nothing (200)."""
    authorize(request, Perm.QUALIFY)
    criteria = [row.dict(exclude_none=True) for row in payload.criteria]
    for row in criteria:
        for name in ("low", "high", "partial_within"):
            if name in row:
                row[name] = str(row[name])
    portrait, changed = portrait_update(agency=request.agency, criteria=criteria,
                                        user=request.user, note=payload.note)
    return Status(201 if changed else 200, _portrait(portrait))


@prospects_router.get("/plans", response={200: list[PlanProgressOut], **ERRORS})
@paginate(Pagination)
def list_sales_plans(request: HttpRequest):
    """The plans, the latest period first, each with planned vs won and the rejection rate
    of the decisions made in its period."""
    authorize(request, Perm.VIEW)
    return LazyItems(sales_plan_list(agency=request.agency),
                     lambda plans: plan_progress(plans, agency=request.agency))


@prospects_router.post("/plans", response={201: SalesPlanOut, **ERRORS})
def create_sales_plan(request: HttpRequest, payload: SalesPlanIn):
    authorize(request, Perm.QUALIFY)
    form = validated(SalesPlanForm, payload.dict())
    return Status(201, sales_plan_create(agency=request.agency, data=form.cleaned_data,
                                         user=request.user))


@prospects_router.patch("/plans/{plan_id}", response={200: SalesPlanOut, **ERRORS})
def update_sales_plan(request: HttpRequest, plan_id: int, payload: SalesPlanPatch):
    authorize(request, Perm.QUALIFY)
    plan = sales_plan_get(agency=request.agency, plan_id=plan_id)
    form = patched(plan, SalesPlanForm, payload.dict(exclude_unset=True))
    return sales_plan_update(plan=plan, data=form.cleaned_data, user=request.user)


@prospects_router.get("/plans/{plan_id}/progress", response={200: PlanProgressOut, **ERRORS})
def get_sales_plan_progress(request: HttpRequest, plan_id: int):
    authorize(request, Perm.VIEW)
    plan = sales_plan_get(agency=request.agency, plan_id=plan_id)
    return sales_plan_progress(agency=request.agency, plan=plan)


@prospects_router.get("/{prospect_id}", response={200: ProspectDetailOut, **ERRORS})
def get_prospect(request: HttpRequest, prospect_id: int):
    """The prospect with its score's contributions, each with the rule and its figures."""
    authorize(request, Perm.VIEW)
    return prospect_get(agency=request.agency, prospect_id=prospect_id)


@prospects_router.post("", response={201: ProspectDetailOut, **ERRORS})
def create_prospect(request: HttpRequest, payload: ProspectIn):
    """Add a prospect; it is scored against the portrait at once."""
    authorize(request, Perm.EDIT_CLIENTS)
    form = validated(ProspectForm, payload.dict())
    return Status(201, prospect_create(agency=request.agency, data=form.cleaned_data,
                                       user=request.user))


@prospects_router.patch("/{prospect_id}", response={200: ProspectDetailOut, **ERRORS})
def update_prospect(request: HttpRequest, prospect_id: int, payload: ProspectPatch):
    authorize(request, Perm.EDIT_CLIENTS)
    prospect = prospect_get(agency=request.agency, prospect_id=prospect_id)
    form = patched(prospect, ProspectForm, payload.dict(exclude_unset=True))
    return prospect_update(prospect=prospect, data=form.cleaned_data, user=request.user)


@prospects_router.post("/{prospect_id}/decision", response={200: ProspectOut, **ERRORS})
def decide_prospect(request: HttpRequest, prospect_id: int, payload: DecisionIn):
    """Record interesting / not interesting — sales and owners only (403 for others).
    Turning a prospect down, and changing a decision, take a reason."""
    authorize(request, Perm.QUALIFY)
    prospect = prospect_get(agency=request.agency, prospect_id=prospect_id)
    return prospect_decide(prospect=prospect, decision=payload.decision,
                           reason=payload.reason, membership=request.membership)


@prospects_router.post("/{prospect_id}/convert",
                       response={201: ConvertedOut, **CONFLICT, **ERRORS})
def convert_prospect(request: HttpRequest, prospect_id: int, payload: ConvertIn):
    """An interesting prospect becomes a client with its contact and a draft agreement.
    A prospect converts once: a second call gets 409."""
    authorize(request, Perm.QUALIFY)
    prospect: Prospect = prospect_get(agency=request.agency, prospect_id=prospect_id)
    form = validated(ConvertForm, payload.dict(), agency=request.agency)
    try:
        conversion = prospect_convert(prospect=prospect, user=request.user,
                                      account_manager=form.cleaned_data["account_manager"])
    except AlreadyConverted as taken:
        return Status(409, {"detail": taken.messages[0]})
    return Status(201, ProspectOut.from_orm(conversion.prospect).dict()
                  | {"agreement_id": conversion.agreement.pk})


from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.agreements.forms import AgreementForm, DeliverableForm
from retainer.agreements.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    DeliverableIn,
    DeliverableOut,
    DeliverablePatch,
)
from retainer.agreements.selectors import (
    agreement_get,
    agreement_list,
    deliverable_get,
    deliverable_list,
)
from retainer.agreements.services import (
    agreement_create,
    agreement_update,
    deliverable_create,
    deliverable_update,
)
from retainer.clients.selectors import client_get
from retainer.core.api import ERRORS, Id, Pagination, patched, validated
from retainer.core.permissions import authorize
from retainer.policy.services import policy_current

agreements_router = Router(tags=["agreements"])
deliverables_router = Router(tags=["deliverables"])


class AgreementFilter(Schema):
    client: Id | None = None


@agreements_router.get("", response={200: list[AgreementOut], **ERRORS})
@paginate(Pagination)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilter]):
    authorize(request, Perm.VIEW)
    return agreement_list(agency=request.agency, client_id=filters.client)


@agreements_router.get("/{agreement_id}", response={200: AgreementOut, **ERRORS})
def get_agreement(request: HttpRequest, agreement_id: int):
    authorize(request, Perm.VIEW)
    return agreement_get(agency=request.agency, agreement_id=agreement_id)


@agreements_router.post("", response={201: AgreementOut, **ERRORS})
def create_agreement(request: HttpRequest, payload: AgreementIn):
    authorize(request, Perm.EDIT_TERMS)
    data = payload.dict()
    client = client_get(agency=request.agency, client_id=data.pop("client"))
    defaults = AgreementForm.initial_from_policy(policy_current(agency=request.agency))
    data = defaults | {k: v for k, v in data.items() if v is not None or k not in defaults}
    form = validated(AgreementForm, data)
    return Status(201, agreement_create(client=client, data=form.cleaned_data))


@agreements_router.patch("/{agreement_id}", response={200: AgreementOut, **ERRORS})
def update_agreement(request: HttpRequest, agreement_id: int, payload: AgreementPatch):
    authorize(request, Perm.EDIT_TERMS)
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    form = patched(agreement, AgreementForm, payload.dict(exclude_unset=True))
    return agreement_update(agreement=agreement, data=form.cleaned_data)


class DeliverableFilter(Schema):
    agreement: Id | None = None


@deliverables_router.get("", response={200: list[DeliverableOut], **ERRORS})
@paginate(Pagination)
def list_deliverables(request: HttpRequest, filters: Query[DeliverableFilter]):
    authorize(request, Perm.VIEW)
    return deliverable_list(agency=request.agency, agreement_id=filters.agreement)


@deliverables_router.get("/{deliverable_id}", response={200: DeliverableOut, **ERRORS})
def get_deliverable(request: HttpRequest, deliverable_id: int):
    authorize(request, Perm.VIEW)
    return deliverable_get(agency=request.agency, deliverable_id=deliverable_id)


@deliverables_router.post("", response={201: DeliverableOut, **ERRORS})
def create_deliverable(request: HttpRequest, payload: DeliverableIn):
    authorize(request, Perm.EDIT_TERMS)
    data = payload.dict()
    agreement = agreement_get(agency=request.agency, agreement_id=data.pop("agreement"))
    form = validated(DeliverableForm, data)
    return Status(201, deliverable_create(agreement=agreement, data=form.cleaned_data))


@deliverables_router.patch("/{deliverable_id}", response={200: DeliverableOut, **ERRORS})
def update_deliverable(request: HttpRequest, deliverable_id: int, payload: DeliverablePatch):
    authorize(request, Perm.EDIT_TERMS)
    deliverable = deliverable_get(agency=request.agency, deliverable_id=deliverable_id)
    form = patched(deliverable, DeliverableForm, payload.dict(exclude_unset=True))
    return deliverable_update(deliverable=deliverable, data=form.cleaned_data, user=request.user)

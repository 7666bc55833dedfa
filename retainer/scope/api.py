"""Requests, decisions, the client's choice and the discrepancy register over the API."""


from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.agreements.selectors import agreement_get, current_agreement
from retainer.clients.models import Contact
from retainer.clients.selectors import client_get
from retainer.conversations.selectors import interaction_get
from retainer.core.api import ERRORS, ErrorOut, Id, Pagination, validated
from retainer.core.permissions import authorize
from retainer.core.tenancy import get_for_agency_or_404
from retainer.scope.forms import RequestForm
from retainer.scope.models import Discrepancy
from retainer.scope.schemas import (
    AnswerIn,
    DecisionOut,
    DiscrepancyOut,
    OverrideIn,
    RequestIn,
    RequestOut,
)
from retainer.scope.selectors import decision_of, request_get, request_list
from retainer.scope.services import (
    AlreadyDecided,
    decision_answer,
    decision_override,
    request_create,
    request_decide,
)

requests_router = Router(tags=["requests"])
register_router = Router(tags=["discrepancy register"])

CONFLICT = {409: ErrorOut}


class RequestFilter(Schema):
    client: Id | None = None
    state: str = ""


@requests_router.get("", response={200: list[RequestOut], **ERRORS})
@paginate(Pagination)
def list_requests(request: HttpRequest, filters: Query[RequestFilter]):
    authorize(request, Perm.VIEW)
    return request_list(agency=request.agency, client_id=filters.client, state=filters.state)


@requests_router.get("/{request_id}", response={200: RequestOut, **ERRORS})
def get_request(request: HttpRequest, request_id: int):
    authorize(request, Perm.VIEW)
    return request_get(agency=request.agency, request_id=request_id)


@requests_router.post("", response={201: RequestOut, **ERRORS})
def create_request(request: HttpRequest, payload: RequestIn):
    authorize(request, Perm.LOG_INTERACTIONS)
    data = payload.dict()
    client = client_get(agency=request.agency, client_id=data.pop("client"))
    source = data.pop("source")
    if source is not None:
        source = interaction_get(agency=request.agency, interaction_id=source)
        if source.client_id != client.pk:
            raise ValidationError({"source": "The message belongs to another client."})
    if data["agreement"] is None:
        current = current_agreement(agency=request.agency, client_id=client.pk)
        data["agreement"] = current.pk if current else None
    form = validated(RequestForm, data, client=client)
    cleaned = dict(form.cleaned_data)
    agreement = cleaned.pop("agreement")
    return Status(201, request_create(client=client, agreement=agreement, data=cleaned,
                                      user=request.user, source=source))


@requests_router.post("/{request_id}/decision", response={201: DecisionOut, **CONFLICT,
                                                           **ERRORS})
def decide_request(request: HttpRequest, request_id: int):
    """Decide by the rules. A request is decided once: a second call gets 409 naming who
    decided it and when."""
    authorize(request, Perm.DECIDE)
    client_request = request_get(agency=request.agency, request_id=request_id)
    try:
        return Status(201, request_decide(client_request=client_request, user=request.user))
    except AlreadyDecided as taken:
        return Status(409, {"detail": str(taken)})


def _decision(request, request_id):
    return decision_of(request_get(agency=request.agency, request_id=request_id))


NOT_DECIDED = {"detail": "The request is not decided yet."}


@requests_router.post("/{request_id}/decision/override",
                      response={200: DecisionOut, **CONFLICT, **ERRORS})
def override_decision(request: HttpRequest, request_id: int, payload: OverrideIn):
    authorize(request, Perm.DECIDE)
    decision = _decision(request, request_id)
    if decision is None:
        return Status(409, NOT_DECIDED)
    return decision_override(decision=decision, outcome=payload.outcome, reason=payload.reason,
                             user=request.user)


@requests_router.post("/{request_id}/decision/answer",
                      response={200: DecisionOut, **CONFLICT, **ERRORS})
def answer_choice(request: HttpRequest, request_id: int, payload: AnswerIn):
    """The client's answer to a choice: pay, shift or defer. It is written to the register,
    and the budget or the due dates change with it."""
    authorize(request, Perm.DECIDE)
    decision = _decision(request, request_id)
    if decision is None:
        return Status(409, NOT_DECIDED)
    contact = None
    if payload.agreed_by is not None:
        contact = get_for_agency_or_404(Contact, request.agency, payload.agreed_by)
    return decision_answer(decision=decision, answer=payload.answer, user=request.user,
                           agreed_by=contact, agreed_by_name=payload.agreed_by_name,
                           agreed_at=payload.agreed_at)


@register_router.get("/{agreement_id}/register", response={200: list[DiscrepancyOut], **ERRORS})
@paginate(Pagination)
def list_register(request: HttpRequest, agreement_id: int):
    """The agreement's discrepancy register, oldest first."""
    authorize(request, Perm.VIEW)
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    return Discrepancy.objects.filter(agreement=agreement).order_by("agreed_at", "id")

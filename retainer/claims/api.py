"""Claims, their assessment and concession, the override and the reply over the API."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.agreements.selectors import current_agreement
from retainer.claims.forms import ClaimForm
from retainer.claims.schemas import ClaimIn, ClaimOut, ClaimOverrideIn, ClaimReplyIn, ConcessionOut
from retainer.claims.selectors import claim_get, claim_list, concession_of
from retainer.claims.services import (
    AlreadyAssessed,
    claim_assess,
    claim_create,
    claim_override,
    claim_reply_save,
    claim_reply_send,
)
from retainer.clients.selectors import client_get
from retainer.conversations.selectors import interaction_get
from retainer.core.api import ERRORS, ErrorOut, Id, Pagination, validated
from retainer.core.permissions import authorize
from retainer.scope.forms import SendForm

claims_router = Router(tags=["claims"])

CONFLICT = {409: ErrorOut}
NOT_ASSESSED = gettext_lazy("The claim is not assessed yet.")


class ClaimFilter(Schema):
    client: Id | None = None
    state: str = ""
    founded: bool | None = None
    q: str = ""


@claims_router.get("", response={200: list[ClaimOut], **ERRORS})
@paginate(Pagination)
def list_claims(request: HttpRequest, filters: Query[ClaimFilter]):
    """Newest first. `state`: unassessed, fix_and_admit, concede, refuse or review;
    `q` searches the client's name, the words and the ask."""
    authorize(request, Perm.VIEW)
    return claim_list(agency=request.agency, client_id=filters.client, state=filters.state,
                      founded=filters.founded, q=filters.q[:100])


@claims_router.get("/{claim_id}", response={200: ClaimOut, **ERRORS})
def get_claim(request: HttpRequest, claim_id: int):
    authorize(request, Perm.VIEW)
    return claim_get(agency=request.agency, claim_id=claim_id)


@claims_router.post("", response={201: ClaimOut, **ERRORS})
def create_claim(request: HttpRequest, payload: ClaimIn):
    authorize(request, Perm.LOG_INTERACTIONS)
    data = payload.dict()
    client = client_get(agency=request.agency, client_id=data.pop("client"))
    source = data.pop("source")
    if source is not None:
        source = interaction_get(agency=request.agency, interaction_id=source)
        if source.client_id != client.pk:
            raise ValidationError({"source": _("The message belongs to another client.")})
    if data["agreement"] is None:
        current = current_agreement(agency=request.agency, client_id=client.pk)
        data["agreement"] = current.pk if current else None
    form = validated(ClaimForm, data, client=client)
    cleaned = dict(form.cleaned_data)
    agreement = cleaned.pop("agreement")
    return Status(201, claim_create(client=client, agreement=agreement, data=cleaned,
                                    user=request.user, source=source))


@claims_router.post("/{claim_id}/assess", response={201: ConcessionOut, **CONFLICT, **ERRORS})
def assess_claim(request: HttpRequest, claim_id: int):
    """Assess by the rules and decide the concession. A claim is assessed once: a second
    call gets 409 naming who assessed it and when."""
    authorize(request, Perm.DECIDE)
    claim = claim_get(agency=request.agency, claim_id=claim_id)
    try:
        return Status(201, claim_assess(claim=claim, user=request.user))
    except AlreadyAssessed as taken:
        return Status(409, {"detail": str(taken)})


@claims_router.post("/{claim_id}/override", response={200: ConcessionOut, **CONFLICT,
                                                       **ERRORS})
def override_claim(request: HttpRequest, claim_id: int, payload: ClaimOverrideIn):
    authorize(request, Perm.DECIDE)
    concession = concession_of(claim_get(agency=request.agency, claim_id=claim_id))
    if concession is None:
        return Status(409, {"detail": str(NOT_ASSESSED)})
    return claim_override(concession=concession, decision=payload.decision,
                          reason=payload.reason, user=request.user)


@claims_router.post("/{claim_id}/reply", response={200: ConcessionOut, **CONFLICT, **ERRORS})
def reply_claim(request: HttpRequest, claim_id: int, payload: ClaimReplyIn):
    """Save an edited reply and, with `send`, log it as sent to the client (by e-mail it is
    sent from here)."""
    authorize(request, Perm.DECIDE)
    claim = claim_get(agency=request.agency, claim_id=claim_id)
    concession = concession_of(claim)
    if concession is None:
        return Status(409, {"detail": str(NOT_ASSESSED)})
    send = None
    if payload.send:  # checked before anything is saved
        send = validated(SendForm, {"channel": payload.channel, "contact": payload.contact},
                         client=claim.client)
    if payload.reply is not None:
        concession = claim_reply_save(concession=concession, reply=payload.reply)
    if send is not None:
        claim_reply_send(concession=concession, user=request.user, **send.cleaned_data)
        concession.refresh_from_db()
    return concession

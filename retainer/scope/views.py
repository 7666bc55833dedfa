from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.conversations.models import Direction
from retainer.conversations.selectors import interaction_get
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.core.views import flash_error, flash_form_errors, form_page
from retainer.scope.forms import AnswerForm, OverrideForm, ReplyForm, RequestForm, SendForm
from retainer.scope.models import Outcome
from retainer.scope.reasons import explain
from retainer.scope.selectors import (
    AWAITING_ANSWER,
    UNDECIDED,
    decision_of,
    overrides,
    overrides_per_manager,
    request_get,
    request_list,
)
from retainer.scope.services import (
    AlreadyDecided,
    decision_answer,
    decision_override,
    decision_reply_save,
    decision_reply_send,
    request_create,
    request_decide,
)

STATES = {
    UNDECIDED: gettext_lazy("not decided"),
    AWAITING_ANSWER: gettext_lazy("waiting for the client's choice"),
    **dict(Outcome.choices),
}


def _detail(client_request):
    return reverse("request_detail", kwargs={"request_id": client_request.pk})


@require(Perm.LOG_INTERACTIONS)
def request_new(request, client_id):
    """A request by hand, or from a message of the log (`?from=<interaction id>`): the
    message's text fills the form, and the request keeps a link to it."""
    client = client_get(agency=request.agency, client_id=client_id)
    source = None
    source_id = request.GET.get("from")  # the form posts back to the same address
    initial = {"kind": "change"}
    if source_id:
        source = interaction_get(agency=request.agency, interaction_id=source_id)
        if source.client_id != client.pk or source.direction != Direction.INBOUND:
            source = None
        else:
            first_line = source.text.strip().splitlines()[0] if source.text.strip() else ""
            initial |= {"title": (source.subject or first_line)[:200], "details": source.text}
    form = RequestForm(request.POST or None, client=client, initial=initial)

    def save(data):
        agreement = data.pop("agreement")
        return request_create(client=client, agreement=agreement, data=data,
                              user=request.user, source=source)

    return form_page(request, form, save=save, done=_detail, message=_("Request recorded."),
                     client=client, title=_("New client request"))


@require(Perm.VIEW)
def request_detail(request, request_id):
    """The decision panel: the request, the outcome with its reasons, the draft reply, the
    override, and the client's answer to a choice."""
    client_request = request_get(agency=request.agency, request_id=request_id)
    decision = decision_of(client_request)
    client = client_request.client
    context = {
        "client_request": client_request, "client": client, "decision": decision,
        "reasons": reason_lines(decision) if decision else [],
    }
    if decision is not None:
        context |= {
            "override_form": OverrideForm(initial={"outcome": decision.outcome}),
            "reply_form": ReplyForm(initial={"reply": decision.reply}),
            "send_form": SendForm(client=client),
            "answer_form": AnswerForm(client=client),
            "register": client_request.discrepancies.order_by("agreed_at", "id"),
        }
    return render(request, "scope/request_detail.html", context)


def reason_lines(decision) -> list[str]:
    return [explain(item["rule"], item["figures"], decision.currency)
            for item in decision.reasons]


def _back(client_request):
    return redirect(_detail(client_request))


@require_POST
@require(Perm.DECIDE)
def request_decide_view(request, request_id):
    client_request = request_get(agency=request.agency, request_id=request_id)
    try:
        decision = request_decide(client_request=client_request, user=request.user)
    except AlreadyDecided as taken:
        messages.error(request, str(taken))
    else:
        messages.success(request, _("Decided: %(outcome)s.") % {
            "outcome": decision.outcome_label})
    return _back(client_request)


def _decided(request, request_id):
    client_request = request_get(agency=request.agency, request_id=request_id)
    decision = decision_of(client_request)
    if decision is None:
        messages.error(request, _("The request is not decided yet."))
    return client_request, decision


@require_POST
@require(Perm.DECIDE)
def decision_override_view(request, request_id):
    client_request, decision = _decided(request, request_id)
    if decision is not None:
        form = OverrideForm(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
        else:
            try:
                decision_override(decision=decision, user=request.user,
                                  **form.cleaned_data)
            except ValidationError as error:
                flash_error(request, error)
            else:
                messages.success(request, _("Outcome overridden; the reason is recorded."))
    return _back(client_request)


@require_POST
@require(Perm.DECIDE)
def decision_reply_view(request, request_id):
    """Save the edited reply; with `send`, also send it (by e-mail from here, or logged as
    sent through another channel)."""
    client_request, decision = _decided(request, request_id)
    if decision is None:
        return _back(client_request)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return _back(client_request)
    decision = decision_reply_save(decision=decision, reply=form.cleaned_data["reply"])
    if "send" not in request.POST:
        messages.success(request, _("Reply saved."))
        return _back(client_request)
    send = SendForm(request.POST, client=client_request.client)
    if not send.is_valid():
        flash_form_errors(request, send)
        return _back(client_request)
    decision_reply_send(decision=decision, user=request.user, **send.cleaned_data)
    messages.success(request, _("Reply sent and logged in the conversation."))
    return _back(client_request)


@require_POST
@require(Perm.DECIDE)
def decision_answer_view(request, request_id):
    client_request, decision = _decided(request, request_id)
    if decision is None:
        return _back(client_request)
    form = AnswerForm(request.POST, client=client_request.client)
    if not form.is_valid():
        flash_form_errors(request, form)
        return _back(client_request)
    try:
        decision_answer(decision=decision, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("The client's choice is in the discrepancy register."))
    return _back(client_request)


@require(Perm.VIEW)
def request_index(request):
    mine = request.GET.get("who") == "mine"
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    client = None
    if request.GET.get("client"):
        client = client_get(agency=request.agency, client_id=request.GET["client"])
    page = paginate(request, request_list(
        agency=request.agency, manager_id=request.user.pk if mine else None, state=state,
        client_id=client.pk if client else None))
    return render(request, "scope/request_list.html", {
        "page": page, "mine": mine, "state": state, "states": STATES, "client": client,
        "query": query_without_page(request),
    })


@require(Perm.VIEW)
def override_index(request):
    return render(request, "scope/overrides.html", {
        "managers": overrides_per_manager(agency=request.agency),
        "page": paginate(request, overrides(agency=request.agency)),
        "query": query_without_page(request),
    })

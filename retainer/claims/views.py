from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.claims.forms import ClaimForm, OverrideForm
from retainer.claims.models import Outcome
from retainer.claims.reasons import explain
from retainer.claims.selectors import (
    REVIEW,
    UNASSESSED,
    claim_get,
    claim_list,
    conceded_cost,
    concession_of,
    overrides,
    overrides_per_manager,
    unfounded_recent,
)
from retainer.claims.services import (
    AlreadyAssessed,
    claim_assess,
    claim_create,
    claim_override,
    claim_reply_save,
    claim_reply_send,
)
from retainer.clients.selectors import client_get
from retainer.conversations.models import Direction
from retainer.conversations.selectors import interaction_get
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.core.views import flash_error, flash_form_errors
from retainer.policy.services import policy_current
from retainer.scope.forms import ReplyForm, SendForm

STATES = {
    UNASSESSED: gettext_lazy("not assessed"),
    **dict(Outcome.choices),
    REVIEW: gettext_lazy("relationship under review"),
}
FOUNDED = {"yes": True, "no": False}
PANEL_CLAIMS = 5


def _detail(claim):
    return reverse("claim_detail", kwargs={"claim_id": claim.pk})


def _back(claim):
    return redirect(_detail(claim))


@require(Perm.LOG_INTERACTIONS)
def claim_new(request, client_id):
    """A claim by hand, or from a message of the log (`?from=<interaction id>`): the
    message's text and time fill the form, and the claim keeps a link to it."""
    client = client_get(agency=request.agency, client_id=client_id)
    source = None
    initial = {}
    if request.GET.get("from"):  # the form posts back to the same address
        source = interaction_get(agency=request.agency, interaction_id=request.GET["from"])
        if source.client_id != client.pk or source.direction != Direction.INBOUND:
            source = None
        else:
            initial |= {"words": source.text,
                        "made_at": timezone.localtime(source.occurred_at)}
    form = ClaimForm(request.POST or None, client=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agreement = data.pop("agreement")
        try:
            claim = claim_create(client=client, agreement=agreement, data=data,
                                 user=request.user, source=source)
        except ValidationError as error:
            for field, texts in _by_field(error, form).items():
                for text in texts:
                    form.add_error(field, text)
        else:
            messages.success(request, _("Claim recorded. Assess it by the rules when ready."))
            return redirect(_detail(claim))
    return render(request, "claims/claim_form.html", {
        "form": form, "client": client, "source": source})


def _by_field(error: ValidationError, form) -> dict:
    """A service's errors on the form's fields where it has them, else on the whole form."""
    if not hasattr(error, "error_dict"):
        return {None: error.messages}
    result: dict = {}
    for field, texts in error.message_dict.items():
        result.setdefault(field if field in form.fields else None, []).extend(texts)
    return result


@require(Perm.VIEW)
def claim_detail(request, claim_id):
    """The assessment panel: the claim, founded or not with the reasons and their figures,
    the concession weighed against retention value and acquisition cost, the draft reply,
    and the override."""
    claim = claim_get(agency=request.agency, claim_id=claim_id)
    concession = concession_of(claim)
    client = claim.client
    context = {
        "claim": claim, "client": client, "concession": concession,
        "reasons": reason_lines(concession) if concession else [],
        "conceded": conceded_cost(agency=request.agency, client_id=client.pk),
    }
    if concession is not None:
        context |= {
            "basis": economics_basis(concession),
            "override_form": OverrideForm(),
            "reply_form": ReplyForm(initial={"reply": concession.reply}),
            "send_form": SendForm(client=client),
        }
    return render(request, "claims/claim_detail.html", context)


def economics_basis(concession) -> dict:
    """The figures the client's economics came from, as numbers for the page (the inputs
    keep them as text); empty for a concession recorded without them."""
    basis = concession.inputs.get("economics_basis")
    economics = concession.inputs.get("economics")
    if not basis or not economics:
        return {}
    try:
        return {
            "expected_annual_value": Decimal(basis["expected_annual_value"]),
            "margin_pct": Decimal(basis["margin_pct"]),
            "margin": Decimal(economics["expected_margin_12m"]),
            "churn_pct": Decimal(economics["churn_risk"]) * 100,
            "stage_pct": Decimal(basis["stage_churn_risk"]) * 100,
            "negativity": Decimal(basis["negativity"]),
            "negativity_days": basis["negativity_days"],
            "client_acquisition_cost": Decimal(basis["client_acquisition_cost"]),
        }
    except (KeyError, InvalidOperation, TypeError):
        return {}


def reason_lines(concession) -> list[str]:
    return [explain(item["rule"], item["figures"]) for item in concession.reasons]


@require_POST
@require(Perm.DECIDE)
def claim_assess_view(request, claim_id):
    claim = claim_get(agency=request.agency, claim_id=claim_id)
    try:
        concession = claim_assess(claim=claim, user=request.user)
    except AlreadyAssessed as taken:
        messages.error(request, str(taken))
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Assessed: %(founded)s; %(outcome)s.") % {
            "founded": _("founded") if concession.founded else _("unfounded"),
            "outcome": concession.outcome_label})
    return _back(claim)


def _assessed(request, claim_id):
    claim = claim_get(agency=request.agency, claim_id=claim_id)
    concession = concession_of(claim)
    if concession is None:
        messages.error(request, _("The claim is not assessed yet."))
    return claim, concession


@require_POST
@require(Perm.DECIDE)
def claim_override_view(request, claim_id):
    claim, concession = _assessed(request, claim_id)
    if concession is not None:
        form = OverrideForm(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
        else:
            try:
                claim_override(concession=concession, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                flash_error(request, error)
            else:
                messages.success(request, _("Outcome overridden; the reason is recorded."))
    return _back(claim)


@require_POST
@require(Perm.DECIDE)
def claim_reply_view(request, claim_id):
    """Save the edited reply; with `send`, also send it (by e-mail from here, or logged as
    sent through another channel)."""
    claim, concession = _assessed(request, claim_id)
    if concession is None:
        return _back(claim)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return _back(claim)
    concession = claim_reply_save(concession=concession, reply=form.cleaned_data["reply"])
    if "send" not in request.POST:
        messages.success(request, _("Reply saved."))
        return _back(claim)
    send = SendForm(request.POST, client=claim.client)
    if not send.is_valid():
        flash_form_errors(request, send)
        return _back(claim)
    claim_reply_send(concession=concession, user=request.user, **send.cleaned_data)
    messages.success(request, _("Reply sent and logged in the conversation."))
    return _back(claim)


@require(Perm.VIEW)
def claim_index(request):
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    founded = FOUNDED.get(request.GET.get("founded", ""))
    q = request.GET.get("q", "")[:100]
    client = None
    if request.GET.get("client"):
        client = client_get(agency=request.agency, client_id=request.GET["client"])
    page = paginate(request, claim_list(agency=request.agency, state=state, founded=founded,
                                        q=q, client_id=client.pk if client else None))
    return render(request, "claims/claim_list.html", {
        "page": page, "state": state, "states": STATES, "client": client, "q": q,
        "founded": request.GET.get("founded") if founded is not None else "",
        "query": query_without_page(request),
    })


@require(Perm.VIEW)
def override_index(request):
    return render(request, "claims/overrides.html", {
        "managers": overrides_per_manager(agency=request.agency),
        "page": paginate(request, overrides(agency=request.agency)),
        "query": query_without_page(request),
    })


@require(Perm.VIEW)
def client_claims(request, client_id):
    """The client page's claims panel, loaded by htmx: the latest claims, the unfounded ones
    counted against the policy's limit, and what concessions cost."""
    client = client_get(agency=request.agency, client_id=client_id)
    policy = policy_current(agency=request.agency)
    return render(request, "claims/partials/client_claims.html", {
        "client": client,
        "claims": list(claim_list(agency=request.agency, client_id=client.pk)[:PANEL_CLAIMS]),
        "conceded": conceded_cost(agency=request.agency, client_id=client.pk),
        "unfounded": unfounded_recent(agency=request.agency, client_id=client.pk,
                                      days=policy.unfounded_claims_window_days),
        "policy": policy,
    })

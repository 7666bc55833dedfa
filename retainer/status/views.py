"""The client's status page, opened by a secret link without a login, and the two staff
actions that make and stop that link."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from retainer.accounts.roles import Perm
from retainer.agreements.selectors import agreement_get
from retainer.core.permissions import require
from retainer.core.ratelimit import limit_per_address, per_minute
from retainer.core.tenancy import MAX_ID
from retainer.status.forms import RatingForm
from retainer.status.selectors import (
    NEW_LINK_SESSION_KEY,
    approved_deliverable,
    status_link_find,
    status_page,
)
from retainer.status.services import (
    rating_record,
    status_link_issue,
    status_link_opened,
    status_link_revoke,
)

# Requests per client address to the public status URLs (the page and its rating form
# together): a client reading the page is far below it.
RATE = per_minute(30)


def _too_many(request):
    return render(request, "status/too_many.html")


limited = limit_per_address(group="status", rate=RATE, refusal=_too_many)


def _find(token: str):
    link = status_link_find(token)
    if link is None:
        raise Http404("No such status page.")
    return link


def _rated_id(request) -> int | None:
    raw = request.GET.get("rated", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _render_page(request, link, *, form=None, form_for=None):
    """The page in the client's language and the agency's time zone, whoever opens it."""
    language = link.agreement.client.reading_language
    with translation.override(language), timezone.override(ZoneInfo(link.agency.timezone)):
        response = render(request, "status/page.html", {
            "page": status_page(link), "token": request.resolver_match.kwargs["token"],
            "form": form, "form_for": form_for, "rated": _rated_id(request),
        })
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@never_cache
@require_GET
@limited
def status_page_view(request, token):
    link = _find(token)
    status_link_opened(link=link)
    return _render_page(request, link)


@login_not_required
@never_cache
@require_POST
@limited
def status_rate_view(request, token, deliverable_id):
    link = _find(token)
    deliverable = (approved_deliverable(link, deliverable_id)
                   if 0 < deliverable_id <= MAX_ID else None)
    if deliverable is None:
        raise Http404("No such deliverable to rate.")
    form = RatingForm(request.POST)
    with translation.override(link.agreement.client.reading_language):
        valid = form.is_valid()
    if valid:
        rating_record(deliverable=deliverable, score=form.cleaned_data["score"],
                      comment=form.cleaned_data["comment"])
        url = reverse("status_page", args=[token])
        return redirect(f"{url}?rated={deliverable.pk}#d-{deliverable.pk}")
    return _render_page(request, link, form=form, form_for=deliverable.pk)


def _to_card(agreement_id: int):
    return redirect(reverse("agreement_detail", kwargs={"agreement_id": agreement_id})
                    + "#status-link")


@require_POST
@require(Perm.EDIT_TERMS)
def status_link_issue_view(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    token = status_link_issue(agreement=agreement, user=request.user)
    request.session[NEW_LINK_SESSION_KEY] = {"agreement_id": agreement.pk, "token": token}
    messages.success(request, _("A new status link is ready; any earlier link stops working."))
    return _to_card(agreement.pk)


@require_POST
@require(Perm.EDIT_TERMS)
def status_link_revoke_view(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    if status_link_revoke(agreement=agreement):
        messages.success(request, _("The status link no longer works."))
    else:
        messages.info(request, _("There was no working status link."))
    return _to_card(agreement.pk)

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.clients.models import Stage
from retainer.clients.selectors import client_get
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.core.views import flash_error, flash_form_errors, safe_next
from retainer.lifecycle.forms import AcceptForm, StageSetForm
from retainer.lifecycle.reasons import TRUST_HELP, trust_label
from retainer.lifecycle.selectors import (
    client_lifecycle,
    keep_in_touch_due,
    suggestion_get,
    suggestion_list,
)
from retainer.lifecycle.services import stage_set, suggestion_accept, suggestion_reject


def _client_page(client_id: int) -> str:
    return reverse("client_detail", kwargs={"client_id": client_id})


@require(Perm.VIEW)
def client_lifecycle_panel(request, client_id):
    """The client page's lifecycle panel, loaded by htmx: the stage and the trust it
    carries, the suggestion waiting for the manager, the stage history and the next
    keep-in-touch."""
    client = client_get(agency=request.agency, client_id=client_id)
    life = client_lifecycle(client=client, today=timezone.localdate())
    return render(request, "lifecycle/partials/client_lifecycle.html", {
        "client": client, "life": life, "trust": trust_label(life.trust),
        "trust_help": TRUST_HELP[life.trust], "today": timezone.localdate(),
        "stage_form": StageSetForm(initial={"stage": client.stage}),
    })


def _act(request, action, done: str) -> None:
    try:
        action()
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, done)


@require_POST
@require(Perm.EDIT_CLIENTS)
def stage_suggestion_accept(request, suggestion_id):
    suggestion = suggestion_get(agency=request.agency, suggestion_id=suggestion_id)
    form = AcceptForm(request.POST)
    if form.is_valid():
        _act(request, lambda: suggestion_accept(suggestion=suggestion, user=request.user,
                                                note=form.cleaned_data["note"]),
             _("The client moved to the stage “%(stage)s”.") % {
                 "stage": suggestion.stage_label})
    else:
        flash_form_errors(request, form)
    return redirect(safe_next(request) or _client_page(suggestion.client_id))


@require_POST
@require(Perm.EDIT_CLIENTS)
def stage_suggestion_reject(request, suggestion_id):
    suggestion = suggestion_get(agency=request.agency, suggestion_id=suggestion_id)
    _act(request, lambda: suggestion_reject(suggestion=suggestion, user=request.user),
         _("The suggestion is rejected; the stage stays as it was."))
    return redirect(safe_next(request) or _client_page(suggestion.client_id))


@require_POST
@require(Perm.EDIT_CLIENTS)
def client_stage_set(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    form = StageSetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _act(request, lambda: stage_set(client=client, stage=data["stage"], user=request.user,
                                        reason=data["reason"],
                                        effective_on=data["effective_on"]),
             _("The client moved to the stage “%(stage)s”.") % {
                 "stage": Stage(data["stage"]).label})
    else:
        flash_form_errors(request, form)
    return redirect(safe_next(request) or _client_page(client.pk))


@require(Perm.VIEW)
def keep_in_touch(request):
    """Past clients due a reminder of us, the longest waiting first."""
    mine = request.GET.get("who") == "mine"
    today = timezone.localdate()
    page = paginate(request, keep_in_touch_due(
        agency=request.agency, manager_id=request.user.pk if mine else None, today=today))
    return render(request, "lifecycle/keep_in_touch.html", {
        "page": page, "mine": mine, "today": today, "query": query_without_page(request),
    })


@require(Perm.VIEW)
def stage_suggestions(request):
    """Pending stage suggestions, the oldest first."""
    mine = request.GET.get("who") == "mine"
    page = paginate(request, suggestion_list(
        agency=request.agency, manager_id=request.user.pk if mine else None))
    return render(request, "lifecycle/stage_suggestions.html", {
        "page": page, "mine": mine, "query": query_without_page(request),
        "here": request.get_full_path(),
    })

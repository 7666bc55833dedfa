from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.agreements.models import Channel
from retainer.clients.selectors import client_get
from retainer.conversations.forms import InteractionForm, ThreadForm
from retainer.conversations.models import Direction
from retainer.conversations.selectors import (
    interaction_get,
    thread_states,
    waiting_items,
    waiting_list,
)
from retainer.conversations.services import (
    interaction_create,
    interaction_update,
    thread_resume,
    thread_wait,
)
from retainer.core.calendar import business_calendar
from retainer.core.pagination import paginate, query_without_page
from retainer.core.permissions import require
from retainer.core.views import form_page, safe_next, url_to
from retainer.policy.services import policy_current


@require(Perm.LOG_INTERACTIONS)
def interaction_new(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    initial = {
        "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
        "direction": Direction.OUTBOUND,
        "channel": Channel.EMAIL,
        "author": request.user,
    }
    return form_page(
        request, InteractionForm(request.POST or None, client=client, initial=initial),
        save=lambda data: interaction_create(client=client, data=data),
        done=url_to("client_detail", client_id=client.pk), message=_("Interaction logged."),
        client=client, title=_("Log an interaction"),
    )


@require(Perm.LOG_INTERACTIONS)
def interaction_edit(request, interaction_id):
    interaction = interaction_get(agency=request.agency, interaction_id=interaction_id)
    return form_page(
        request,
        InteractionForm(request.POST or None, instance=interaction, client=interaction.client),
        save=lambda data: interaction_update(interaction=interaction, data=data),
        done=url_to("client_detail", client_id=interaction.client_id), message=_("Interaction saved."),
        client=interaction.client, title=_("Edit interaction"),
    )


@require(Perm.VIEW)
def waiting_queue(request):
    mine = request.GET.get("who") == "mine"
    page = paginate(request, waiting_list(
        agency=request.agency, manager_id=request.user.pk if mine else None,
    ))
    page.object_list = waiting_items(
        page.object_list, calendar=business_calendar(request.agency),
        policy=policy_current(agency=request.agency), now=timezone.now(),
    )
    return render(request, "conversations/waiting.html", {
        "page": page, "mine": mine, "query": query_without_page(request),
    })


@require(Perm.VIEW)
def thread_panel(request, client_id):
    """Which of the client's threads wait for the client, with the controls to stop or start
    waiting; fetched by the client page after it has loaded."""
    client = client_get(agency=request.agency, client_id=client_id)
    return render(request, "conversations/partials/threads.html", {
        "client": client,
        "waiting_threads": thread_states(agency=request.agency, client_id=client.pk),
    })


@require_POST
@require(Perm.LOG_INTERACTIONS)
def thread_wait_toggle(request, client_id):
    """Mark a thread as waiting for the client, or stop waiting (`resume`)."""
    client = client_get(agency=request.agency, client_id=client_id)
    form = ThreadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The thread name is too long."))
    elif form.cleaned_data["resume"]:
        thread_resume(client=client, key=form.cleaned_data["thread"])
        messages.success(request, _("The reply clocks of this thread run again."))
    else:
        thread_wait(client=client, key=form.cleaned_data["thread"])
        messages.success(request, _("Waiting for the client: the thread's reply clocks stand still."))
    return redirect(safe_next(request) or reverse("client_detail", kwargs={"client_id": client.pk}))

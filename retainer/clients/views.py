from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from retainer.accounts.roles import Perm
from retainer.agreements.selectors import current_agreement, deliverable_plans
from retainer.clients.forms import ClientFilterForm, ClientForm, ContactForm
from retainer.clients.models import Stage
from retainer.clients.selectors import client_get, client_list, contact_cards, contact_get
from retainer.clients.services import client_create, contact_create
from retainer.clients.timeline import deliverable_timeline
from retainer.conversations.flags import FLAG_LABELS
from retainer.conversations.selectors import interaction_log
from retainer.core.htmx import is_fragment, pick_template
from retainer.core.pagination import paginate, paginate_log, query_without_page
from retainer.core.permissions import require
from retainer.core.services import model_update
from retainer.core.views import form_page, url_to


@require(Perm.VIEW)
def client_index(request):
    filters = ClientFilterForm(request.GET or None, agency=request.agency)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    page = paginate(
        request,
        client_list(
            agency=request.agency,
            q=criteria.get("q") or "",
            stage=criteria.get("stage") or "",
            manager=criteria.get("manager"),
        ),
    )
    return render(
        request,
        pick_template(request, "clients/list.html", "clients/partials/list_results.html"),
        {
            "filters": filters,
            "stages": Stage.choices,
            "managers": filters.managers,
            "page": page,
            "filtered": bool(criteria and any(criteria.values())),
            "query": query_without_page(request),
        },
    )


@require(Perm.VIEW)
def client_detail(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    flag = request.GET.get("flag", "")
    flag = flag if flag in FLAG_LABELS else ""
    interactions = paginate_log(
        request, interaction_log(agency=request.agency, client_id=client.pk, flag=flag)
    )
    log = {"client": client, "interactions": interactions, "flag": flag, "flags": FLAG_LABELS,
           "now": timezone.now()}
    if is_fragment(request):  # htmx asks for the next page of the log only
        return render(request, "clients/partials/interactions.html", log)
    agreement = current_agreement(agency=request.agency, client_id=client.pk)
    context = {
        "client": client,
        "agreement": agreement,
        "contacts": contact_cards(agency=request.agency, client_id=client.pk),
        "timeline": deliverable_timeline(
            deliverable_plans(agency=request.agency, agreement_id=agreement.pk)
        ) if agreement else None,
        **log,
    }
    return render(request, "clients/detail.html", context)


@require(Perm.EDIT_CLIENTS)
def client_new(request):
    form = ClientForm(
        request.POST or None, agency=request.agency, initial={"account_manager": request.user}
    )
    return form_page(
        request, form,
        save=lambda data: client_create(agency=request.agency, data=data),
        done=lambda client: reverse("client_detail", kwargs={"client_id": client.pk}),
        message=_("Client added."), title=_("New client"),
    )


@require(Perm.EDIT_CLIENTS)
def client_edit(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    return form_page(
        request, ClientForm(request.POST or None, instance=client, agency=request.agency),
        save=lambda data: model_update(instance=client, data=data),
        done=url_to("client_detail", client_id=client.pk), message=_("Client saved."),
        client=client, title=client.name,
    )


@require(Perm.EDIT_CLIENTS)
def contact_new(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    return form_page(
        request, ContactForm(request.POST or None),
        save=lambda data: contact_create(client=client, data=data),
        done=url_to("client_detail", client_id=client.pk), message=_("Contact added."),
        client=client, title=_("New contact"),
    )


@require(Perm.EDIT_CLIENTS)
def contact_edit(request, contact_id):
    contact = contact_get(agency=request.agency, contact_id=contact_id)
    return form_page(
        request, ContactForm(request.POST or None, instance=contact),
        save=lambda data: model_update(instance=contact, data=data),
        done=url_to("client_detail", client_id=contact.client_id), message=_("Contact saved."),
        client=contact.client, title=contact.name,
    )

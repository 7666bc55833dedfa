from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from retainer.accounts.roles import Perm
from retainer.agreements.forms import (
    AgreementForm,
    DeliverableForm,
    KpiForm,
    MeasurementForm,
    PeriodUsageForm,
)
from retainer.agreements.selectors import (
    agreement_detail as agreement_detail_get,
)
from retainer.agreements.selectors import (
    agreement_get,
    agreement_history,
    deliverable_get,
    kpi_get,
    period_burn,
    period_get,
)
from retainer.agreements.services import (
    agreement_create,
    agreement_update,
    deliverable_create,
    deliverable_update,
    kpi_create,
    measurement_create,
    retainer_period_record_usage,
)
from retainer.clients.selectors import client_get
from retainer.core.permissions import require
from retainer.core.views import form_page, url_to
from retainer.policy.services import policy_current
from retainer.status.selectors import status_link_card


@require(Perm.VIEW)
def agreement_detail(request, agreement_id):
    agreement = agreement_detail_get(agency=request.agency, agreement_id=agreement_id)
    policy = policy_current(agency=request.agency)
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "client": agreement.client,
            "periods": period_burn(agreement=agreement, policy=policy),
            "history": agreement_history(agreement=agreement),
            "status_link": status_link_card(request=request, agreement=agreement),
        },
    )


@require(Perm.EDIT_TERMS)
def agreement_new(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    initial = AgreementForm.initial_from_policy(policy_current(agency=request.agency))
    return form_page(
        request, AgreementForm(request.POST or None, initial=initial),
        save=lambda data: agreement_create(client=client, data=data),
        done=lambda agreement: reverse("agreement_detail",
                                       kwargs={"agreement_id": agreement.pk}),
        message=_("Agreement added."), client=client, title=_("New agreement"),
    )


@require(Perm.EDIT_TERMS)
def agreement_edit(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    return form_page(
        request, AgreementForm(request.POST or None, instance=agreement),
        save=lambda data: agreement_update(agreement=agreement, data=data),
        done=url_to("agreement_detail", agreement_id=agreement.pk), message=_("Agreement saved."),
        client=agreement.client, agreement=agreement, title=agreement.title,
    )


@require(Perm.EDIT_TERMS)
def deliverable_new(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    return form_page(
        request, DeliverableForm(request.POST or None),
        save=lambda data: deliverable_create(agreement=agreement, data=data),
        done=url_to("agreement_detail", agreement_id=agreement.pk), message=_("Deliverable added."),
        client=agreement.client, agreement=agreement, title=_("New deliverable"),
    )


@require(Perm.EDIT_TERMS)
def deliverable_edit(request, deliverable_id):
    deliverable = deliverable_get(agency=request.agency, deliverable_id=deliverable_id)
    agreement = deliverable.agreement
    return form_page(
        request, DeliverableForm(request.POST or None, instance=deliverable),
        save=lambda data: deliverable_update(deliverable=deliverable, data=data,
                                             user=request.user),
        done=url_to("agreement_detail", agreement_id=agreement.pk), message=_("Deliverable saved."),
        client=agreement.client, agreement=agreement, title=deliverable.title,
    )


@require(Perm.EDIT_TERMS)
def kpi_new(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    return form_page(
        request, KpiForm(request.POST or None),
        save=lambda data: kpi_create(agreement=agreement, data=data),
        done=url_to("agreement_detail", agreement_id=agreement.pk), message=_("KPI added."),
        client=agreement.client, agreement=agreement, title=_("New promised KPI"),
    )


@require(Perm.EDIT_TERMS)
def measurement_new(request, kpi_id):
    kpi = kpi_get(agency=request.agency, kpi_id=kpi_id)
    agreement = kpi.agreement
    return form_page(
        request, MeasurementForm(request.POST or None),
        save=lambda data: measurement_create(kpi=kpi, data=data),
        done=url_to("agreement_detail", agreement_id=agreement.pk), message=_("Measurement recorded."),
        client=agreement.client, agreement=agreement,
        title=_("Measurement of %(kpi)s") % {"kpi": kpi.name},
    )


@require(Perm.EDIT_TERMS)
def period_edit(request, period_id):
    period = period_get(agency=request.agency, period_id=period_id)
    agreement = period.agreement
    return form_page(
        request, PeriodUsageForm(request.POST or None, instance=period),
        save=lambda data: retainer_period_record_usage(period=period,
                                                       used_hours=data["used_hours"]),
        done=url_to("agreement_detail", agreement_id=agreement.pk),
        message=_("Hours used recorded; later periods carry over accordingly."),
        client=agreement.client, agreement=agreement,
        title=_("Hours used %(start)s — %(end)s") % {"start": period.starts_on,
                                                      "end": period.ends_on},
    )

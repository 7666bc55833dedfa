from django.contrib import messages
from django.shortcuts import redirect, render
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
    period_get,
)
from retainer.agreements.services import (
    agreement_create,
    agreement_update,
    deliverable_create,
    kpi_create,
    measurement_create,
    retainer_period_record_usage,
)
from retainer.clients.selectors import client_get
from retainer.core.permissions import require
from retainer.core.services import model_update
from retainer.policy.services import policy_current


@require(Perm.VIEW)
def agreement_detail(request, agreement_id):
    agreement = agreement_detail_get(agency=request.agency, agreement_id=agreement_id)
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "client": agreement.client,
            "history": agreement_history(agreement=agreement),
            "policy": policy_current(agency=request.agency),
        },
    )


@require(Perm.EDIT_TERMS)
def agreement_new(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    initial = AgreementForm.initial_from_policy(policy_current(agency=request.agency))
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        agreement = agreement_create(client=client, data=form.cleaned_data)
        messages.success(request, _("Agreement added."))
        return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(
        request, "agreements/form.html",
        {"form": form, "client": client, "title": _("New agreement")},
    )


@require(Perm.EDIT_TERMS)
def agreement_edit(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        agreement_update(agreement=agreement, data=form.cleaned_data)
        messages.success(request, _("Agreement saved."))
        return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(
        request, "agreements/form.html",
        {"form": form, "client": agreement.client, "agreement": agreement,
         "title": agreement.title},
    )


@require(Perm.EDIT_TERMS)
def deliverable_new(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    form = DeliverableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deliverable_create(agreement=agreement, data=form.cleaned_data)
        messages.success(request, _("Deliverable added."))
        return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(
        request, "agreements/form.html",
        {"form": form, "client": agreement.client, "agreement": agreement,
         "title": _("New deliverable")},
    )


@require(Perm.EDIT_TERMS)
def deliverable_edit(request, deliverable_id):
    deliverable = deliverable_get(agency=request.agency, deliverable_id=deliverable_id)
    agreement = deliverable.agreement
    form = DeliverableForm(request.POST or None, instance=deliverable)
    if request.method == "POST" and form.is_valid():
        model_update(instance=deliverable, data=form.cleaned_data)
        messages.success(request, _("Deliverable saved."))
        return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(
        request, "agreements/form.html",
        {"form": form, "client": agreement.client, "agreement": agreement,
         "title": deliverable.title},
    )


@require(Perm.EDIT_TERMS)
def kpi_new(request, agreement_id):
    agreement = agreement_get(agency=request.agency, agreement_id=agreement_id)
    form = KpiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kpi_create(agreement=agreement, data=form.cleaned_data)
        messages.success(request, _("KPI added."))
        return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(
        request, "agreements/form.html",
        {"form": form, "client": agreement.client, "agreement": agreement,
         "title": _("New promised KPI")},
    )


@require(Perm.EDIT_TERMS)
def measurement_new(request, kpi_id):
    kpi = kpi_get(agency=request.agency, kpi_id=kpi_id)
    agreement = kpi.agreement
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        measurement_create(kpi=kpi, data=form.cleaned_data)
        messages.success(request, _("Measurement recorded."))
        return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(
        request, "agreements/form.html",
        {"form": form, "client": agreement.client, "agreement": agreement,
         "title": _("Measurement of %(kpi)s") % {"kpi": kpi.name}},
    )


@require(Perm.EDIT_TERMS)
def period_edit(request, period_id):
    period = period_get(agency=request.agency, period_id=period_id)
    agreement = period.agreement
    form = PeriodUsageForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        retainer_period_record_usage(period=period, used_hours=form.cleaned_data["used_hours"])
        messages.success(request, _("Hours used recorded; later periods carry over accordingly."))
        return redirect("agreement_detail", agreement_id=agreement.pk)
    title = _("Hours used %(start)s — %(end)s") % {"start": period.starts_on, "end": period.ends_on}
    return render(
        request, "agreements/form.html",
        {"form": form, "client": agreement.client, "agreement": agreement, "title": title},
    )

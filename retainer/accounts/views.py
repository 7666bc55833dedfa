from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from retainer.accounts.forms import AgencyForm, MemberForm
from retainer.accounts.roles import Perm
from retainer.accounts.selectors import agency_members, memberships_of
from retainer.accounts.services import agency_update, member_add
from retainer.core.permissions import authorize, require
from retainer.core.tenancy import SESSION_AGENCY_KEY


@require_POST
def agency_switch(request):
    membership = memberships_of(request.user).filter(agency_id=request.POST.get("agency")).first()
    if membership is None:
        raise Http404
    request.session[SESSION_AGENCY_KEY] = membership.agency_id
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@require(Perm.EDIT_AGENCY)
def agency_settings(request):
    form = AgencyForm(request.POST or None, instance=request.agency)
    if request.method == "POST" and form.is_valid():
        agency_update(agency=request.agency, data=form.agency_data())
        messages.success(request, _("Agency settings saved."))
        return redirect("agency_settings")
    return render(request, "accounts/agency_settings.html", {"form": form})


@require(Perm.VIEW)
def member_list(request):
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        authorize(request, Perm.MANAGE_MEMBERS)
        if form.is_valid():
            try:
                member_add(agency=request.agency, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Member saved."))
                return redirect("member_list")
    return render(
        request,
        "accounts/members.html",
        {"members": agency_members(request.agency), "form": form},
    )

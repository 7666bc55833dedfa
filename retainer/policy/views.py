from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from retainer.accounts.roles import Perm
from retainer.core.permissions import require
from retainer.policy.forms import PolicyForm
from retainer.policy.labels import LABELS, SECTIONS
from retainer.policy.selectors import policy_versions_with_changes
from retainer.policy.services import policy_current, policy_update


@require(Perm.VIEW)
def policy_page(request):
    policy = policy_current(agency=request.agency)
    document = policy.to_document()
    sections = [
        (title, [(LABELS[name], document[name]) for name in names]) for title, names in SECTIONS
    ]
    return render(
        request,
        "policy/policy.html",
        {
            "policy": policy,
            "sections": sections,
            "versions": policy_versions_with_changes(agency=request.agency),
        },
    )


@require(Perm.EDIT_POLICY)
def policy_edit(request):
    policy = policy_current(agency=request.agency)
    form = PolicyForm(request.POST or None, policy=policy)
    if request.method == "POST" and form.is_valid():
        try:
            version = policy_update(
                agency=request.agency,
                actor=request.user,
                changes=form.changes,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if version is None:
                messages.info(request, _("Nothing changed; the policy stays at its version."))
            else:
                messages.success(
                    request, _("Policy saved as version %(v)s.") % {"v": version.version}
                )
            return redirect("policy")
    sections = [(title, [form[name] for name in names]) for title, names in SECTIONS]
    return render(
        request,
        "policy/edit.html",
        {"form": form, "sections": sections},
    )

"""Role checks for pages and the API, over the one matrix in accounts.roles."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from retainer.accounts.roles import Perm, role_allows


def authorize(request: HttpRequest, perm: str) -> None:
    """Raise PermissionDenied unless the request's membership holds `perm`."""
    membership = getattr(request, "membership", None)
    if membership is None or not role_allows(membership.role, perm):
        raise PermissionDenied(
            _("Your role does not allow this: %(perm)s.") % {"perm": Perm(perm).label}
        )


def require(perm: str):
    """Page decorator: a user without an agency sees how to get one; a role without the
    permission gets a 403 page naming what is missing."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if getattr(request, "agency", None) is None:
                return render(request, "errors/no_agency.html", status=403)
            authorize(request, perm)
            return view(request, *args, **kwargs)

        wrapper.required_perm = perm
        return wrapper

    return decorator

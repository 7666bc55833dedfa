"""Agencies are tenants: the one mechanism that scopes every query to the request's agency.

Every tenant-owned model inherits `TenantModel`; every read goes through
`Model.objects.for_agency(agency)` or `get_for_agency_or_404`, which selectors and API
endpoints use alike. `TenantMiddleware` resolves the request's agency and membership from the
session (a user may belong to several agencies and switch); bearer-token API requests get
theirs from the token. An object of another agency is simply not found: 404, never 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from retainer.accounts.models import Agency, Membership

SESSION_AGENCY_KEY = "agency_id"
MAX_ID = 2**63 - 1

M = TypeVar("M", bound="TenantModel")


class TenantQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> TenantQuerySet:
        if agency is None:
            raise ValueError("A tenant query needs an agency.")
        return self.filter(agency=agency)


class TenantModel(models.Model):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


def get_for_agency_or_404(
    model_or_queryset: type[M] | models.QuerySet, agency: Agency, pk: object
) -> M:
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset.objects.all()
    )
    try:
        key = int(str(pk))
        if not 0 < key <= MAX_ID:
            raise ValueError(key)
        return queryset.for_agency(agency).get(pk=key)
    except (ValueError, queryset.model.DoesNotExist):
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from None


def attach_membership(request: HttpRequest, membership: Membership | None) -> None:
    request.membership = membership
    request.agency = membership.agency if membership else None


class TenantMiddleware:
    """Sets request.agency and request.membership for a logged-in user, and the agency's time
    zone for rendering dates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        from django.utils import timezone

        from retainer.accounts.selectors import membership_for_session

        attach_membership(request, None)
        request.memberships = []
        if request.user.is_authenticated:
            membership, request.memberships = membership_for_session(
                request.user, request.session.get(SESSION_AGENCY_KEY)
            )
            attach_membership(request, membership)
            if membership is not None:
                timezone.activate(membership.agency.timezone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

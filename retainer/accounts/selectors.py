from __future__ import annotations

from django.db.models import QuerySet

from retainer.accounts.models import Agency, Membership, User


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("agency").order_by("agency__name")


def membership_for_session(user: User, agency_id: object) -> Membership | None:
    """The membership the session points at, or the user's first one."""
    memberships = memberships_of(user)
    if agency_id is not None:
        chosen = memberships.filter(agency_id=agency_id).first()
        if chosen is not None:
            return chosen
    return memberships.first()


def agency_members(agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def agency_users(agency: Agency) -> QuerySet[User]:
    return User.objects.filter(memberships__agency=agency).order_by("full_name", "email")

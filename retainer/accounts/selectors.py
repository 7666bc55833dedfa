from __future__ import annotations

from django.db.models import QuerySet

from retainer.accounts.models import Agency, Membership, User


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("agency").order_by("agency__name")


def membership_for_session(
    user: User, agency_id: object
) -> tuple[Membership | None, list[Membership]]:
    """The membership the session points at (or the user's first one), and all of the
    user's memberships for the agency switcher — one query for both."""
    memberships = list(memberships_of(user))
    chosen = next((m for m in memberships if str(m.agency_id) == str(agency_id)), None)
    return chosen or (memberships[0] if memberships else None), memberships


def agency_members(agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def agency_users(agency: Agency) -> QuerySet[User]:
    return User.objects.filter(memberships__agency=agency).order_by("full_name", "email")

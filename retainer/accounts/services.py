"""Writes for users, agencies and memberships."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency, ApiToken, Membership, User
from retainer.accounts.roles import Role
from retainer.core.history import by
from retainer.core.services import model_update


@transaction.atomic
def agency_create(*, name: str, owner: User, **fields) -> Agency:
    from retainer.policy.services import policy_initialize

    agency = Agency.objects.create(name=name, **fields)
    membership_set(agency=agency, user=owner, role=Role.OWNER, actor=owner)
    policy_initialize(agency=agency, actor=owner)
    return agency


@transaction.atomic
def membership_set(*, agency: Agency, user: User, role: str,
                   actor: User | None = None) -> Membership:
    """Give `user` the `role` in the agency, recording `actor` in the audit trail whether
    the call came from a page, a command or the demo."""
    membership = Membership.objects.select_for_update().filter(agency=agency, user=user).first()
    if membership is None:
        membership = Membership(agency=agency, user=user, role=role)
    elif membership.role == role:
        return membership
    membership.role = role
    by(actor, membership)
    membership.save()
    return membership


def token_issue(*, membership: Membership, name: str = "api") -> str:
    _, raw = ApiToken.issue(membership, name)
    return raw


@transaction.atomic
def member_add(
    *, agency: Agency, actor: User, email: str, role: str, full_name: str = "", password: str = ""
) -> Membership:
    """Add a member or change a member's role; the agency always keeps at least one owner."""
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        if not password:
            raise ValidationError(_("A new user needs an initial password."))
        user = User.objects.create_user(email, password, full_name=full_name)
    current = Membership.objects.filter(agency=agency, user=user).first()
    if current and current.role == Role.OWNER and role != Role.OWNER:
        owners = Membership.objects.filter(agency=agency, role=Role.OWNER).count()
        if owners <= 1:
            raise ValidationError(_("The agency must keep at least one owner."))
    return membership_set(agency=agency, user=user, role=role, actor=actor)


CALENDAR_FIELDS = ("timezone", "working_windows", "holiday_country", "days_off", "working_days")


@transaction.atomic
def agency_update(*, agency: Agency, data: dict) -> Agency:
    """Save the agency's settings; a change of its calendar moves every open reply clock."""
    stored = Agency.objects.select_for_update().get(pk=agency.pk)
    calendar_changed = any(
        name in data and getattr(stored, name) != data[name] for name in CALENDAR_FIELDS
    )
    model_update(instance=agency, data=data)
    if calendar_changed:
        # Imported here: conversations builds on accounts, not the other way round.
        from retainer.conversations.tasks import reply_clocks_refresh

        transaction.on_commit(lambda: reply_clocks_refresh.enqueue(agency.pk))
    return agency

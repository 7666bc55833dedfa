"""Roles and the one permission matrix that pages and the API both enforce.

Specialists read everything and log their own conversations but do not decide or edit terms;
only owners edit the agency policy and its members (BRIEF C11).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("owner")
    SALES = "sales", _("sales")
    ACCOUNT_MANAGER = "account_manager", _("account manager")
    SPECIALIST = "specialist", _("specialist")


class Perm(models.TextChoices):
    VIEW = "view", _("read clients, agreements and conversations")
    LOG_INTERACTIONS = "log_interactions", _("log interactions")
    EDIT_CLIENTS = "edit_clients", _("add and edit clients and contacts")
    EDIT_TERMS = "edit_terms", _("edit agreements, deliverables and KPIs")
    DECIDE = "decide", _("decide requests, claims and recovery")
    QUALIFY = "qualify", _("record prospect decisions")
    EDIT_AGENCY = "edit_agency", _("edit the agency's calendar and letterhead")
    EDIT_POLICY = "edit_policy", _("edit the agency policy")
    MANAGE_MEMBERS = "manage_members", _("manage members and roles")


_ALL = frozenset(Perm)
_WORK = frozenset(
    {Perm.VIEW, Perm.LOG_INTERACTIONS, Perm.EDIT_CLIENTS, Perm.EDIT_TERMS, Perm.DECIDE}
)

MATRIX: dict[str, frozenset[str]] = {
    Role.OWNER: _ALL,
    Role.SALES: _WORK | {Perm.QUALIFY},
    Role.ACCOUNT_MANAGER: _WORK,
    Role.SPECIALIST: frozenset({Perm.VIEW, Perm.LOG_INTERACTIONS}),
}


def role_allows(role: str, perm: str) -> bool:
    return perm in MATRIX.get(role, frozenset())

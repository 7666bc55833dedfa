from retainer.accounts.roles import MATRIX


def tenancy(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"current_agency": None, "perms_in_agency": frozenset()}
    return {
        "current_agency": membership.agency,
        "current_membership": membership,
        "perms_in_agency": MATRIX.get(membership.role, frozenset()),
        "user_memberships": getattr(request, "memberships", [membership]),
    }

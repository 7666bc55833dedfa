from functools import lru_cache

from django.urls import get_script_prefix, reverse

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


NAV_PAGES = ("home", "client_list", "waiting_queue", "attention", "request_list", "claim_list",
             "unhappy_list", "conflict_list", "policy", "member_list", "agency_settings",
             "agency_switch", "set_language", "logout", "notification_list", "notification_badge",
             "calendar_feed", "health_list", "report_list", "prospect_list", "touchpoint_list")


def navigation(request):
    """The layout's fixed links, reversed once per script prefix instead of on every page."""
    return {"nav": _nav_urls(get_script_prefix())}


@lru_cache(maxsize=8)
def _nav_urls(prefix: str) -> dict[str, str]:
    return {name: reverse(name) for name in NAV_PAGES}

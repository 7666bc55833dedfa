from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.core.pagination import paginate
from retainer.core.permissions import require
from retainer.notifications.selectors import notification_list, unread_count
from retainer.notifications.services import notifications_read
from retainer.notifications.texts import describe


@require(Perm.VIEW)
def notification_index(request):
    page = paginate(request, notification_list(agency=request.agency, user=request.user))
    page.object_list = [(n, *describe(n)) for n in page.object_list]
    return render(request, "notifications/list.html", {"page": page})


@require(Perm.VIEW)
def notification_badge(request):
    """The header's unread count, fetched by htmx after the page has loaded so that no page
    waits for it."""
    count = unread_count(agency=request.agency, user=request.user)
    return render(request, "notifications/badge.html", {"count": count})


@require_POST
@require(Perm.VIEW)
def notification_read_all(request):
    notifications_read(agency=request.agency, user=request.user, now=timezone.now())
    return redirect("notification_list")

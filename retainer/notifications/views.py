from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from retainer.accounts.roles import Perm
from retainer.core.pagination import paginate
from retainer.core.permissions import require
from retainer.notifications.forms import PreferencesForm
from retainer.notifications.selectors import (
    notification_list,
    notification_preferences,
    unread_count,
)
from retainer.notifications.services import notification_preferences_set, notifications_read
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


@require(Perm.VIEW)
def notification_settings(request):
    """Each member's own choice, per kind of notice, of the app and e-mail."""
    preferences = notification_preferences(agency=request.agency, user=request.user)
    # Bound on every POST: with every box cleared the browser posts no field at all.
    form = PreferencesForm(request.POST if request.method == "POST" else None,
                           preferences=preferences)
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(agency=request.agency, user=request.user,
                                     choices=form.choices())
        messages.success(request, _("Notification settings saved."))
        return redirect("notification_settings")
    return render(request, "notifications/settings.html", {"form": form})

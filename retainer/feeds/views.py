from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from retainer.accounts.roles import Perm
from retainer.core.permissions import require
from retainer.core.ratelimit import limit_per_address, per_minute
from retainer.feeds.ical import feed_calendar
from retainer.feeds.selectors import (
    calendar_feed_find,
    calendar_feed_get,
    deliverable_deadlines,
    keep_in_touch_reminders,
    reply_deadlines,
)
from retainer.feeds.services import calendar_feed_issue, calendar_feed_revoke

NEW_TOKEN_KEY = "calendar_feed_token"
# Feed requests per address: calendar applications poll every few minutes, so even an office
# of members behind one address stays far below it, while guessing tokens is slowed.
RATE = per_minute(20)


def _too_many(request):
    return HttpResponse(_("Too many requests for calendar feeds from this address; try again "
                          "in a minute."), content_type="text/plain; charset=utf-8")


@require(Perm.VIEW)
def calendar_feed_page(request):
    """The member's feed: whether it is on, and the URL once, right after it is made."""
    token = request.session.pop(NEW_TOKEN_KEY, None)
    url = (settings.RETAINER_BASE_URL.rstrip("/") + reverse("calendar_feed_ics", args=[token])
           if token else None)
    return render(request, "feeds/calendar.html", {
        "feed": calendar_feed_get(agency=request.agency, user=request.user), "url": url,
    })


@require_POST
@require(Perm.VIEW)
def calendar_feed_change(request):
    if request.POST.get("action") == "revoke":
        calendar_feed_revoke(agency=request.agency, user=request.user)
        messages.success(request, _("The calendar link no longer works."))
    else:
        request.session[NEW_TOKEN_KEY] = calendar_feed_issue(agency=request.agency,
                                                             user=request.user)
        messages.success(request, _("A new calendar link is ready; any earlier link stops working."))
    return redirect("calendar_feed")


@login_not_required
@require_GET
@limit_per_address(group="feeds", rate=RATE, refusal=_too_many)
def calendar_feed_ics(request, token):
    feed = calendar_feed_find(token)
    if feed is None:
        raise Http404("No such calendar feed.")
    now = timezone.now()
    today = timezone.localdate(now, ZoneInfo(feed.agency.timezone))
    with translation.override(feed.user.language or settings.LANGUAGE_CODE):
        body = feed_calendar(
            agency_name=feed.agency.name, replies=reply_deadlines(feed),
            deliverables=deliverable_deadlines(feed, today),
            keep_in_touch=keep_in_touch_reminders(feed, today), today=today, now=now,
        )
    type(feed).objects.filter(pk=feed.pk).update(last_fetched_at=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="retainer.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response

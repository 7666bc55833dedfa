"""The feed as RFC 5545 text, written by the `icalendar` library rather than by hand: it
folds long lines, escapes commas and semicolons in user text and formats UTC times, which
are exactly the details calendar clients are strict about."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from retainer.core.templatetags.retainer import day

# The reply's event: a short slot ending at the due time, with an alarm before it.
REPLY_SLOT = timedelta(minutes=15)
REPLY_ALARM = timedelta(minutes=30)


def feed_calendar(*, agency_name: str, replies, deliverables, keep_in_touch, today: date,
                  now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Retainer//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Retainer — %(agency)s") % {"agency": agency_name})
    base = settings.RETAINER_BASE_URL.rstrip("/")
    host = base.split("://", 1)[-1]
    for row in replies:
        event = Event()
        event.add("uid", f"reply-{row['id']}@{host}")
        event.add("dtstamp", now)
        event.add("summary", _("Reply due: %(client)s") % {"client": row["client__name"]})
        event.add("dtstart", row["reply_due_at"] - REPLY_SLOT)
        event.add("dtend", row["reply_due_at"])
        event.add("description", row["text"][:500])
        event.add("url", base + reverse("client_detail", kwargs={"client_id": row["client_id"]}))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Reply due: %(client)s") % {"client": row["client__name"]})
        alarm.add("trigger", -REPLY_ALARM)
        event.add_component(alarm)
        calendar.add_component(event)
    for row in deliverables:
        event = Event()
        event.add("uid", f"deliverable-{row['id']}@{host}")
        event.add("dtstamp", now)
        event.add("summary", _("Due: %(title)s (%(client)s)") % {
            "title": row["title"], "client": row["agreement__client__name"]})
        due: date = row["planned_due"]
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("url", base + reverse("client_detail",
                                        kwargs={"client_id": row["agreement__client_id"]}))
        calendar.add_component(event)
    for row in keep_in_touch:
        # An overdue reminder moves to today rather than vanish into the past.
        due: date = row["contact_due_on"]
        on = max(due, today)
        event = Event()
        event.add("uid", f"keep-in-touch-{row['id']}-{due.isoformat()}@{host}")
        event.add("dtstamp", now)
        event.add("summary", _("Keep in touch: %(client)s") % {"client": row["name"]})
        event.add("dtstart", on)
        event.add("dtend", on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        last = row["last_contact_on"]
        event.add("description", (
            _("Last contact %(last)s: remind the client of us, or the memory of us fades.")
            % {"last": day(last)} if last else
            _("No contact recorded: remind the client of us, or the memory of us fades.")))
        event.add("url", base + reverse("client_detail", kwargs={"client_id": row["id"]}))
        calendar.add_component(event)
    return calendar.to_ical()

"""Template filters for the busiest lists, where Django's general-purpose filters cost more
than the row they format (a log page formats dozens of dates)."""

from __future__ import annotations

from datetime import date, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import get_language, gettext

register = template.Library()

MOMENT_FORMATS = {"ru": "%d.%m.%Y %H:%M", "uk": "%d.%m.%Y %H:%M", "en": "%Y-%m-%d %H:%M"}
DAY_FORMATS = {"ru": "%d.%m.%Y", "uk": "%d.%m.%Y", "en": "%Y-%m-%d"}


def moment_formatter():
    """A function formatting datetimes as `moment` does, with the language and time zone
    looked up once — for lists that format many."""
    fmt = MOMENT_FORMATS.get((get_language() or "en")[:2], MOMENT_FORMATS["en"])
    zone = timezone.get_current_timezone()
    return lambda value: "" if value is None else value.astimezone(zone).strftime(fmt)


@register.filter
def moment(value) -> str:
    return moment_formatter()(value)


@register.filter
def span(value: timedelta | None) -> str:
    """A stretch of (business) time as hours and minutes: "3 h 20 min", sign dropped."""
    if value is None:
        return ""
    minutes = abs(int(value.total_seconds())) // 60
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    if hours:
        return gettext("%(hours)s h") % {"hours": hours}
    return gettext("%(minutes)s min") % {"minutes": minutes}


@register.filter
def amount(value) -> str:
    """A money amount in whole units with thin grouping, as the interface language writes
    it: 1 290 000 (ru, uk) or 1,290,000 (en)."""
    if value in (None, ""):
        return ""
    grouped = f"{round(value):,}"
    if (get_language() or "en")[:2] in ("ru", "uk"):
        return grouped.replace(",", "\u00a0")
    return grouped


@register.filter
def day(value: date | None) -> str:
    """A date in the short numeric form of the interface language."""
    if value is None:
        return ""
    return value.strftime(DAY_FORMATS.get((get_language() or "en")[:2], DAY_FORMATS["en"]))

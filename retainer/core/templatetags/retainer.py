"""Template filters for the busiest lists, where Django's general-purpose filters cost more
than the row they format (a log page formats dozens of dates)."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()

MOMENT_FORMATS = {"ru": "%d.%m.%Y %H:%M", "uk": "%d.%m.%Y %H:%M", "en": "%Y-%m-%d %H:%M"}
DAY_FORMATS = {"ru": "%d.%m.%Y", "uk": "%d.%m.%Y", "en": "%Y-%m-%d"}


@register.filter
def moment(value: datetime | None) -> str:
    """A date and time in the agency's time zone, in the short numeric form of the
    interface language."""
    if value is None:
        return ""
    language = (get_language() or "en")[:2]
    return timezone.localtime(value).strftime(MOMENT_FORMATS.get(language, MOMENT_FORMATS["en"]))


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

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from retainer.reports.wording import number

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    """A measured figure as the active language writes it, without trailing zeros: "1,5"
    in ru and uk, "1.5" in en."""
    if value is None:
        return ""
    return number(value, (get_language() or "en")[:2])

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from retainer.conversations.flags import FLAG_LABELS

register = template.Library()


@register.simple_tag
def flag_badges(flags: str) -> SafeString:
    """Badges for a message's stored flags (" claim urgency ")."""
    return mark_safe(" ".join(
        f'<span class="badge flag-{escape(flag)}">{escape(str(FLAG_LABELS.get(flag, flag)))}</span>'
        for flag in (flags or "").split()
    ))

"""Secret calendar feeds (BRIEF C8): each member's reply deadlines and deliverable due dates
as an iCalendar (.ics) URL that calendar applications poll without logging in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.core.tenancy import TenantModel


class CalendarFeed(TenantModel):
    """One per member and agency. The URL's token is long and random and only its hash is
    stored, so the lookup compares hashes (no timing hint about the token) and a leaked
    database does not leak working feed URLs. A new link replaces the old one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="calendar_feed_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency_id}"

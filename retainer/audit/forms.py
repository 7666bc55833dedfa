"""The audit log's filters: the same form reads the page's query string and the API's."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.accounts.models import Agency, User
from retainer.audit.selectors import KINDS
from retainer.core.forms import DateInput

# Dates beyond these would overflow when turned into moments in the agency's time zone.
EARLIEST = date(1900, 1, 1)
LATEST = date(9000, 12, 31)


class ActorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), required=False)
    actor = ActorField(label=_("Who"), required=False, queryset=User.objects.none(),
                       empty_label=_("anyone"))
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["kind"].choices = [("", _("everything")), *KINDS.items()]
        self.fields["actor"].queryset = User.objects.filter(
            memberships__agency=agency).order_by("full_name", "email")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if any(day and not EARLIEST <= day <= LATEST for day in (since, until)):
            raise forms.ValidationError(_("Enter dates between 1900 and 9000."))
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> dict:
        """The selector's arguments: dates are whole days in the agency's time zone."""
        data = self.cleaned_data
        zone = ZoneInfo(self.agency.timezone)
        since, until = data.get("since"), data.get("until")
        actor = data.get("actor")
        return {
            "kind": data.get("kind") or None,
            "actor_id": actor.pk if actor else None,
            "since": datetime.combine(since, time.min, tzinfo=zone) if since else None,
            "until": (datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
                      if until else None),
        }

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from retainer.accounts.models import Agency
from retainer.accounts.roles import Role
from retainer.core.calendar import windows_from_text, windows_to_text
from retainer.core.forms import DatesField
from retainer.rules.business_time import supported_countries

WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday")]


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(
        label=_("Initial password (for a new user)"),
        required=False,
        widget=forms.PasswordInput,
        min_length=10,
    )


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "legal_name", "letterhead", "signatory_name", "signatory_title",
                  "timezone", "holiday_country", "days_off", "working_days", "currency"]
        widgets = {"letterhead": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"days_off": DatesField, "working_days": DatesField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        texts = windows_to_text(self.instance.working_windows or {})
        for day, label in enumerate(WEEKDAYS):
            self.fields[f"windows_{day}"] = forms.CharField(
                label=label, required=False, initial=texts[day], max_length=200,
                help_text=_("e.g. 09:00-13:00, 14:00-18:00; empty for a day off") if day == 0 else "",
            )

    def clean_holiday_country(self):
        country = self.cleaned_data["holiday_country"].strip().upper()
        if country and country not in supported_countries():
            raise forms.ValidationError(
                _("The holidays calendar does not know the country code %(code)s.")
                % {"code": country}
            )
        return country

    def agency_data(self) -> dict:
        """The cleaned settings as the Agency's fields (the windows come from seven inputs)."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["working_windows"] = self.instance.working_windows
        return data

    def clean(self):
        cleaned = super().clean()
        try:
            self.instance.working_windows = windows_from_text(
                {day: cleaned.get(f"windows_{day}", "") for day in range(7)}
            )
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return cleaned

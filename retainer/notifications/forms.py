from __future__ import annotations

from django import forms

from retainer.notifications.selectors import Preference


class PreferencesForm(forms.Form):
    """Two checkboxes per kind of notice: in the app, by e-mail."""

    def __init__(self, *args, preferences: list[Preference], **kwargs):
        super().__init__(*args, **kwargs)
        self.preferences = preferences
        for preference in preferences:
            self.fields[f"{preference.kind}_in_app"] = forms.BooleanField(
                required=False, initial=preference.in_app, label=preference.label)
            self.fields[f"{preference.kind}_email"] = forms.BooleanField(
                required=False, initial=preference.email, label=preference.label)

    def rows(self):
        return [(p, self[f"{p.kind}_in_app"], self[f"{p.kind}_email"]) for p in self.preferences]

    def choices(self) -> dict[str, dict[str, bool]]:
        data = self.cleaned_data
        return {p.kind: {"in_app": data[f"{p.kind}_in_app"], "email": data[f"{p.kind}_email"]}
                for p in self.preferences}

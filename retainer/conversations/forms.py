from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.accounts.selectors import agency_users
from retainer.clients.models import Client
from retainer.conversations.models import TEXT_MAX_CHARS, Direction, Interaction
from retainer.core.forms import DateTimeInput, SafeModelChoiceField


class InteractionForm(forms.ModelForm):
    text = forms.CharField(label=_("Text"), max_length=TEXT_MAX_CHARS,
                           widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = Interaction
        fields = ["channel", "direction", "occurred_at", "contact", "author", "thread", "text"]
        widgets = {"occurred_at": DateTimeInput()}
        field_classes = {"contact": SafeModelChoiceField, "author": SafeModelChoiceField}

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = client.contacts.all()
        self.fields["author"].queryset = agency_users(client.agency)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("direction") == Direction.INBOUND and cleaned.get("author"):
            self.add_error("author", _("A message from the client has no author on our side."))
        return cleaned


class ThreadForm(forms.Form):
    thread = forms.CharField(label=_("Thread"), max_length=200, required=False)
    resume = forms.BooleanField(required=False)

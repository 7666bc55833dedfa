"""Validation for the import page and the API alike."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client
from retainer.imports.models import ImportRun, ImportSource
from retainer.imports.senders import People


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Export file"),
        help_text=_("Telegram Desktop: Export chat history → JSON (result.json). E-mail: one "
                    ".eml file or an mbox. CSV, UTF-8 with “;” or “,”: columns occurred_at, "
                    "direction (in or out), channel, sender, text; optionally thread, "
                    "external_id, subject."),
    )
    source = forms.ChoiceField(label=_("Format"), choices=ImportSource.choices,
                               widget=forms.RadioSelect)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.RETAINER_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the import page takes up to %(limit)s. Larger exports "
                  "are imported with the import commands by an administrator."),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        return upload


class ImportCreateForm(ImportUploadForm):
    """The API's upload: the senders' codes come with the file, as a JSON object."""

    mapping = forms.JSONField(required=False)

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_mapping(self):
        return People(self.client).clean_mapping(self.cleaned_data["mapping"] or {})


class SenderMappingForm(forms.Form):
    """One choice per sender of an uploaded file: a member of the agency, a contact of the
    client, or the client's side; prefilled with the suggestions read from the file."""

    def __init__(self, *args, run: ImportRun, **kwargs):
        super().__init__(*args, **kwargs)
        choices = People(run.client).choices()
        self.senders = run.senders
        for index, sender in enumerate(self.senders):
            self.fields[f"sender_{index}"] = forms.ChoiceField(
                label=sender["name"] or sender["key"], choices=choices, initial=sender["code"],
            )

    def rows(self):
        return [(sender, self[f"sender_{index}"]) for index, sender in enumerate(self.senders)]

    def mapping(self) -> dict[str, str]:
        return {sender["key"]: self.cleaned_data[f"sender_{index}"]
                for index, sender in enumerate(self.senders)}

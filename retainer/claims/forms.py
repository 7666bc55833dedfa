from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import Agreement, AgreementStatus, Deliverable, PromisedKpi
from retainer.claims.models import Claim, Target
from retainer.claims.services import GRANT, OVERRIDE_REASON_MIN, REFUSE
from retainer.clients.models import Client
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.core.forms import DateTimeInput, SafeModelChoiceField
from retainer.core.tenancy import MAX_ID

ASKED_MAX_MIN = 100 * 60 * 8  # a hundred working days: anything larger is a new agreement
MESSAGES_SHOWN = 50  # the latest messages offered in the page's list; any of them is valid


class ClaimForm(forms.ModelForm):
    asked_min = forms.IntegerField(
        label=_("Work it asks for, minutes"), min_value=0, max_value=ASKED_MAX_MIN, initial=0,
        required=False, help_text=_("What granting the ask takes us: 20, 90, 240…"))
    asked_amount = forms.DecimalField(
        label=_("Money it asks for"), min_value=0, max_digits=14, decimal_places=2, initial=0,
        required=False, help_text=_("A discount or a refund, in the agency's currency."))
    made_at = forms.DateTimeField(label=_("When the client made it"), widget=DateTimeInput(),
                                  required=False,
                                  help_text=_("Leave empty for the message's time, or now."))

    class Meta:
        model = Claim
        fields = ["agreement", "target", "deliverable", "kpi", "message", "result", "words",
                  "ask", "asked_min", "asked_amount", "made_at"]
        field_classes = {"agreement": SafeModelChoiceField, "deliverable": SafeModelChoiceField,
                         "kpi": SafeModelChoiceField, "message": SafeModelChoiceField}
        widgets = {"words": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "deliverable": _("When the claim is about a deliverable."),
            "kpi": _("When the claim is about a promised KPI."),
            "message": _("When the claim is about how long we took to answer: the client's "
                         "message that waited."),
            "result": _("When the claim is about a result the agreement does not promise, as "
                        "the agreement words it."),
            "ask": _("In a few words, as the reply will quote it."),
        }

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        agreements = Agreement.objects.filter(client=client).order_by("-starts_on", "-id")
        self.fields["agreement"].queryset = agreements
        current = next((a for a in agreements if a.status == AgreementStatus.ACTIVE), None)
        if current is not None and not self.initial.get("agreement"):
            self.initial["agreement"] = current.pk
        if current is not None and current.not_promised:
            self.fields["result"].help_text = _("Not promised in “%(agreement)s”: %(listed)s.") % {
                "agreement": current.title, "listed": "; ".join(current.not_promised)}
        self.fields["target"].initial = Target.NOTHING
        self.fields["deliverable"].queryset = (
            Deliverable.objects.filter(agreement__client=client).select_related("agreement")
            .order_by("planned_due", "id"))
        self.fields["deliverable"].label_from_instance = (
            lambda d: f"{d.title} ({d.agreement.title})")
        self.fields["kpi"].queryset = (
            PromisedKpi.objects.filter(agreement__client=client).select_related("agreement")
            .order_by("agreement_id", "id"))
        self.fields["kpi"].label_from_instance = lambda k: f"{k.name} ({k.agreement.title})"
        messages = Interaction.objects.filter(client=client, direction=Direction.INBOUND,
                                              kind=Kind.MESSAGE).order_by("-occurred_at", "-id")
        field = self.fields["message"]
        field.queryset = messages
        field.label_from_instance = _message_label
        # A client's log can be long: the page offers the latest messages (and the one asked
        # for), while any of the client's messages is a valid choice.
        shown = list(messages[:MESSAGES_SHOWN])
        chosen = self.initial.get("message") or self.data.get("message")
        if str(chosen).isdigit() and 0 < int(chosen) <= MAX_ID \
                and all(m.pk != int(chosen) for m in shown):
            shown += list(messages.filter(pk=chosen))
        field.widget.choices = [("", field.empty_label)] + [(m.pk, _message_label(m))
                                                            for m in shown]

    def clean(self):
        cleaned = super().clean()
        agreement = cleaned.get("agreement")
        for name in ("deliverable", "kpi"):
            item = cleaned.get(name)
            if agreement and item and item.agreement_id != agreement.pk:
                self.add_error(name, _("It belongs to another agreement."))
        at = cleaned.get("made_at")
        if at and at > timezone.now():
            self.add_error("made_at", _("A claim cannot come from the future."))
        cleaned["asked_min"] = cleaned.get("asked_min") or 0
        cleaned["asked_amount"] = cleaned.get("asked_amount") or 0
        return cleaned


def _message_label(message: Interaction) -> str:
    when = timezone.localtime(message.occurred_at).strftime("%Y-%m-%d %H:%M")
    text = " ".join(message.text.split())
    return f"{when} · {text[:70]}{'…' if len(text) > 70 else ''}"


class OverrideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("What the client asks"), widget=forms.RadioSelect,
        choices=[(GRANT, _("grant it")), (REFUSE, _("refuse it"))])
    reason = forms.CharField(
        label=_("Why the rules' outcome does not fit"), min_length=OVERRIDE_REASON_MIN,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

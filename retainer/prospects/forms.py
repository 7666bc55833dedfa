from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from retainer.accounts.models import Agency
from retainer.accounts.selectors import agency_users
from retainer.core.forms import DateInput, LinesField, SafeModelChoiceField
from retainer.prospects.models import CHOICES_OF, MATCH_OF, Attribute, Decision, Prospect, SalesPlan
from retainer.prospects.portraits import MAX_VALUE_LENGTH, MAX_VALUES, criteria_clean
from retainer.prospects.services import PLAN_FIELDS, PROSPECT_FIELDS
from retainer.rules import qualification as rules


class ProspectForm(forms.ModelForm):
    class Meta:
        model = Prospect
        fields = list(PROSPECT_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ProspectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by company, request or contact"), required=False,
                        max_length=100)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices,
                                 widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to turn a prospect down and to change a decision."))


class ConvertForm(forms.Form):
    account_manager = SafeModelChoiceField(
        label=_("Account manager"), queryset=None, required=False,
        help_text=_("Who takes the new client over; can be chosen later."))

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account_manager"].queryset = agency_users(agency)


class SalesPlanForm(forms.ModelForm):
    class Meta:
        model = SalesPlan
        fields = list(PLAN_FIELDS)
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        return cleaned


YES_NO = [("yes", _("yes")), ("no", _("no"))]


class PortraitForm(forms.Form):
    """One row per attribute: its weight (empty: not part of the portrait) and how it
    matches — the values that are ours, a range with the distance over which a value
    outside it still counts in part, or the answer that is ours."""

    note = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args, criteria: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        current = {row["attribute"]: row for row in criteria}
        self.layout: list[tuple[str, str, list[str]]] = []
        for code, name in Attribute.choices:
            row = current.get(code, {})
            self.fields[f"{code}_weight"] = forms.IntegerField(
                label=name, required=False, min_value=1, max_value=rules.MAX_WEIGHT,
                initial=row.get("weight"))
            match = MATCH_OF[code]
            if match == rules.ONE_OF and code in CHOICES_OF:
                extra = {f"{code}_values": forms.MultipleChoiceField(
                    label=_("Ours"), required=False, choices=CHOICES_OF[code].choices,
                    widget=forms.CheckboxSelectMultiple, initial=row.get("values", []))}
            elif match == rules.ONE_OF:
                extra = {f"{code}_values": LinesField(
                    label=_("Ours, one per line"), max_items=MAX_VALUES,
                    max_item_length=MAX_VALUE_LENGTH, initial=row.get("values", []))}
            elif match == rules.RANGE:
                extra = {
                    f"{code}_low": forms.DecimalField(label=pgettext_lazy("range", "From"), required=False,
                                                      min_value=0, initial=row.get("low")),
                    f"{code}_high": forms.DecimalField(label=pgettext_lazy("range", "To"), required=False,
                                                       min_value=0, initial=row.get("high")),
                    f"{code}_partial_within": forms.DecimalField(
                        label=_("Partial points up to this far outside the range"), required=False,
                        min_value=0, initial=row.get("partial_within")),
                }
            else:
                extra = {f"{code}_expected": forms.ChoiceField(
                    label=_("Ours"), choices=YES_NO, required=False,
                    initial="no" if row.get("expected") is False else "yes")}
            self.fields.update(extra)
            self.layout.append((code, f"{code}_weight", list(extra)))
        self.order_fields([name for _code, weight, extra in self.layout
                           for name in (weight, *extra)] + ["note"])

    def rows(self):
        return [(self[weight], [self[name] for name in extra])
                for _code, weight, extra in self.layout]

    def clean(self):
        cleaned = super().clean()
        rows = []
        for code, weight, extra in self.layout:
            if cleaned.get(weight) is None:
                continue
            row: dict = {"attribute": code, "weight": cleaned[weight]}
            for name in extra:
                key = name[len(code) + 1:]
                value = cleaned.get(name)
                if key == "expected":
                    row[key] = value != "no"
                elif key == "values":
                    row[key] = list(value or [])
                else:
                    row[key] = None if value is None else str(value)
            rows.append(row)
        try:
            self.criteria = criteria_clean(rows)
        except ValidationError as error:
            for message in error.message_dict.get("criteria", error.messages):
                self.add_error(None, message)
        return cleaned

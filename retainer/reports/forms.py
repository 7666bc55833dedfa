from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from retainer.reports.selectors import month_start, previous_month

MONTH = re.compile(r"(\d{4})-(\d{2})")
EARLIEST_YEAR = 2000


class MonthInput(forms.TextInput):
    input_type = "month"


def parse_month(value: str, *, today: date) -> date:
    """The first day of a month written YYYY-MM; empty means the previous month, the last
    one complete. A month not begun yet has no report."""
    value = value.strip()
    if not value:
        return previous_month(today)
    match = MONTH.fullmatch(value)
    if match is None or not 1 <= int(match[2]) <= 12:
        raise ValidationError(_("Write the month as YYYY-MM, for example 2026-03."),
                              code="format")
    month = date(int(match[1]), int(match[2]), 1)
    if month.year < EARLIEST_YEAR:
        raise ValidationError(_("Reports start in %(year)s.") % {"year": EARLIEST_YEAR},
                              code="too_early")
    if month > month_start(today):
        raise ValidationError(_("That month has not begun yet: there is nothing to report."),
                              code="future")
    return month


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, max_length=7,
                            widget=MonthInput())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_month(self) -> date:
        return parse_month(self.cleaned_data.get("month") or "", today=self.today)


class ReportFilterForm(MonthForm):
    """The reports index: whose clients, a name to search, and the month the links open."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    mine = forms.BooleanField(label=_("My clients"), required=False)

"""Form pieces shared by pages and the API: the same form validates both."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _


class LinesField(forms.Field):
    """A list of short texts: one per line in a page's textarea, a JSON list in the API."""

    widget = forms.Textarea(attrs={"rows": 4})
    default_error_messages = {
        "invalid": _("Enter one item per line."),
        "too_long": _("Each line may hold at most %(max)s characters."),
        "too_many": _("At most %(max)s lines."),
    }

    def __init__(self, *, max_items: int = 50, max_item_length: int = 300, **kwargs):
        self.max_items = max_items
        self.max_item_length = max_item_length
        kwargs.setdefault("required", False)
        # A model JSONField offers these for its own form field; a list of lines needs neither.
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            items = value.splitlines()
        elif isinstance(value, list | tuple):
            if not all(isinstance(item, str) for item in value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            items = list(value)
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        items = [item.strip() for item in items if item.strip()]
        if len(items) > self.max_items:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": self.max_items}
            )
        if any(len(item) > self.max_item_length for item in items):
            raise forms.ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={"max": self.max_item_length},
            )
        return items


class DatesField(LinesField):
    """A list of dates: one per line (YYYY-MM-DD) in a page, stored as ISO strings."""

    widget = forms.Textarea(attrs={"rows": 3})
    default_error_messages = {
        "invalid": _("Not a date: %(value)s. Write one date per line, like 2026-01-02."),
        "too_many": _("At most %(max)s dates."),
    }

    def __init__(self, *, max_items: int = 400, **kwargs):
        super().__init__(max_items=max_items, max_item_length=10, **kwargs)

    def to_python(self, value) -> list[str]:
        days = set()
        for line in value if isinstance(value, list | tuple) else (value or "").splitlines():
            line = str(line).strip()
            if not line:
                continue
            try:
                days.add(date.fromisoformat(line))
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": line[:20]}
                ) from None
        if len(days) > self.max_items:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": self.max_items}
            )
        return [day.isoformat() for day in sorted(days)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


def _error_loc(field: str) -> list[str]:
    return ["body", "payload"] + ([] if field == "__all__" else [field])


def form_errors(form: forms.BaseForm) -> list[dict]:
    """Field errors in the API's 422 shape (the same as ninja's own validation errors)."""
    detail = []
    for field, errors in form.errors.get_json_data().items():
        for error in errors:
            detail.append({"loc": _error_loc(field), "msg": error["message"],
                           "type": error["code"] or "invalid"})
    return detail


def validation_errors(error: forms.ValidationError) -> list[dict]:
    """A service's ValidationError in the same 422 shape as `form_errors`."""
    fields = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return [{"loc": _error_loc(field), "msg": text, "type": "invalid"}
            for field, texts in fields.items() for text in texts]


class SafeModelChoiceField(forms.ModelChoiceField):
    """A choice by id that treats an id beyond the database's integer range as an invalid
    choice (SQLite would otherwise raise OverflowError from deep inside the query)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

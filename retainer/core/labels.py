"""Labels of choices, translated once per language: a list of fifty rows would otherwise
translate the same few labels fifty times."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Choices
from django.utils.translation import get_language


def label(choices: type[Choices], value: str) -> str:
    return _label(choices, value, get_language())


@lru_cache(maxsize=1024)
def _label(choices: type[Choices], value: str, language: str | None) -> str:
    return str(choices(value).label)


class ChoiceLabel:
    """A model attribute giving a choice field's label through `label`:
    `stage_label = ChoiceLabel("stage", Stage)` in place of Django's get_stage_display()."""

    def __init__(self, field: str, choices: type[Choices]):
        self.field = field
        self.choices = choices

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return label(self.choices, getattr(instance, self.field))

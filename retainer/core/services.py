from __future__ import annotations

from django.db import models, transaction


@transaction.atomic
def model_update(*, instance: models.Model, data: dict) -> models.Model:
    """Apply validated `data` and save only when something differs from the stored row, so
    the audit trail records real changes and nothing else. The stored row is read afresh
    because a ModelForm has already copied its data onto `instance` while validating."""
    stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    changed = [name for name, value in data.items() if getattr(stored, name) != value]
    for name, value in data.items():
        setattr(instance, name, value)
    if changed:
        instance.save()
    return instance

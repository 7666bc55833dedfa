from __future__ import annotations

from django.db import models, transaction


@transaction.atomic
def model_update(*, instance: models.Model, data: dict) -> models.Model:
    """Apply validated `data` and save only the fields that changed, so the audit trail
    records real changes and nothing else."""
    changed = [
        name for name, value in data.items() if getattr(instance, name) != value
    ]
    for name in changed:
        setattr(instance, name, data[name])
    if changed:
        instance.save()
    return instance

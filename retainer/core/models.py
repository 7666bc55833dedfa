from django.db import models


class WorkerBeat(models.Model):
    """The last sign of life of one task worker (`manage.py worker`). A worker whose beat is
    older than WORKER_STALE_SECONDS is taken for dead, wherever it ran, and the task it left
    running is queued again (see workers.py). Times are the database's, so the machines'
    clocks need not agree."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} ({self.pid})"


class KeepsDerived(models.Model):
    """A model with columns derived from other tables (`DERIVED`), which the code writing
    those tables keeps up to date. An ordinary save of the model writes its other columns
    only: an instance read before a derived value changed must not put the old one back.

    django-computedfields keeps such columns generically, through a dependency graph and
    handlers on the saves of every model involved; two columns that follow one model
    (`touchpoints.models.Touchpoint`, which writes them in one UPDATE each) did not call
    for it."""

    DERIVED: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding and not args \
                and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.DERIVED]
        super().save(*args, **kwargs)

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

from django.db import models


class JobRun(models.Model):
    """When a periodic job is next due; workers take a run by moving the time forward."""

    name = models.CharField(max_length=80, unique=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name

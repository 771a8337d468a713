"""A background job: one CSV export or import of one entity, run by a Celery worker (see tasks.py).

The row is both what the job page shows (status, progress, results) and the task's checkpoint: a task that
starts again after a crash carries on from what the row says was committed, never from the beginning.
"""

import uuid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse


def import_path(job: "Job", filename: str) -> str:
    """Uploads are stored under the job's id, not the user's file name: nothing to guess, nothing to clash."""
    return f"imports/{job.pk}.csv"


def export_path(job: "Job", filename: str) -> str:
    """One fixed name per job, so that a task run again after a crash replaces its file instead of adding one."""
    return f"exports/{job.pk}.csv"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "JobQuerySet":
        """Jobs are private: their owner sees them, and staff see every job."""
        return self if user.is_staff else self.filter(created_by=user)


class Job(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", "Export"
        IMPORT = "import", "Import"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    entity = models.CharField(max_length=100, help_text="The model label of the entity, e.g. shop.order.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0, help_text="Rows to process, once known.")
    processed = models.PositiveIntegerField(default=0, help_text="Rows processed and committed.")
    error = models.TextField(blank=True, help_text="Why the job failed.")
    # Exports: the list page's query string (?q= and filters), and the CSV written.
    query = models.TextField(blank=True)
    result = models.FileField(upload_to=export_path, blank=True)
    # Imports: the uploaded CSV, and what became of its rows.
    upload = models.FileField(upload_to=import_path, blank=True)
    upload_name = models.CharField(max_length=255, blank=True, help_text="The uploaded file's own name.")
    created_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    row_errors = models.JSONField(
        default=dict, blank=True, help_text="Row number (the header is row 1) -> {field: [messages]}."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "finished_at"], name="jobs_job_finished_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.entity_plural}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def downloadable(self) -> bool:
        return self.kind == self.Kind.EXPORT and self.status == self.Status.DONE and bool(self.result)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, self.processed * 100 // self.total) if self.total else 0

    @property
    def entity_plural(self) -> str:
        """The entity's plural name ("tasks"), or its label if the entity has left the data model."""
        try:
            return str(apps.get_model(self.entity)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            return self.entity


@receiver(post_delete, sender=Job)
def delete_files(sender: type[Job], instance: Job, **kwargs: Any) -> None:
    """A deleted job takes its files with it, once the deletion is committed."""
    for stored in (instance.result, instance.upload):
        if stored:
            storage, name = stored.storage, stored.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))

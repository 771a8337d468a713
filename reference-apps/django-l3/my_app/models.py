"""The data model, generated from the entity spec in .copier-answers.yml."""

import uuid

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse


class Task(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    completed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A list page is read from the first index in order, not sorted from the whole table; a `?q=` search from
        # the trigram indexes (migrations/0002_search_indexes.py).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="task_ordering_idx"),
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="task_title_trgm"),
        ]
        verbose_name_plural = "tasks"

    def __str__(self) -> str:
        return self.title or f"Task {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("task-detail", args=[self.pk])

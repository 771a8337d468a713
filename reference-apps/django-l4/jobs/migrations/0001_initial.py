import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import jobs.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Job",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("kind", models.CharField(choices=[("export", "Export"), ("import", "Import")], max_length=10)),
                (
                    "entity",
                    models.CharField(help_text="The model label of the entity, e.g. shop.order.", max_length=100),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("pending", "Pending"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("total", models.PositiveIntegerField(default=0, help_text="Rows to process, once known.")),
                ("processed", models.PositiveIntegerField(default=0, help_text="Rows processed and committed.")),
                ("error", models.TextField(blank=True, help_text="Why the job failed.")),
                ("query", models.TextField(blank=True)),
                ("result", models.FileField(blank=True, upload_to=jobs.models.export_path)),
                ("upload", models.FileField(blank=True, upload_to=jobs.models.import_path)),
                (
                    "upload_name",
                    models.CharField(blank=True, help_text="The uploaded file's own name.", max_length=255),
                ),
                ("created_count", models.PositiveIntegerField(default=0)),
                ("failed_count", models.PositiveIntegerField(default=0)),
                (
                    "row_errors",
                    models.JSONField(
                        blank=True, default=dict, help_text="Row number (the header is row 1) -> {field: [messages]}."
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="jobs",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["status", "finished_at"], name="jobs_job_finished_idx")],
            },
        ),
    ]

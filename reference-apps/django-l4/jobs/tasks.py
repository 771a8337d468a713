"""The Celery tasks: CSV export, CSV import, and the nightly cleanup (CELERY_BEAT_SCHEDULE in config/settings.py).

How they stay correct when things go wrong (with CELERY_TASK_ACKS_LATE and CELERY_TASK_REJECT_ON_WORKER_LOST):
- A task may run more than once for one job: a worker killed mid-task hands it back to the queue, and Redis
  hands a task that outlived its visibility timeout to another worker while the first may still run it. So
  every task is idempotent: a finished job returns at once; an export writes to a temporary file and then
  replaces the job's one result file; an import commits each chunk of rows in ONE transaction together with
  its checkpoint (Job.processed), holding a lock on the job row, so a new run skips the committed rows and two
  runs of one job never import the same row.
- Transient errors (the database or Redis unreachable for a moment) are retried with exponential backoff; any
  other error fails the job, with the reason on its page.

Optional settings: JOB_IMPORT_CHUNK_SIZE (rows per transaction, default 100), JOB_RETENTION_DAYS (default 7).
"""

import csv
import io
import logging
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from itertools import islice
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from . import csvfiles, registry
from .models import Job, export_path

logger = logging.getLogger(__name__)

# Worth another try: the database, the broker or Redis did not answer for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, RedisConnectionError, RedisTimeoutError)
RELIABLE: dict[str, Any] = {
    "bind": True,
    # The Job row holds the state and the outcome; storing Celery results too would only fill Redis, and make
    # the web process subscribe to each result (and wait on Redis) when it queues a task.
    "ignore_result": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,  # waits of about 1, 2, 4, 8, 16 s ...
    "retry_backoff_max": 300,  # ... never more than 5 minutes
    "retry_jitter": True,  # ... randomised, so that many failed tasks do not all retry at once
    "max_retries": 5,
}
PROGRESS_EVERY = 200  # exported rows between two progress updates, or one second if that comes first
MAX_ROW_ERRORS = 1000  # an import counts every failed row, and keeps the errors of this many


class JobError(Exception):
    """A job that cannot succeed as asked (a bad file, an entity gone from the data model): failed, not retried."""


@shared_task(**RELIABLE)
def export_entities(self: Task, job_id: str) -> str:
    """Write the entity's rows, with the list page's search and filters applied, into the job's CSV file."""
    with _failures_recorded(self, job_id):
        _export(job_id)
    return _status(job_id)


@shared_task(**RELIABLE)
def import_entities(self: Task, job_id: str) -> str:
    """Create objects from the rows of the job's uploaded CSV; rows that break a rule are reported, not saved."""
    with _failures_recorded(self, job_id):
        _import(job_id)
    return _status(job_id)


@shared_task(**RELIABLE)
def cleanup_finished_jobs(self: Task) -> int:
    """Delete finished jobs older than JOB_RETENTION_DAYS, with their files. Beat runs it every night."""
    cutoff = timezone.now() - timedelta(days=getattr(settings, "JOB_RETENTION_DAYS", 7))
    finished = [Job.Status.DONE, Job.Status.FAILED]
    deleted, _ = Job.objects.filter(status__in=finished, finished_at__lt=cutoff).delete()  # files: models.py
    logger.info("Deleted %d finished jobs older than %s", deleted, cutoff)
    return deleted


def _export(job_id: str) -> None:
    claimed = _claim(job_id, Job.Kind.EXPORT)
    if claimed is None:
        return
    job, entity = claimed
    queryset = entity.filtered(job.query)
    Job.objects.filter(pk=job.pk).update(total=queryset.count(), processed=0, updated_at=timezone.now())
    reported = time.monotonic()

    def progress(written: int) -> None:
        nonlocal reported
        if written % PROGRESS_EVERY == 0 or time.monotonic() - reported >= 1:
            Job.objects.filter(pk=job.pk).update(processed=written, updated_at=timezone.now())
            reported = time.monotonic()

    with tempfile.TemporaryFile() as scratch:
        text = io.TextIOWrapper(scratch, encoding="utf-8", newline="")
        written = csvfiles.write(entity, queryset, text, progress)
        text.flush()
        text.detach()  # the CSV is written; the binary file stays open for the storage to read
        scratch.seek(0)
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job.pk)
            if job.is_finished:
                return  # another run of this job finished first
            name = export_path(job, "")
            job.result.storage.delete(name)  # left behind by a run that died before it committed
            job.result.save(name, File(scratch), save=False)
            _finish(job, Job.Status.DONE, total=written, processed=written)


def _import(job_id: str) -> None:
    claimed = _claim(job_id, Job.Kind.IMPORT)
    if claimed is None:
        return
    job, entity = claimed
    chunk_size = max(1, int(getattr(settings, "JOB_IMPORT_CHUNK_SIZE", 100)))
    with _csv_rows(job) as rows:
        problem = csvfiles.header_problem(entity, next(rows, None))
        if problem:
            raise JobError(problem)
        total = sum(1 for _ in rows)
    Job.objects.filter(pk=job.pk).update(total=total, updated_at=timezone.now())

    with _csv_rows(job) as rows:
        importer = csvfiles.Importer(entity, next(rows))
        position = 0  # data rows read from the file by this run
        while True:
            with transaction.atomic():
                # The lock makes a second run of this job (a redelivered task) wait here, then skip this chunk.
                job = Job.objects.select_for_update().get(pk=job.pk)
                if job.is_finished:
                    return
                if job.processed < position:
                    raise JobError(f"The checkpoint went back from row {position} to {job.processed}.")
                # Skip the rows committed already, by an earlier run of this task or by a parallel one.
                position += sum(1 for _ in islice(rows, job.processed - position))
                chunk = list(islice(rows, chunk_size))
                if not chunk:
                    _finish(job, Job.Status.DONE, total=position)
                    return
                for offset, row in enumerate(chunk):
                    _import_row(job, importer, row, number=position + offset + 2)  # the header is row 1
                job.processed = position = position + len(chunk)
                job.save(update_fields=["processed", "created_count", "failed_count", "row_errors", "updated_at"])


def _import_row(job: Job, importer: csvfiles.Importer, row: list[str], number: int) -> None:
    """Save one row, or count it as failed and keep its errors under its row number."""
    if not any(value.strip() for value in row):
        return  # a blank line
    form, errors = importer.validate(row)
    if form is not None:
        try:
            with transaction.atomic():  # a savepoint: a row the database refuses does not undo the chunk
                form.save()
        except IntegrityError as error:  # a constraint the form could not check (a concurrent duplicate)
            errors = {"__all__": [str(error).strip()]}
        else:
            job.created_count += 1
            return
    job.failed_count += 1
    if len(job.row_errors) < MAX_ROW_ERRORS:
        job.row_errors[str(number)] = errors


def _claim(job_id: str, kind: str) -> tuple[Job, registry.Entity] | None:
    """Mark the job running and return it with its entity; None when there is nothing (left) to do."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, kind=kind).first()
        if job is None:
            logger.warning("%s job %s does not exist (deleted?): nothing to do", kind, job_id)
            return None
        if job.is_finished:
            return None  # a task delivered again after the job finished
        entity = registry.by_label(job.entity)
        if entity is None:
            raise JobError(f"{job.entity} is no longer part of the data model.")
        if job.status != Job.Status.RUNNING:
            job.status = Job.Status.RUNNING
            job.save(update_fields=["status", "updated_at"])
    return job, entity


def _finish(job: Job, status: str, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.status = status
    job.finished_at = timezone.now()
    job.save()


def _fail(job_id: str, message: str) -> None:
    """Record why a job failed (unless another run of it has finished it). Never raises: it runs on error paths."""
    now = timezone.now()
    try:
        Job.objects.filter(pk=job_id, status__in=[Job.Status.PENDING, Job.Status.RUNNING]).update(
            status=Job.Status.FAILED, error=message[:2000], finished_at=now, updated_at=now
        )
    except DatabaseError:
        logger.exception("Could not record that job %s failed: %s", job_id, message)


@contextmanager
def _failures_recorded(task: Task, job_id: str) -> Iterator[None]:
    """What goes wrong becomes the job's status; a transient error keeps it running until the last retry."""
    try:
        yield
    except JobError as error:
        _fail(job_id, str(error))  # the job's own problem: shown on its page, nothing to retry or log
    except TRANSIENT_ERRORS as error:
        if task.request.retries >= task.max_retries:
            _fail(job_id, f"Gave up after {task.max_retries} retries: {type(error).__name__}: {error}")
        raise  # autoretry_for schedules the next try
    except SoftTimeLimitExceeded:
        _fail(job_id, "Stopped: the job ran longer than the task time limit.")
        raise
    except Exception as error:
        _fail(job_id, f"Unexpected error: {type(error).__name__}: {error}")
        raise


@contextmanager
def _csv_rows(job: Job) -> Iterator[Iterator[list[str]]]:
    """The rows of the job's upload (the header first), read as UTF-8 with or without a byte-order mark."""
    with job.upload.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            yield csv.reader(text)
        except UnicodeDecodeError as error:
            raise JobError(f"The file is not UTF-8 text (byte {error.start}); save it as CSV UTF-8.") from error
        except csv.Error as error:
            raise JobError(f"The file is not valid CSV: {error}.") from error
        finally:
            text.detach()  # the storage's file object closes itself


def _status(job_id: str) -> str:
    status = Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
    return status or "deleted"

"""Pages of the background jobs: start an export or an import, follow its progress, download the result.

Jobs are private: every page needs a signed-in user and shows a job only to its owner and to staff; anyone
else gets a 404, as if the job did not exist.
"""

import logging
from typing import Any
from uuid import UUID

from celery import Task
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from storages.backends.s3 import S3Storage

from . import registry
from .forms import ImportForm
from .models import Job
from .tasks import export_entities, import_entities

logger = logging.getLogger(__name__)

STOP_POLLING = 286  # htmx swaps this response in, then stops polling the element
RECENT_JOBS = 50  # rows of the job list
SHOWN_ROW_ERRORS = 20  # rejected rows listed on an import's page (all of them are counted)


class SeeOther(HttpResponseRedirect):
    """303: the answer to a POST that started something; the browser follows it with a GET."""

    status_code = 303


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(created_by=request.user)[:RECENT_JOBS]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, name: str) -> HttpResponse:
    """POST (the list page's "Export in background" button, with its query string): start an export of the rows
    the list shows. GET: say what would be exported, with the button (where a sign-in on the way leads)."""
    entity = _entity_or_404(name)
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    if request.method == "POST":
        job = Job(kind=Job.Kind.EXPORT, entity=registry.label_of(entity), query=query, created_by=request.user)
        return _start(job, export_entities)
    context = {"entity": entity, "query": query, "count": entity.filtered(query).count()}
    return render(request, "jobs/export.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request: HttpRequest, name: str) -> HttpResponse:
    entity = _entity_or_404(name)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, entity=entity)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = Job(
                kind=Job.Kind.IMPORT,
                entity=registry.label_of(entity),
                upload=upload,  # stored as imports/<job id>.csv when the job is saved
                upload_name=(upload.name or "")[-255:],
                created_by=request.user,
            )
            return _start(job, import_entities)
    else:
        form = ImportForm(entity=entity)
    return render(request, "jobs/import.html", {"entity": entity, "form": form})


@login_required
@require_GET
def detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    return render(request, "jobs/job_detail.html", _job_context(_job_or_404(request, pk)))


@never_cache
@login_required
@require_GET
def progress(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The progress fragment that the job page polls every second, until the job has finished."""
    job = _job_or_404(request, pk)
    response = render(request, "jobs/_progress.html", _job_context(job))
    if job.is_finished:
        response.status_code = STOP_POLLING
    return response


@never_cache
@login_required
@require_GET
def status(request: HttpRequest, pk: UUID) -> JsonResponse:
    """The job's state for scripts and tests: status, processed and total rows, counts and links."""
    job = _job_or_404(request, pk)
    return JsonResponse(
        {
            "id": str(job.pk),
            "kind": job.kind,
            "entity": job.entity,
            "status": job.status,
            "processed": job.processed,
            "total": job.total,
            "created": job.created_count,
            "failed": job.failed_count,
            "error": job.error,
            "url": job.get_absolute_url(),
            "download_url": reverse("jobs:download", args=[job.pk]) if job.downloadable else None,
        }
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: UUID) -> HttpResponseBase:
    """The job's CSV: from the app itself, or, in an S3 bucket, from there through a link signed for a few
    minutes (the bucket stays private; the link is handed out only after the job's access check)."""
    job = _job_or_404(request, pk)
    if not job.downloadable:
        raise Http404("This job has no file to download.")
    entity = registry.by_label(job.entity)
    filename = f"{entity.plural if entity else 'export'}.csv"
    if isinstance(job.result.storage, S3Storage):
        parameters = {
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
            "ResponseContentType": "text/csv",
        }
        return HttpResponseRedirect(job.result.storage.url(job.result.name, parameters=parameters))
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=filename, content_type="text/csv")


def _entity_or_404(name: str) -> registry.Entity:
    entity = registry.by_name(name)
    if entity is None:
        raise Http404(f"No entity is named {name!r}.")
    return entity


def _job_or_404(request: HttpRequest, pk: UUID) -> Job:
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


def _job_context(job: Job) -> dict[str, Any]:
    rejected = sorted(job.row_errors.items(), key=lambda item: int(item[0]))[:SHOWN_ROW_ERRORS]
    return {"job": job, "entity": registry.by_label(job.entity), "row_errors": [(int(n), e) for n, e in rejected]}


def _start(job: Job, task: Task) -> HttpResponse:
    """Save the job, and queue its task once the job is committed: the worker must be able to read it."""
    with transaction.atomic():
        job.save()
        transaction.on_commit(lambda: _enqueue(task, job))
    return SeeOther(job.get_absolute_url())


def _enqueue(task: Task, job: Job) -> None:
    try:
        task.delay(str(job.pk))
    except Exception:
        # The broker is down: the job fails visibly on its page instead of the request failing with a 500.
        logger.exception("Could not queue %s (job %s)", task.name, job.pk)
        now = timezone.now()
        Job.objects.filter(pk=job.pk, status=Job.Status.PENDING).update(
            status=Job.Status.FAILED,
            error="The job could not be queued: the task broker did not answer. Please try again in a moment.",
            finished_at=now,
            updated_at=now,
        )

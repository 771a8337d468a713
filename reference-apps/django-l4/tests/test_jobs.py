"""Background jobs: CSV exports and imports run by the Celery tasks, their pages, and who may see them.

The tasks run in this process, so no broker or worker is needed: called directly as a worker calls them, or
started from the pages with Celery's eager mode on and the on-commit callbacks executed.
"""

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from jobs import tasks
from jobs.models import Job, export_path
from jobs.registry import ENTITIES, Entity, label_of
from jobs.tasks import cleanup_finished_jobs, export_entities, import_entities

from .conftest import entity_params, make, values_of

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands for a SIGKILL: nothing in the task catches it, and it stops the task where it is."""


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Uploads and exports go to a directory of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def eager() -> Iterator[None]:
    """Tasks queued by the pages run at once, in this process."""
    saved = {name: celery_app.conf[name] for name in ("task_always_eager", "task_eager_propagates")}
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    celery_app.conf.update(saved)


def direct_export(client: Client, entity: Entity, query: str = "") -> bytes:
    """What the list page's synchronous "Export CSV" link gives."""
    return b"".join(client.get(f"/{entity.plural}/export.csv?{query}").streaming_content)


def csv_file(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def as_text(value: Any) -> str:
    """A sample value as CSV text, the way the export writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def sample_csv(entity: Entity, rows: int) -> tuple[list[str], list[list[str]]]:
    values = [values_of(entity) for _ in range(rows)]
    return list(values[0]), [[as_text(v) for v in row.values()] for row in values]


def new_job(user: User, entity: Entity, kind: str, **fields: Any) -> Job:
    return Job.objects.create(kind=kind, entity=label_of(entity), created_by=user, **fields)


def import_job(user: User, entity: Entity, content: bytes) -> Job:
    upload = SimpleUploadedFile("rows.csv", content)
    return new_job(user, entity, Job.Kind.IMPORT, upload=upload, upload_name="rows.csv")


def count(entity: Entity) -> int:
    return entity.model._default_manager.count()


def invalid_value(entity: Entity, names: list[str]) -> tuple[str, str] | None:
    """A column of `names` and a value in it that the entity's form refuses, if the entity has one."""
    typed = (forms.IntegerField, forms.FloatField, forms.DateField, forms.DateTimeField, forms.UUIDField)
    fields = [(name, entity.form_class.base_fields[name]) for name in names]
    for name, field in fields:
        if isinstance(field, forms.BooleanField):
            return name, "maybe"
        if isinstance(field, (*typed, forms.ChoiceField, forms.EmailField)):
            return name, "not a value"
        if isinstance(field, forms.CharField) and field.max_length:
            return name, "x" * (field.max_length + 1)
    # An empty required value, unless it is the only column: a row of empty values is a blank line, skipped.
    required = [name for name, field in fields if field.required]
    return (required[0], "") if required and len(names) > 1 else None


@pytest.mark.parametrize("entity", entity_params())
class TestExport:
    def test_the_file_is_the_direct_export(self, client: Client, user: User, entity: Any) -> None:
        for _ in range(3):
            make(entity)
        job = new_job(user, entity, Job.Kind.EXPORT)
        assert export_entities.apply(args=[str(job.pk)]).get() == "done"
        job.refresh_from_db()
        assert (job.status, job.processed, job.total) == ("done", 3, 3)
        with job.result.open("rb") as result:
            assert result.read() == direct_export(client, entity)

    def test_list_page_button_exports_what_the_list_shows(
        self, logged_in: Client, entity: Any, eager: None, django_capture_on_commit_callbacks: Any
    ) -> None:
        wanted, _other = make(entity), make(entity)
        query = urlencode({"q": getattr(wanted, entity.search_fields[0])}) if entity.search_fields else ""
        page = logged_in.get(f"/{entity.plural}/?{query}").content.decode()
        start = f"/jobs/export/{entity.name}/" + (f"?{query}" if query else "")
        assert f'action="{start}"' in page
        assert f'href="/jobs/import/{entity.name}/"' in page
        with django_capture_on_commit_callbacks(execute=True):
            response = logged_in.post(start)
        job = Job.objects.get()
        assert (response.status_code, response["Location"]) == (303, job.get_absolute_url())
        assert logged_in.get(response["Location"]).status_code == 200
        download = logged_in.get(f"{job.get_absolute_url()}download/")
        assert download["Content-Disposition"] == f'attachment; filename="{entity.plural}.csv"'
        content = b"".join(download.streaming_content)
        assert content == direct_export(logged_in, entity, query)
        assert len(content.splitlines()) == (2 if query else 3)

    def test_a_run_again_rewrites_the_same_file(self, client: Client, user: User, entity: Any) -> None:
        make(entity)
        job = new_job(user, entity, Job.Kind.EXPORT)
        # As a worker killed after writing the file, before committing the job, leaves it:
        job.result.storage.save(export_path(job, ""), ContentFile(b"half a file"))
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
        export_entities.apply(args=[str(job.pk)]).get()
        job.refresh_from_db()
        assert job.result.name == export_path(job, "")
        with job.result.open("rb") as result:
            assert result.read() == direct_export(client, entity)
        # Delivered once more after it finished: nothing to do.
        finished_at = job.finished_at
        assert export_entities.apply(args=[str(job.pk)]).get() == "done"
        job.refresh_from_db()
        assert job.finished_at == finished_at
        assert job.result.storage.listdir("exports")[1] == [f"{job.pk}.csv"]


@pytest.mark.parametrize("entity", entity_params())
class TestImport:
    def test_upload_creates_the_rows(
        self, logged_in: Client, entity: Any, eager: None, django_capture_on_commit_callbacks: Any
    ) -> None:
        header, rows = sample_csv(entity, 3)
        page = logged_in.get(f"/jobs/import/{entity.name}/")
        assert page.status_code == 200
        assert 'name="file"' in page.content.decode()
        before = count(entity)
        with django_capture_on_commit_callbacks(execute=True):
            upload = SimpleUploadedFile("rows.csv", csv_file(header, rows), "text/csv")
            response = logged_in.post(f"/jobs/import/{entity.name}/", {"file": upload})
        job = Job.objects.get()
        assert (response.status_code, response["Location"]) == (303, job.get_absolute_url())
        assert (job.status, job.total, job.created_count, job.failed_count) == ("done", 3, 3, 0), job.error
        assert count(entity) == before + 3
        state = logged_in.get(f"{job.get_absolute_url()}status.json").json()
        assert (state["status"], state["processed"], state["total"]) == ("done", 3, 3)

    def test_an_export_imports_back(self, client: Client, user: User, entity: Any) -> None:
        originals = [make(entity) for _ in range(3)]
        exported = direct_export(client, entity)
        entity.model._default_manager.filter(pk__in=[obj.pk for obj in originals]).delete()
        job = import_job(user, entity, exported)
        import_entities.apply(args=[str(job.pk)]).get()
        job.refresh_from_db()
        assert (job.status, job.created_count, job.failed_count) == ("done", 3, 0), job.row_errors or job.error
        # The same values again; only the pk and the automatic dates are new.
        editable = [i for i, f in enumerate(entity.columns) if f.name in entity.form_class.base_fields]

        def values(content: bytes) -> list[list[str]]:
            rows = list(csv.reader(io.StringIO(content.decode())))[1:]
            return sorted([row[i] for i in editable] for row in rows)

        assert values(direct_export(client, entity)) == values(exported)

    def test_formulas_come_back_as_they_were(self, client: Client, user: User, entity: Any) -> None:
        """The export puts a ' before text a spreadsheet would run (=, +, -, @, tab, CR); the import takes it off."""
        if not entity.label:
            pytest.skip(f"{entity.name} has no text field to hold a formula")
        texts = ["=1+1", "-2", "@A1", "'=quoted", "plain"]
        for text in texts:
            make(entity, **{entity.label: text})
        exported = direct_export(client, entity)
        assert "'=1+1" in exported.decode()
        entity.model._default_manager.all().delete()
        job = import_job(user, entity, exported)
        import_entities.apply(args=[str(job.pk)]).get()
        job.refresh_from_db()
        assert job.failed_count == 0, job.row_errors
        stored = entity.model._default_manager.values_list(entity.label, flat=True)
        assert sorted(stored) == sorted(texts)

    def test_bad_rows_are_reported_by_number_and_field(self, logged_in: Client, user: User, entity: Any) -> None:
        header, rows = sample_csv(entity, 3)
        bad = invalid_value(entity, header)
        if bad is None:
            pytest.skip(f"{entity.name} has no field that a value can break")
        column, value = bad
        rows[1][header.index(column)] = value
        before = count(entity)
        job = import_job(user, entity, csv_file(header, rows))
        import_entities.apply(args=[str(job.pk)]).get()
        job.refresh_from_db()
        assert (job.status, job.created_count, job.failed_count) == ("done", 2, 1)
        assert list(job.row_errors) == ["3"]  # the header is row 1
        assert list(job.row_errors["3"]) == [column]
        assert count(entity) == before + 2
        page = logged_in.get(job.get_absolute_url()).content.decode()
        assert f"<code>{column}</code>" in page

    def test_bool_columns_take_words(self, user: User, entity: Any) -> None:
        header, rows = sample_csv(entity, 1)
        flags = [name for name in header if isinstance(entity.form_class.base_fields[name], forms.BooleanField)]
        if not flags:
            pytest.skip(f"{entity.name} has no bool field")
        words = {"TRUE": True, "yes": True, "1": True, "on": True, "false": False, "No": False, "0": False, "": False}
        header, rows = sample_csv(entity, len(words))
        for row, word in zip(rows, words, strict=True):
            row[header.index(flags[0])] = word
        job = import_job(user, entity, csv_file(header, rows))
        import_entities.apply(args=[str(job.pk)]).get()
        job.refresh_from_db()
        assert job.created_count == len(words), job.row_errors
        saved = entity.model._default_manager.order_by().values_list(flags[0], flat=True)
        assert sorted(saved) == sorted(words.values())

    def test_a_worker_killed_mid_import_resumes_without_duplicates(
        self, user: User, entity: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings.JOB_IMPORT_CHUNK_SIZE = 2
        job = import_job(user, entity, csv_file(*sample_csv(entity, 5)))
        before = count(entity)
        real_import_row, rows_seen = tasks._import_row, []

        def killed_on_the_fourth_row(*args: Any, **kwargs: Any) -> None:
            rows_seen.append(1)
            if len(rows_seen) == 4:
                raise WorkerKilled
            real_import_row(*args, **kwargs)

        monkeypatch.setattr(tasks, "_import_row", killed_on_the_fourth_row)
        with pytest.raises(WorkerKilled):
            import_entities(str(job.pk))
        job.refresh_from_db()
        # The first chunk (rows 1-2) is committed with its checkpoint; the one under way (row 3) rolled back.
        assert (job.status, job.processed, job.created_count) == ("running", 2, 2)
        assert count(entity) == before + 2

        monkeypatch.undo()
        assert import_entities.apply(args=[str(job.pk)]).get() == "done"  # the task, delivered again
        job.refresh_from_db()
        assert (job.processed, job.created_count, job.failed_count) == (5, 5, 0)
        assert count(entity) == before + 5
        import_entities.apply(args=[str(job.pk)]).get()  # and once more, after it finished
        assert count(entity) == before + 5


BAD_UPLOADS = {
    "not a csv name": ("rows.txt", lambda header: header, ".csv"),
    "not utf-8": ("rows.csv", lambda header: header.encode("utf-16"), "UTF-8"),
    "unknown column": ("rows.csv", lambda header: "no_such_column\nx\n", "Unknown column"),
    "no rows": ("rows.csv", lambda header: header, "no rows"),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_upload_form_refuses_unusable_files(logged_in: Client, case: str) -> None:
    entity = ENTITIES[0]
    name, content, message = BAD_UPLOADS[case]
    body = content(",".join(f.name for f in entity.columns) + "\n")
    upload = SimpleUploadedFile(name, body if isinstance(body, bytes) else body.encode(), "text/csv")
    response = logged_in.post(f"/jobs/import/{entity.name}/", {"file": upload})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not Job.objects.exists()


def test_upload_size_is_limited(logged_in: Client, settings: Any) -> None:
    settings.JOB_IMPORT_MAX_BYTES = 10
    entity = ENTITIES[0]
    upload = SimpleUploadedFile("rows.csv", csv_file(*sample_csv(entity, 2)), "text/csv")
    response = logged_in.post(f"/jobs/import/{entity.name}/", {"file": upload})
    assert "the limit is 10" in " ".join(response.context["form"].errors["file"])


def test_jobs_are_private(client: Client, user: User) -> None:
    job = new_job(user, ENTITIES[0], Job.Kind.EXPORT)
    pages = [job.get_absolute_url() + suffix for suffix in ("", "progress/", "status.json", "download/")]
    for page in pages:
        assert client.get(page)["Location"].startswith("/accounts/login/"), page
    client.force_login(User.objects.create_user("mallory"))
    for page in pages:
        assert client.get(page).status_code == 404, page
    assert job.get_absolute_url() not in client.get("/jobs/").content.decode()
    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert client.get(job.get_absolute_url()).status_code == 200
    client.force_login(user)
    assert [client.get(page).status_code for page in pages] == [200, 200, 200, 404]  # nothing to download yet
    assert job.get_absolute_url() in client.get("/jobs/").content.decode()


def test_progress_is_polled_until_the_job_finishes(logged_in: Client, user: User) -> None:
    job = new_job(user, ENTITIES[0], Job.Kind.EXPORT, status=Job.Status.RUNNING, total=10, processed=4)
    page = logged_in.get(job.get_absolute_url()).content.decode()
    assert f'hx-get="{job.get_absolute_url()}progress/"' in page
    running = logged_in.get(f"{job.get_absolute_url()}progress/")
    assert running.status_code == 200
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert "40%" in running.content.decode()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    done = logged_in.get(f"{job.get_absolute_url()}progress/")
    assert done.status_code == 286  # htmx: stop polling
    assert "hx-trigger" not in done.content.decode()


def test_a_job_that_cannot_be_queued_fails_visibly(
    logged_in: Client, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to redis: Connection refused.")

    monkeypatch.setattr(export_entities, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(f"/jobs/export/{ENTITIES[0].name}/")
    job = Job.objects.get()
    assert response.status_code == 303
    assert job.status == "failed"
    assert "could not be queued" in job.error


def test_cleanup_deletes_old_finished_jobs_and_their_files(
    user: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.JOB_RETENTION_DAYS = 7
    entity, now = ENTITIES[0], timezone.now()
    old = import_job(user, entity, b"a,b\n")
    old.result.save("x.csv", ContentFile(b"id\n"))
    files = [old.upload.name, old.result.name]
    Job.objects.filter(pk=old.pk).update(status=Job.Status.DONE, finished_at=now - timedelta(days=8))
    failed_recently = new_job(user, entity, Job.Kind.EXPORT, status="failed", finished_at=now - timedelta(days=6))
    still_running = new_job(user, entity, Job.Kind.EXPORT, status=Job.Status.RUNNING)
    Job.objects.filter(pk=still_running.pk).update(created_at=now - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert cleanup_finished_jobs.apply().get() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {failed_recently.pk, still_running.pk}
    assert not any(old.upload.storage.exists(name) for name in files)


def test_admin_shows_jobs_read_only(client: Client, user: User) -> None:
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    job = new_job(user, ENTITIES[0], Job.Kind.EXPORT)
    assert client.get("/admin/jobs/job/", {"q": "x", "status__exact": "pending"}).status_code == 200
    assert client.get(f"/admin/jobs/job/{job.pk}/change/").status_code == 200
    assert client.get("/admin/jobs/job/add/").status_code == 403

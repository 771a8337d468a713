"""Files in an S3 bucket: exports and imports through a real local S3 API (moto's server), presigned downloads.

A moto server on a free loopback port stands in for S3; the storage talks to it through the same settings as on
AWS, with AWS_S3_ENDPOINT_URL pointing at it and test credentials.
"""

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import boto3
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto.server import ThreadedMotoServer

from jobs.models import Job
from jobs.registry import ENTITIES, label_of
from jobs.tasks import export_entities, import_entities

from .conftest import make
from .test_jobs import csv_file, direct_export, sample_csv

BUCKET = "test-files"
REGION = "eu-west-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION}
ENTITY = ENTITIES[0]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server for this test session, with test credentials in the environment (boto3 reads them)."""
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def bucket(settings: Any, s3_endpoint: str) -> Iterator[Any]:
    """An empty private bucket, made the default storage as config/settings.py does when
    AWS_STORAGE_BUCKET_NAME is set."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    options = {
        "bucket_name": BUCKET,
        "region_name": REGION,
        "endpoint_url": s3_endpoint,
        "default_acl": None,
        "signature_version": "s3v4",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def finished_export(user: User) -> Job:
    for _ in range(3):
        make(ENTITY)
    job = Job.objects.create(kind=Job.Kind.EXPORT, entity=label_of(ENTITY), created_by=user)
    assert export_entities.apply(args=[str(job.pk)]).get() == "done"
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_an_export_lands_in_the_bucket(client: Client, user: User, bucket: Any) -> None:
    job = finished_export(user)
    stored = bucket.get_object(Bucket=BUCKET, Key=f"exports/{job.pk}.csv")["Body"].read()
    assert stored == direct_export(client, ENTITY)


@pytest.mark.django_db
def test_the_download_is_a_short_lived_presigned_url_that_returns_the_file(
    logged_in: Client, user: User, bucket: Any
) -> None:
    job = finished_export(user)
    response = logged_in.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 302
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert "X-Amz-Signature" in query
    assert 0 < int(query["X-Amz-Expires"][0]) <= 3600
    with urlopen(location, timeout=10) as answer:  # noqa: S310 - the presigned URL of the local S3 API
        assert answer.read() == direct_export(logged_in, ENTITY)
        assert "attachment" in answer.headers["Content-Disposition"]


@pytest.mark.django_db
def test_someone_else_gets_no_link(client: Client, user: User, bucket: Any) -> None:
    job = finished_export(user)
    client.force_login(User.objects.create_user("mallory", "mallory@example.com", "another-long-password"))
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_an_import_reads_its_upload_from_the_bucket(user: User, bucket: Any) -> None:
    upload = SimpleUploadedFile("rows.csv", csv_file(*sample_csv(ENTITY, 2)))
    job = Job.objects.create(
        kind=Job.Kind.IMPORT, entity=label_of(ENTITY), created_by=user, upload=upload, upload_name="rows.csv"
    )
    assert bucket.head_object(Bucket=BUCKET, Key=f"imports/{job.pk}.csv")["ContentLength"] > 0
    assert import_entities.apply(args=[str(job.pk)]).get() == "done"
    job.refresh_from_db()
    assert (job.created_count, job.failed_count) == (2, 0), job.row_errors


@pytest.mark.django_db
def test_a_deleted_job_takes_its_file_out_of_the_bucket(
    user: User, bucket: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = finished_export(user)
    with django_capture_on_commit_callbacks(execute=True):
        job.delete()
    assert bucket.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0

"""The settings on AWS: the database and Redis given in parts (secrets apart), files in an S3 bucket.

Each case starts a fresh process with the variables as the ECS task definition sets them (DATABASE_URL and
REDIS_URL unset), and reads the settings it built.
"""

import ast
from typing import Any

import pytest

from .test_settings import check, setting

# What the task definition gives: no DATABASE_URL or REDIS_URL (an empty value leaves a variable out).
DATABASE_PARTS = {
    "DATABASE_URL": "",
    "DATABASE_HOST": "db.example.internal",
    "DATABASE_PORT": "5432",
    "DATABASE_NAME": "app",
    "DATABASE_USER": "app_user",
    "DATABASE_PASSWORD": "p@ss:w/rd",
}
REDIS_PARTS = {
    "REDIS_URL": "",
    "CELERY_BROKER_URL": "",
    "CELERY_RESULT_BACKEND": "",
    "REDIS_HOST": "cache.example.internal",
    "REDIS_PORT": "6379",
    "REDIS_AUTH_TOKEN": "t0ken/with+signs",
}


def literal(name: str, **env: str) -> Any:
    return ast.literal_eval(setting(name, **env))


def test_the_database_parts_make_a_tls_connection() -> None:
    database = literal("DATABASES['default']", **DATABASE_PARTS)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example.internal", 5432, "app")
    assert (database["USER"], database["PASSWORD"]) == ("app_user", "p@ss:w/rd")
    assert database["OPTIONS"] == {"sslmode": "require"}


def test_database_url_wins_over_the_parts() -> None:
    url = "postgres://someone@127.0.0.1:5432/elsewhere"
    assert literal("DATABASES['default']", **{**DATABASE_PARTS, "DATABASE_URL": url})["NAME"] == "elsewhere"


@pytest.mark.parametrize("missing", ["DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD"])
def test_a_missing_database_part_is_refused_by_name(missing: str) -> None:
    result = check(**{**DATABASE_PARTS, missing: ""})
    assert result.returncode != 0
    assert f"{missing} must be set: DATABASE_HOST is set and DATABASE_URL is not" in result.stderr


def test_the_redis_parts_make_a_tls_url_for_the_cache_and_celery() -> None:
    expected = "rediss://:t0ken%2Fwith%2Bsigns@cache.example.internal:6379/0?ssl_cert_reqs=required"
    assert setting("REDIS_URL", **REDIS_PARTS) == expected
    assert setting("CACHES['default']['LOCATION']", **REDIS_PARTS) == expected
    assert setting("CELERY_BROKER_URL", **REDIS_PARTS) == expected
    assert setting("CELERY_RESULT_BACKEND", **REDIS_PARTS) == expected


def test_a_missing_redis_token_is_refused_by_name() -> None:
    result = check(**{**REDIS_PARTS, "REDIS_AUTH_TOKEN": ""})
    assert result.returncode != 0
    assert "REDIS_AUTH_TOKEN must be set: REDIS_HOST is set and REDIS_URL is not" in result.stderr


def test_files_go_to_the_bucket_when_one_is_named() -> None:
    bucket = {"AWS_STORAGE_BUCKET_NAME": "app-files", "AWS_S3_REGION_NAME": "eu-west-1", "AWS_S3_ENDPOINT_URL": ""}
    storage = literal("STORAGES['default']", **bucket)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "app-files"
    assert storage["OPTIONS"]["region_name"] == "eu-west-1"
    assert storage["OPTIONS"]["endpoint_url"] is None
    assert storage["OPTIONS"]["querystring_auth"] is True
    # Static files stay with WhiteNoise.
    static = setting("STORAGES['staticfiles']['BACKEND']", **bucket)
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_files_stay_on_disk_without_a_bucket() -> None:
    backend = setting("STORAGES['default']['BACKEND']", AWS_STORAGE_BUCKET_NAME="")
    assert backend == "django.core.files.storage.FileSystemStorage"

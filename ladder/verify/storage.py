"""Level 3 smoke: the app's files in an S3 bucket of a local S3 API (a moto server), as on AWS.

A moto server on a free loopback port gets one bucket; the app is given it through the variables the AWS task
definition sets (AWS_STORAGE_BUCKET_NAME, AWS_S3_REGION_NAME) plus AWS_S3_ENDPOINT_URL and test credentials.
The check: a CSV export started from the list page lands in the bucket, and the app's download answers a
redirect to a presigned URL of the bucket that returns the same file. For a Django project the server runs from
the project's own virtualenv, where moto[server] is a development requirement; for a JavaScript project from the
monorepo's own interpreter (the `test` extra installs moto). The podman mode's containers reach it on the host
network.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from ladder.verify.infra import start_moto, stop_moto
from ladder.verify.processes import free_port
from ladder.verify.report import Report
from ladder.verify.workers import TIMEOUT, Browser, job_entity

BUCKET = "smoke-files"
CHECK = "export in an S3 bucket, presigned download"
REGION = "us-east-1"


# Reads one object with boto3 from the project's virtualenv: moto, like S3, refuses unsigned reads of a private
# bucket, and the monorepo's tools carry no AWS SDK.
READ_OBJECT = """
import sys, boto3
client = boto3.client("s3", endpoint_url=sys.argv[1], region_name=sys.argv[2])
sys.stdout.buffer.write(client.get_object(Bucket=sys.argv[3], Key=sys.argv[4])["Body"].read())
"""


@dataclass(frozen=True)
class LocalS3:
    endpoint: str
    python: Path
    bucket: str = BUCKET

    def env(self) -> dict[str, str]:
        """The app's storage settings, pointed at this server (credentials: moto takes any)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }

    def object(self, key: str) -> bytes | None:
        """An object of the bucket as stored, or None when there is none."""
        command = [str(self.python), "-c", READ_OBJECT, self.endpoint, REGION, self.bucket, key]
        read = subprocess.run(command, capture_output=True, env=self.env(), timeout=60, check=False)
        return read.stdout if read.returncode == 0 else None


@contextmanager
def s3_for_run(python: Path | None, workdir: Path) -> Iterator[LocalS3 | str]:
    """A moto server with an empty bucket, or why none could be started (`python` None: this interpreter)."""
    port = free_port()
    server = start_moto(port, workdir / "moto.log", python)
    if isinstance(server, str):
        yield server
        return
    try:
        s3 = LocalS3(f"http://127.0.0.1:{port}", python or Path(sys.executable))
        created = requests.put(f"{s3.endpoint}/{s3.bucket}", timeout=TIMEOUT)
        yield s3 if created.ok else f"moto did not create the bucket: {created.status_code} {created.text[:200]}"
    finally:
        stop_moto(server)


def export_through_bucket(base_url: str, entity: dict[str, Any], s3: LocalS3) -> str:
    """An export lands in the bucket; its download is a redirect to a presigned URL that returns the file."""
    browser = Browser(base_url)
    browser.log_in()
    job = browser.start_job(f"/jobs/export/{entity['snake']}/", page=f"/{entity['plural']}/")
    state = browser.wait(job)
    if state["status"] != "done":
        raise AssertionError(f"export ended {state}")
    stored = s3.object(f"exports/{state['id']}.csv")
    if stored is None:
        raise AssertionError(f"exports/{state['id']}.csv is not in the bucket")
    download = browser.session.get(browser.url(state["download_url"]), allow_redirects=False, timeout=TIMEOUT)
    location = download.headers.get("Location", "")
    if download.status_code != 302 or not location.startswith(f"{s3.endpoint}/{s3.bucket}/"):
        raise AssertionError(f"the download answered {download.status_code}, Location {location!r}")
    query = parse_qs(urlsplit(location).query)
    if "X-Amz-Signature" not in query:
        raise AssertionError(f"the download's URL is not presigned: {location}")
    fetched = requests.get(location, timeout=TIMEOUT)
    direct = requests.get(f"{base_url}/{entity['plural']}/export.csv", timeout=TIMEOUT).text
    if fetched.status_code != 200 or fetched.content != stored:
        raise AssertionError(f"the presigned URL answered {fetched.status_code}, not the stored file")
    if fetched.text.splitlines() != direct.splitlines():
        raise AssertionError("the file in the bucket differs from /export.csv")
    rows = len(direct.splitlines()) - 1
    expires = query.get("X-Amz-Expires", ["?"])[0]
    return (
        f"{rows} rows in s3://{s3.bucket}/exports/{state['id']}.csv; downloaded through a URL signed for {expires} s"
    )


def bucket_for_run(report: Report, stack: ExitStack, python: Path | None, workdir: Path) -> LocalS3 | None:
    """Level 3: a local S3 API with the app's bucket until `stack` closes, or None (the skip and its reason
    reported: the app then keeps its files where level 2 does). `python` runs moto: a Django project's virtualenv,
    or None for this interpreter (a JavaScript project has no Python of its own)."""
    s3 = stack.enter_context(s3_for_run(python, workdir))
    if isinstance(s3, str):
        report.skip(CHECK, s3)
        return None
    return s3


def level_three_checks(report: Report, base_url: str, model: dict[str, Any], s3: LocalS3) -> None:
    try:
        report.add(CHECK, True, export_through_bucket(base_url, job_entity(model), s3))
    except Exception as error:  # noqa: BLE001 - a failed check is reported, the others still run
        report.add(CHECK, False, f"{type(error).__name__}: {error}")

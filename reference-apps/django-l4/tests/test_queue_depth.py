"""The queue's length published to CloudWatch for the worker's autoscaling: a real Redis queue, and moto's server
standing in for CloudWatch (reached through boto3's own AWS_ENDPOINT_URL_CLOUDWATCH, as any endpoint override)."""

import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from config.celery import HeartbeatScheduler
from config.celery import app as celery_app
from jobs.queue_depth import METRIC_NAME, QueueDepthPublisher, publish, queue_length

REGION = "eu-west-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION}
NAMESPACE = "library-test/celery"


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    yield


@pytest.fixture
def cloudwatch_endpoint(environment: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A moto server on a free loopback port, which boto3's CloudWatch clients call."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDWATCH", endpoint)
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def queue() -> Iterator[str]:
    """A queue of this test's own in the broker (Redis), the app's default queue meanwhile; deleted afterwards."""
    name = f"test-queue-{uuid.uuid4().hex}"
    saved = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    try:
        yield name
    finally:
        celery_app.conf.task_default_queue = saved
        with celery_app.connection_for_write() as connection:
            connection.default_channel.client.delete(name, f"_kombu.binding.{name}")


def enqueue(queue: str, count: int) -> None:
    for _ in range(count):
        celery_app.send_task("jobs.tasks.cleanup_finished_jobs", queue=queue)


def datapoints(endpoint: str, queue: str) -> list[dict[str, float]]:
    cloudwatch = boto3.client("cloudwatch", endpoint_url=endpoint)
    now = datetime.now(UTC)
    answer = cloudwatch.get_metric_statistics(
        Namespace=NAMESPACE,
        MetricName=METRIC_NAME,
        Dimensions=[{"Name": "Queue", "Value": queue}],
        StartTime=now - timedelta(minutes=10),
        EndTime=now + timedelta(minutes=1),
        Period=600,
        Statistics=["Maximum", "SampleCount"],
    )
    return answer["Datapoints"]


def test_queue_length_counts_the_waiting_tasks(queue: str) -> None:
    assert queue_length(celery_app, queue) == 0
    enqueue(queue, 3)
    assert queue_length(celery_app, queue) == 3


def test_publish_puts_the_length_into_cloudwatch(queue: str, cloudwatch_endpoint: str) -> None:
    enqueue(queue, 4)
    assert publish(celery_app, NAMESPACE) == 4
    points = datapoints(cloudwatch_endpoint, queue)
    assert [(point["Maximum"], point["SampleCount"]) for point in points] == [(4.0, 1.0)]


def test_the_publisher_publishes_once_per_interval(queue: str, cloudwatch_endpoint: str) -> None:
    enqueue(queue, 2)
    publisher = QueueDepthPublisher(NAMESPACE, interval=3600)
    publisher(celery_app)
    publisher(celery_app)
    assert [point["SampleCount"] for point in datapoints(cloudwatch_endpoint, queue)] == [1.0]


def test_without_a_namespace_nothing_is_published(queue: str, cloudwatch_endpoint: str) -> None:
    enqueue(queue, 1)
    QueueDepthPublisher("")(celery_app)
    assert datapoints(cloudwatch_endpoint, queue) == []


def test_a_failure_is_logged_and_beat_goes_on(
    queue: str, environment: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Nothing listens on port 9 of the loopback: CloudWatch out of reach.
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:9")
    with caplog.at_level(logging.WARNING, logger="jobs.queue_depth"):
        QueueDepthPublisher(NAMESPACE)(celery_app)
    assert "The queue length was not published to CloudWatch" in caplog.text


def test_beat_publishes_on_its_ticks(queue: str, cloudwatch_endpoint: str, settings: Any, tmp_path: Path) -> None:
    """The scheduler beat runs (CELERY_BEAT_SCHEDULER) publishes into the namespace QUEUE_METRIC_NAMESPACE names."""
    settings.QUEUE_METRIC_NAMESPACE = NAMESPACE
    enqueue(queue, 5)
    assert celery_app.conf.beat_scheduler == "config.celery:HeartbeatScheduler"
    scheduler = HeartbeatScheduler(app=celery_app, schedule_filename=str(tmp_path / "celerybeat-schedule"))
    try:
        scheduler.tick()
    finally:
        scheduler.close()
    assert [point["Maximum"] for point in datapoints(cloudwatch_endpoint, queue)] == [5.0]

"""The Celery queue's length as a CloudWatch metric, which the worker service scales on (infra/main.tf).

Redis keeps a queue as a list and tells CloudWatch nothing about it (Amazon MQ does, for RabbitMQ). So beat, the
one process that runs exactly once, publishes it every minute as `MessageCount` (dimension `Queue`) in the
namespace QUEUE_METRIC_NAMESPACE names: infra/ sets it on AWS; empty, elsewhere, nothing is published. Beat
publishes it itself (config/celery.py), not through a task: a task would wait in the very queue it measures,
behind the backlog that should start more workers.
"""

import logging
import time

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from celery import Celery
from django.conf import settings
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

METRIC_NAME = "MessageCount"
INTERVAL = 60.0  # seconds between two publications: CloudWatch's standard resolution


def queue_length(app: Celery, queue: str) -> int:
    """Tasks waiting in `queue`: the length of its Redis list (the tasks are sent without a priority)."""
    with app.connection_for_read() as connection:
        return int(connection.default_channel.client.llen(queue))


def publish(app: Celery, namespace: str) -> int:
    """Put the default queue's length into CloudWatch now; returns it."""
    queue = app.conf.task_default_queue
    length = queue_length(app, queue)
    boto3.client("cloudwatch").put_metric_data(
        Namespace=namespace,
        MetricData=[
            {
                "MetricName": METRIC_NAME,
                "Dimensions": [{"Name": "Queue", "Value": queue}],
                "Value": length,
                "Unit": "Count",
            }
        ],
    )
    return length


class QueueDepthPublisher:
    """Publishes at most once per `interval`, only when a namespace is set. A failure (Redis or CloudWatch out of
    reach) is logged and tried again at the next interval: it never stops beat's schedule."""

    def __init__(self, namespace: str | None = None, interval: float = INTERVAL) -> None:
        self.namespace = settings.QUEUE_METRIC_NAMESPACE if namespace is None else namespace
        self.interval = interval
        self.last: float | None = None

    def __call__(self, app: Celery) -> None:
        if not self.namespace:
            return
        now = time.monotonic()
        if self.last is not None and now - self.last < self.interval:
            return
        self.last = now
        try:
            publish(app, self.namespace)
        except (BotoCoreError, ClientError, RedisError, OperationalError, OSError) as error:
            logger.warning("The queue length was not published to CloudWatch (%s): trying again in a minute.", error)

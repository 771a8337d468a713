"""The Celery application of Library: `celery -A config worker` and `celery -A config beat`.

Its settings are the CELERY_* names in config/settings.py; tasks are discovered in every installed app's
tasks.py.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

from celery import Celery
from celery.beat import PersistentScheduler

from jobs.queue_depth import QueueDepthPublisher

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Touched by beat on every tick (at least once a minute, CELERY_BEAT_MAX_LOOP_INTERVAL): the compose health
# check of the beat service fails when it goes stale.
BEAT_HEARTBEAT = Path(tempfile.gettempdir()) / "celerybeat-heartbeat"


class HeartbeatScheduler(PersistentScheduler):
    """Celery's default scheduler, plus a heartbeat file that proves the beat loop is alive, and on AWS the
    queue's length published to CloudWatch once a minute (jobs/queue_depth.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.publish_queue_depth = QueueDepthPublisher()
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        BEAT_HEARTBEAT.touch()
        self.publish_queue_depth(self.app)
        return super().tick(*args, **kwargs)

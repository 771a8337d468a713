"""Health endpoints for load balancers, orchestrators and container health checks.

/health/live/ answers while the process serves; /health/ready/ also checks every backing service and answers
503, naming the failing check, when one does not answer.

They are answered by HealthCheckMiddleware, first in settings.MIDDLEWARE: before the host-name check and the
HTTPS redirect, so a probe of http://127.0.0.1:8000/health/live/ from inside a container gets its answer
whatever ALLOWED_HOSTS and HTTPS say.
"""

import logging
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from config.celery import app as celery_app


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        return f"error: {type(error).__name__}"
    return "ok"


def _redis() -> str:
    """The cache's Redis, asked directly: the cache itself ignores Redis errors by design."""
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        return f"error: {type(error).__name__}"
    return "ok"


def _broker() -> str:
    """The Celery broker accepts a connection (it may be the same Redis, or another server)."""
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as error:  # noqa: BLE001 - kombu raises many kinds; any of them means "not ready"
        return f"error: {type(error).__name__}"
    return "ok"


def live() -> JsonResponse:
    return JsonResponse({"status": "ok"})


def ready() -> JsonResponse:
    checks = {"database": _database(), "cache": _redis(), "broker": _broker()}
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


ENDPOINTS = {"/health/live/": live, "/health/ready/": ready}


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = ENDPOINTS.get(request.path)
        if endpoint is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = endpoint()
        add_never_cache_headers(response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view that cannot reach the database meets an outage, not a bug: 503 with Retry-After, which clients
        and load balancers retry, instead of a 500 page. /health/ready/ says which service is down."""
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logging.getLogger(__name__).warning("database unavailable for %s: %s", request.path, exception)
        response = HttpResponse(
            "The database does not answer; try again shortly.\n", status=503, content_type="text/plain"
        )
        response["Retry-After"] = "5"
        return response

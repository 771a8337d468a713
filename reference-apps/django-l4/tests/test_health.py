import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils.module_loading import import_string


def test_live(client: Client) -> None:
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_checks_the_database(client: Client) -> None:
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_probes_answer_whatever_the_host_name(client: Client) -> None:
    """A container's health check calls 127.0.0.1, which need not be in ALLOWED_HOSTS."""
    response = client.get("/health/live/", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_a_database_outage_answers_503_not_500(rf: RequestFactory) -> None:
    health_middleware = import_string(settings.MIDDLEWARE[0])
    middleware = health_middleware(lambda request: HttpResponse())
    response = middleware.process_exception(rf.get("/"), OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert middleware.process_exception(rf.get("/"), ValueError("a bug")) is None

"""gunicorn.conf.py: the worker model it picks, how often workers are replaced, and what they share."""

import gc
import runpy
from pathlib import Path
from typing import Any

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_sync_workers_unless_threads_are_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    assert runpy.run_path(str(CONFIG))["worker_class"] == "sync"
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    settings: dict[str, Any] = runpy.run_path(str(CONFIG))
    assert (settings["worker_class"], settings["threads"]) == ("gthread", 4)


def test_workers_are_replaced_only_after_the_requests_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)  # never
    settings: dict[str, Any] = runpy.run_path(str(CONFIG))
    assert (settings["max_requests"], settings["max_requests_jitter"]) == (0, 0)
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "5000")
    settings = runpy.run_path(str(CONFIG))
    assert (settings["max_requests"], settings["max_requests_jitter"]) == (5000, 500)


def test_binds_locally_while_debug_is_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.setenv("DEBUG", "true")
    assert runpy.run_path(str(CONFIG))["bind"].startswith("127.0.0.1:")
    monkeypatch.setenv("DEBUG", "false")
    assert runpy.run_path(str(CONFIG))["bind"].startswith("0.0.0.0:")


def test_the_preloaded_app_is_frozen_before_the_workers_fork() -> None:
    """gc.freeze() in when_ready: the workers' garbage collection leaves the master's objects (and the memory
    pages the workers share with it) alone."""
    settings: dict[str, Any] = runpy.run_path(str(CONFIG))
    assert settings["preload_app"] is True
    gc.unfreeze()
    try:
        settings["when_ready"](None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

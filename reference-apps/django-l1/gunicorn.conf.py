"""gunicorn settings, read from ./gunicorn.conf.py by `gunicorn config.wsgi` (Procfile and Dockerfile).

Workers are sized from the CPU count; every value can be overridden from the environment.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 - inside a container

# One process per core plus one, each serving one request at a time (the sync worker): a free worker takes the
# next connection from the queue all workers share, so a burst is served in the order it came. A page here is
# mostly Python work (the database answers in well under a millisecond), and threads in one process take
# turns on one interpreter lock while their worker keeps accepting connections it cannot yet serve: on the
# list page under load, 4 threads a worker tripled the p99 latency for no more requests a second (see the
# README). Set GUNICORN_THREADS above 1 (the gthread worker) when views wait on slow services instead.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
# Import the app once in the master, then fork: workers are ready at once (a cold start or a replaced worker
# takes about half the time) and share the imported code's memory (about half the real memory here). Nothing
# connects to the database or Redis at import, so no connection crosses the fork. Code changes take a
# restart, not a HUP: the usual way with containers anyway.
preload_app = True

timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5

# Replace each worker after this many requests (0: never), give or take a tenth so they do not all restart at
# once: a slow memory leak in any dependency cannot grow without bound. Each replacement costs the requests
# queued behind it (the new worker starts with empty caches and a new database connection): at 2,000 the list
# page's p99 latency under load was 120-140 ms, against 75-86 ms with none (see the README).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10

# Trust X-Forwarded-* only from the proxy in front (compose network or the host's own proxy).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Heartbeat files in memory, not on a container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeats, not data


def when_ready(server: object) -> None:
    """In the master, once the app is imported (preload_app) and before the first fork: compile this project's
    templates and build the URL maps, so that every worker, and each one replaced after max_requests, starts
    warm. A cold worker's first list page took about 250 ms here, a warm one's about 30 ms."""
    from pathlib import Path

    from django.apps import apps
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - built on first use, here once for all workers
    project = Path(__file__).resolve().parent
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path) / "templates"
        # The project's own apps: not those installed into a virtualenv inside the project (.venv, as the
        # README makes it), whose templates may need apps this project does not install.
        if folder.is_relative_to(project) and "site-packages" not in folder.parts:
            for template in sorted(folder.rglob("*.html")):
                get_template(template.relative_to(folder).as_posix())

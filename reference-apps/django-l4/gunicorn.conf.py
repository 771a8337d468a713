"""gunicorn settings, read from ./gunicorn.conf.py by `gunicorn config.wsgi` (Procfile and Dockerfile).

Workers are sized from the CPU count; every value can be overridden from the environment.
"""

import gc
import multiprocessing
import os

# All interfaces, as a container or a platform needs, unless DEBUG is on: a development server stays local.
DEBUG = os.environ.get("DEBUG", "").strip().lower() in ("true", "1", "yes", "on")
HOST = os.environ.get("HOST", "127.0.0.1" if DEBUG else "0.0.0.0")  # noqa: S104 - see above
bind = f"{HOST}:{os.environ.get('PORT', '8000')}"

# One process per core plus one, each serving one request at a time (the sync worker): a page here is mostly
# Python work, which threads in one process cannot run in parallel. Set GUNICORN_THREADS above 1 (the gthread
# worker) when views spend their time waiting on slow services instead.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
# Import the app once in the master, then fork: workers start at once and share the imported code's memory.
# Nothing connects to the database or Redis at import, so no connection crosses the fork. Code changes take a
# restart, not a HUP.
preload_app = True


def when_ready(server: object) -> None:
    """The app is imported, no worker forked yet: move its objects out of the garbage collector's passes, which
    would otherwise write to every page they scan in each worker and so copy the memory preloading shares."""
    gc.freeze()


timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5

# Workers are never replaced unless GUNICORN_MAX_REQUESTS says after how many requests (give or take a tenth,
# so they do not all restart at once): the stopgap for a memory leak you have seen and cannot fix yet.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10

# Trust X-Forwarded-* only from the proxy in front (compose network or the host's own proxy).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Heartbeat files in memory, not on a container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeats, not data

"""gunicorn settings, read from ./gunicorn.conf.py by `gunicorn config.wsgi` (Procfile and Dockerfile).

Workers and threads are sized from the CPU count; every value can be overridden from the environment.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 - inside a container

# One process per core plus one, each with a few threads: a Django view spends most of its time waiting on
# the database, and threads share one process's memory.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# Import the app once in the master, then fork: workers are ready at once (a cold start or a replaced worker
# takes about half the time) and share the imported code's memory (about half the real memory here). Nothing
# connects to the database or Redis at import, so no connection crosses the fork. Code changes take a
# restart, not a HUP: the usual way with containers anyway.
preload_app = True

timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5

# Recycle workers now and then, so a slow leak in any dependency cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200

# Trust X-Forwarded-* only from the proxy in front (compose network or the host's own proxy).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Heartbeat files in memory, not on a container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeats, not data

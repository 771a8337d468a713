"""Django settings for Library.

Every setting that differs between machines comes from the environment; a `.env` file beside manage.py is
read when present. `.env.example` lists each variable with a comment.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

# Off unless the environment turns it on: a forgotten setting must never show tracebacks to the public.
DEBUG = env.bool("DEBUG", default=False)

# The value .env.example ships with: starting with it (or with no key, or a short one) while DEBUG is off is
# refused, since whoever knows the key can forge sessions and password-reset links.
EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string"  # noqa: S105 - the value refused below
SECRET_KEY = env.str("SECRET_KEY", default="")
if not DEBUG and (SECRET_KEY == EXAMPLE_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random string of at least 32 characters, not the example value, when DEBUG is off "
        '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )
if not SECRET_KEY:
    # DEBUG is on: a key of this process's own (sign-ins end when it restarts), never one known to anyone else.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The API is reached only through the front door (proxy/Caddyfile) and the frontend's server, which both pass the
# visitor's host on in X-Forwarded-Host (the front door sets it itself, whatever a client sent). The host check,
# CSRF's Origin check and absolute links use that host, validated against ALLOWED_HOSTS. Never publish the API's
# own port: a client reaching it directly could name any allowed host.
USE_X_FORWARDED_HOST = True

INSTALLED_APPS = [
    # First, so that its templates (registration/) win over those of django.contrib.admin.
    "library",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # PostgreSQL's extras: the trigram indexes of the searches (models.py).
    "django.contrib.postgres",
    "axes",
    "csp",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "jobs",
]

MIDDLEWARE = [
    # First: health probes are answered before the host check and the HTTPS redirect.
    "library.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out login (django-axes, below) into a 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "library.context_processors.navigation",
            ],
        },
    },
]


def required(name: str, prefix: str) -> str:
    """One part of a connection given in parts (on AWS), refused by name when missing."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set: {prefix}_HOST is set and {prefix}_URL is not, so the connection is built from "
            f"the {prefix}_* variables."
        )
    return value


# PostgreSQL only from this rung on: the background jobs lock rows (SELECT ... FOR UPDATE) to run exactly once.
# DATABASE_URL wins (local runs, compose, tests). On AWS the connection comes in parts instead, the password from
# a secret of its own, over TLS: DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, DATABASE_PASSWORD.
if env.str("DATABASE_URL", default="") or not env.str("DATABASE_HOST", default=""):
    DATABASES = {
        "default": env.db("DATABASE_URL", default="postgres://127.0.0.1:5432/library"),
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": env.str("DATABASE_HOST"),
            "PORT": env.int("DATABASE_PORT", default=5432),
            "NAME": required("DATABASE_NAME", "DATABASE"),
            "USER": required("DATABASE_USER", "DATABASE"),
            "PASSWORD": required("DATABASE_PASSWORD", "DATABASE"),
            "OPTIONS": {"sslmode": "require"},
        }
    }
# Persistent connections, checked before reuse: a worker thread keeps its connection between requests
# instead of opening one per request (set DB_CONN_MAX_AGE=0 behind a transaction-mode pooler).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins are limited by django-axes, on the login page, the admin's and /api/auth/token/ alike: after
# LOGIN_FAILURE_LIMIT failures from one address, or for one username, further tries get 429 with Retry-After
# until LOGIN_COOLOFF_MINUTES have passed. A success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one locks: per address and per username
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "library.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "library.security.client_ip"
# How many proxies in front add to X-Forwarded-For: the front door (the frontend's server passes its header on as
# it came). Each proxy more in front of it (a load balancer) adds one.
PROXY_COUNT = env.int("PROXY_COUNT", default=1)
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only, no inline script
# or style, no plugins, no framing, forms post here only. The templates keep all JavaScript and CSS in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Signing in and out are the frontend's pages (through the front door): Django's own pages (the jobs', the
# password change) send a visitor there and post their "Log out" button there.
LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, cache-busted static files served by WhiteNoise: no web server or CDN needed.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files and CSV exports in a private S3 bucket when AWS_STORAGE_BUCKET_NAME names one (django-storages;
# credentials from the environment or, on AWS, the task's role), else under MEDIA_ROOT. Nothing in the bucket is
# public: a download is a link signed for a few minutes, handed out after the app has checked who asks.
# AWS_S3_ENDPOINT_URL points at another S3 API (a local one for tests); leave it unset on AWS.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": None,  # the bucket's own setting: private
            "file_overwrite": True,  # a job's file has one fixed name: a task run again replaces it
            "signature_version": "s3v4",  # Signature Version 4: what every region accepts
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
        },
    }

# HTTPS, on by default whenever DEBUG is off: redirects, secure cookies, HSTS. Set HTTPS=false only where
# plain HTTP is intended (a local trial of the production image); `manage.py check --deploy` then warns.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading is a commitment you make by submitting the domain to hstspreload.org, not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Redis: the cache, and the Celery broker and result store. REDIS_URL wins; on AWS the server comes in parts
# instead, with its auth token from a secret, over TLS (rediss://, the server's certificate verified):
# REDIS_HOST, REDIS_PORT, REDIS_AUTH_TOKEN.
if env.str("REDIS_URL", default="") or not env.str("REDIS_HOST", default=""):
    REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
else:
    REDIS_TOKEN = quote(required("REDIS_AUTH_TOKEN", "REDIS"), safe="")
    REDIS_URL = (
        f"rediss://:{REDIS_TOKEN}@{env.str('REDIS_HOST')}:{env.int('REDIS_PORT', default=6379)}/0"
        "?ssl_cert_reqs=required"
    )

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            # A Redis outage degrades the cache to misses instead of failing every page: sessions fall back
            # to the database (below) and /health/ready/ reports the outage.
            "IGNORE_EXCEPTIONS": True,
        },
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Celery (config/celery.py reads every CELERY_* setting). What makes tasks reliable, explained in README.md:
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TRACK_STARTED = True
# Acknowledge a task after it ran, and give it back if the worker dies: a crash means "run again", never "lost".
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Take one task at a time, so a long task does not hold others back in this worker's buffer.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=2)
# Hard and soft time limits: a stuck task is stopped (the soft one raises inside the task first).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# Redis hands an unacknowledged task to another worker after this many seconds: longer than any task runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Beat: the schedule below, and a heartbeat file that the compose health check watches.
CELERY_BEAT_SCHEDULER = "config.celery:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 60
CELERY_BEAT_SCHEDULE = {
    "cleanup-finished-jobs": {
        "task": "jobs.tasks.cleanup_finished_jobs",
        "schedule": crontab(hour=3, minute=30),
    },
}
# Finished background jobs (exports, imports) and their files are deleted after this many days.
JOB_RETENTION_DAYS = env.int("JOB_RETENTION_DAYS", default=7)
# On AWS, beat publishes the Celery queue's length to this CloudWatch namespace every minute for the worker's
# autoscaling (jobs/queue_depth.py); empty (elsewhere) publishes nothing.
QUEUE_METRIC_NAMESPACE = env.str("QUEUE_METRIC_NAMESPACE", default="")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Reads are public; writes need a signed-in user.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Page-number pagination whose count is an estimate on a large unfiltered table (library/pagination.py).
    "DEFAULT_PAGINATION_CLASS": "library.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
    ],
    "SEARCH_PARAM": "q",
    # The OpenAPI schema at /api/schema/ (drf-spectacular), which API clients and fuzzers read.
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Library API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# The root logger's level, in any case (gunicorn.conf.py reads the same variable). Python's logging takes only
# capitals and answers any other value with a traceback that does not name the variable.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").strip().upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

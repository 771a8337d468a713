"""The bench's baseline: the same model and pages in a plain `django-admin startproject` app.

It is generated at bench time, beside the reference app it is compared with, and kept honest and minimal:
startproject's settings untouched except what any deployment must set (DEBUG off, the allowed host, the
database, the apps) and what the compared app sets too (persistent connections, DRF's token authentication,
page-number pagination 20 a page, `?q=` as the search parameter), the reference app's own models.py copied
unchanged, a generic ListView with `paginate_by` and a DRF ModelViewSet with its SearchFilter, the way the
Django and DRF tutorials write them, and gunicorn's sync workers, as many as the compared app runs.
It reads the very rows the reference app serves: same database, same tables (the app label is the
reference app's), so both answer the same query over the same data.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ladder.build.pyproject_env import venv_for
from ladder.verify.processes import run

SETTINGS = """
# --- added by ladder/measure/baseline.py: what any deployment must set, and what the compared app sets too ---
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS += ["rest_framework", "rest_framework.authtoken", "{app}"]
# Persistent connections, as the compared app keeps them (Django's documented CONN_MAX_AGE).
DATABASES = {{"default": {{**{database!r}, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}}}}
REST_FRAMEWORK = {{
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "SEARCH_PARAM": "q",
}}
"""

VIEWS = '''"""A ListView with paginate_by and a DRF ModelViewSet, as the Django and DRF tutorials write them."""

from django.http import JsonResponse
from django.views.generic import ListView
from rest_framework import filters, serializers, viewsets

from .models import {model} as Model

FIELDS = list(Model._meta.concrete_fields)
REFERENCES = [f.name for f in FIELDS if f.is_relation]
SEARCH = {search!r}


class ObjectList(ListView):
    queryset = Model.objects.select_related(*REFERENCES)
    paginate_by = 20
    template_name = "baseline/list.html"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.GET.get("q") and SEARCH:
            queryset = queryset.filter(**{{f"{{SEARCH}}__icontains": self.request.GET["q"]}})
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = Model._meta.verbose_name_plural
        context["fields"] = [f.verbose_name for f in FIELDS]
        context["rows"] = [(obj, [getattr(obj, f.name) for f in FIELDS]) for obj in context["page_obj"]]
        return context


class Serializer(serializers.ModelSerializer):
    class Meta:
        model = Model
        fields = "__all__"


class ViewSet(viewsets.ModelViewSet):
    queryset = Model.objects.all()
    serializer_class = Serializer
    filter_backends = [filters.SearchFilter]
    search_fields = [SEARCH] if SEARCH else []


def live(request):
    return JsonResponse({{"status": "ok"}})
'''

URLS = """from django.urls import include, path
from rest_framework.routers import DefaultRouter

from {app} import views

router = DefaultRouter()
router.register("{plural}", views.ViewSet)

urlpatterns = [
    path("health/live/", views.live),
    path("{plural}/", views.ObjectList.as_view()),
    path("{plural}/<str:pk>/", views.ViewSet.as_view({{"get": "retrieve"}}), name="{snake}-detail"),
    path("api/", include(router.urls)),
]
"""

TEMPLATE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title|capfirst }}</title></head>
<body>
<h1>{{ title|capfirst }}</h1>
<table>
<tr>{% for name in fields %}<th>{{ name|capfirst }}</th>{% endfor %}</tr>
{% for obj, values in rows %}
<tr>{% for value in values %}<td>{% if forloop.first %}<a href="{{ obj.get_absolute_url }}">{{ value }}</a>\
{% else %}{{ value }}{% endif %}</td>{% endfor %}</tr>
{% endfor %}
</table>
<p>Page {{ page_obj.number }} of {{ paginator.num_pages }}
{% if page_obj.has_next %}<a href="?page={{ page_obj.next_page_number }}">next</a>{% endif %}</p>
</body>
</html>
"""

# gunicorn's defaults otherwise (sync workers), with as many workers as the compared app runs.
WEB = "gunicorn baseline.wsgi --bind 127.0.0.1:{port} --workers {workers}"
GUNICORN = "gunicorn==27.0.1"
# What the baseline installs: the reference app's own pins of these, plus gunicorn (level 0 has none).
SAME_PINS = ("django==", "djangorestframework==", "psycopg")


def database_settings(url: str) -> dict[str, Any]:
    """DATABASES['default'] for a sqlite:/// or postgres:// URL (the two the bench uses)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # As django-environ reads it: sqlite:////abs/path is /abs/path, sqlite:///name is a relative name.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path).removeprefix("/")}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "postgres",
        "HOST": parts.hostname or "127.0.0.1",
        "PORT": str(parts.port or 5432),
    }


def requirements(reference: Path) -> str:
    pins = [
        line
        for line in (reference / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.lower().startswith(SAME_PINS)
    ]
    return "\n".join([*pins, GUNICORN, ""])


def generate(destination: Path, reference: Path, app: str, entity: dict[str, Any], env: dict[str, str]) -> Path:
    """Write the baseline project into `destination`, with a venv of its own; returns the venv."""
    destination.mkdir(parents=True)
    (destination / "requirements.txt").write_text(requirements(reference), encoding="utf-8")
    venv = venv_for(destination, "requirements.txt")
    command = f"{venv / 'bin' / 'django-admin'} startproject baseline {destination}"
    created = run(command, destination, {**env, "PATH": f"{venv / 'bin'}:{env['PATH']}"})
    if created.returncode != 0:
        raise RuntimeError(f"django-admin startproject failed: {created.stderr}")
    settings = destination / "baseline" / "settings.py"
    database = database_settings(env["DATABASE_URL"])
    settings.write_text(settings.read_text() + SETTINGS.format(app=app, database=database))
    package = destination / app
    (package / "templates" / "baseline").mkdir(parents=True)
    (package / "__init__.py").touch()
    shutil.copy(reference / app / "models.py", package / "models.py")
    names = {key: entity[key] for key in ("snake", "plural")}
    search = entity["search"][0] if entity["search"] else ""
    (package / "views.py").write_text(VIEWS.format(model=entity["name"], search=search))
    (package / "templates" / "baseline" / "list.html").write_text(TEMPLATE)
    (destination / "baseline" / "urls.py").write_text(URLS.format(app=app, **names))
    return venv


def baseline_env(venv: Path, env: dict[str, str], port: int) -> dict[str, str]:
    """Only what the process needs: no WEB_CONCURRENCY or other settings of ours leak into its defaults."""
    return {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": env["HOME"], "PORT": str(port)}

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url

from .views import ENTITY_MODELS


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The site name, the entities listed in the navigation bar of every page and where it signs in and out, and
    whether background jobs (the `jobs` app: exports and imports run by a worker) are there to offer on list
    pages."""
    app_config = apps.get_containing_app_config(__name__)
    return {
        "site_name": app_config.verbose_name if app_config else "",
        "nav_entities": [model._meta for model in ENTITY_MODELS],
        "login_url": resolve_url(settings.LOGIN_URL),
        "logout_url": resolve_url(settings.LOGOUT_URL),
        "jobs_enabled": apps.is_installed("jobs"),
    }

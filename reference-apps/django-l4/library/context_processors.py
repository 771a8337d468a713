from typing import Any

from django.apps import apps
from django.http import HttpRequest

from .views import ENTITY_MODELS


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The site name and the entities listed in the navigation bar of every page, and whether background jobs
    (the `jobs` app: exports and imports run by a worker) are there to offer on list pages."""
    app_config = apps.get_containing_app_config(__name__)
    return {
        "site_name": app_config.verbose_name if app_config else "",
        "nav_entities": [model._meta for model in ENTITY_MODELS],
        "jobs_enabled": apps.is_installed("jobs"),
    }

"""Valid sample objects of every entity: used by `manage.py seed`, the demo and the tests.

`<entity>_values()` returns form/API values (references as pks); `make_<entity>()` saves an object.
"""

import itertools
from collections.abc import Callable
from typing import Any

from django.db import models

from .models import Task

_sequence = itertools.count(1)


def _create(model: type[models.Model], values: dict[str, Any]) -> Any:
    """Save an object from form-style values (references given as pks)."""
    kwargs = {model._meta.get_field(name).attname: value for name, value in values.items()}
    obj = model._default_manager.create(**kwargs)
    obj.refresh_from_db()
    return obj


def task_values() -> dict[str, Any]:
    n = next(_sequence)
    return {
        "title": f"Title {n}"[:200],
        "completed": n % 2 == 1,
    }


def make_task(**overrides: Any) -> Task:
    return _create(Task, {**task_values(), **overrides})


# Each model with its value and object factories, for code that handles every entity alike.
FACTORIES: dict[type[models.Model], tuple[Callable[[], dict[str, Any]], Callable[..., Any]]] = {
    Task: (task_values, make_task),
}

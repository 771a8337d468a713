"""The entities that jobs export and import: the CRUD pages' own configuration, so both follow the same rules.

A job names its entity by model label ("library.task"); URLs name it as the pages do ("task").
"""

from library.crud import Entity, csv_value
from library.views import ENTITIES

__all__ = ["ENTITIES", "Entity", "by_label", "by_name", "csv_value", "label_of"]


def label_of(entity: Entity) -> str:
    return entity.model._meta.label_lower


def by_name(name: str) -> Entity | None:
    return next((entity for entity in ENTITIES if entity.name == name), None)


def by_label(label: str) -> Entity | None:
    return next((entity for entity in ENTITIES if label_of(entity) == label), None)

"""The CRUD pages of every entity: /<plural>/, /<plural>/new/, /<plural>/<pk>/, ..."""

from .views import ENTITIES

urlpatterns = [pattern for entity in ENTITIES for pattern in entity.urls()]

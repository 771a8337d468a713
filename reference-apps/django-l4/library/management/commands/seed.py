from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from ...sample_data import FACTORIES


class Command(BaseCommand):
    help = "Create sample objects of every entity (for demos and local development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=5, help="objects of each entity (default 5)")

    @transaction.atomic
    def handle(self, *args: Any, count: int, **options: Any) -> None:
        before = {model: model._default_manager.count() for model in FACTORIES}
        for _values, make in FACTORIES.values():
            for _ in range(count):
                make()
        # A reference makes an object of its target too, so some entities get more than `count`: report what was
        # stored, counted afterwards.
        for model, earlier in before.items():
            added = model._default_manager.count() - earlier
            self.stdout.write(f"{model._meta.verbose_name_plural}: {added} added")

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Library"

    def ready(self) -> None:
        # Here, not at import time: the models must be loaded. The worker connects them too, so an import it
        # runs also refreshes the home page's counts.
        from .views import connect_signals

        connect_signals()

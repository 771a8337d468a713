from django.apps import AppConfig


class MyAppConfig(AppConfig):
    name = "my_app"
    verbose_name = "My App"

    def ready(self) -> None:
        # Here, not at import time: the models must be loaded. The worker connects them too, so an import it
        # runs also refreshes the home page's counts.
        from .views import connect_signals

        connect_signals()

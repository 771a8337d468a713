from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as StaticfilesRunserverCommand


class Command(StaticfilesRunserverCommand):
    """Django's `runserver`, listening on the HOST and PORT settings when given no address."""

    default_addr = settings.HOST
    default_port = str(settings.PORT)

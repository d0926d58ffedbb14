from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "directory.imports"
    label = "directory_imports"
    verbose_name = _("Imports de l'annuaire")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Geocoding belongs to the directory, but its wiring lives here so that the
        # directory app needs no change: the signals, and the task module the Celery worker
        # must import to know the task.
        from directory import geocoding, tasks_geocoding  # noqa: F401

        geocoding.connect_signals()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    """Dashboards and the gap map, read from the aggregate counters (issue #18, items 2–3)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "steering"
    verbose_name = _("Pilotage")

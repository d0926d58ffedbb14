from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WidgetsConfig(AppConfig):
    """Embeddable widgets for partners' own sites (issue #19, item 1)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "widgets"
    verbose_name = _("Modules à intégrer")

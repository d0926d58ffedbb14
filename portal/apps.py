from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The composition root (settings, urls, Celery, health): an app only so that Celery
    finds `portal.tasks`."""

    name = "portal"
    verbose_name = _("Portail")

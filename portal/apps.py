from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portail")

    def ready(self) -> None:
        from . import context_processors, pagecache

        pagecache.connect_signals()
        context_processors.connect_footer_signals()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    label = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        from . import context_processors

        context_processors.connect_footer_signals()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Agenda")

    def ready(self):
        # Declares its personal data to the RGPD registry (accounts.personal_data).
        from . import signals
        from .personal_data import register_personal_data

        register_personal_data()
        signals.connect()

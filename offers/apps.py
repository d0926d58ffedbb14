from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Offres ESS, locaux et besoins")

    def ready(self) -> None:
        # Declares its personal data to the RGPD registry (accounts.personal_data).
        from .personal_data import register_personal_data

        register_personal_data()
        from . import moderation  # noqa: F401  (registers offers, premises and needs)

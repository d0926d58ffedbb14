from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    label = "api"
    verbose_name = _("API et données ouvertes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Declares its personal data to the RGPD registry (accounts.personal_data).
        from .personal_data import register_personal_data

        register_personal_data()

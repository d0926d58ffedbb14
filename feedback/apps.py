from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback"
    verbose_name = _("Signalements et suggestions")

    def ready(self) -> None:
        # Imported here to register with the RGPD registry once the apps are loaded.
        from .personal_data import register_personal_data

        register_personal_data()

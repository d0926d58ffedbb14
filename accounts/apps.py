from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self) -> None:
        # search sits below accounts and knows no app: accounts tells it who is a professional.
        from search.registry import register_viewer_policy

        from .roles import is_professional

        register_viewer_policy(is_professional)

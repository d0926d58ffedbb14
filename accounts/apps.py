from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from search.registry import register_viewer_policy

        # personal_data declares accounts' own sections of the RGPD registry when imported.
        from . import lockout, personal_data  # noqa: F401
        from .roles import is_professional

        # A successful reset link clears the lockout counters (accounts/lockout.py).
        password_reset.connect(lockout.forget_failures, dispatch_uid="accounts.lockout.reset")
        # search sits below accounts and knows no app: accounts tells it who is a professional.
        register_viewer_policy(is_professional)

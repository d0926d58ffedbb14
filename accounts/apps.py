from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        # personal_data declares accounts' own sections of the RGPD registry when imported.
        from . import lockout, personal_data  # noqa: F401

        # A successful reset link clears the lockout counters (accounts/lockout.py).
        password_reset.connect(lockout.forget_failures, dispatch_uid="accounts.lockout.reset")

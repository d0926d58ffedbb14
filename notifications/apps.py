from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from directory.signals import invitation_created

        from .invitations import notify_invitation
        from .personal_data import register_personal_data

        # Declares its personal data to the RGPD registry (accounts.personal_data).
        register_personal_data()
        # Invitation emails go through the outbox (accounts cannot import notifications).
        invitation_created.connect(notify_invitation, dispatch_uid="notifications.invitation")
        from . import moderation  # noqa: F401  (moderation messages go through the outbox)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from directory.signals import (
            freshness_stage_reached,
            invitation_created,
            update_reminder_due,
        )

        from . import moderation  # noqa: F401  (moderation messages go through the outbox)
        from .invitations import notify_invitation
        from .personal_data import register_personal_data
        from .reminders import notify_freshness_stage, notify_update_reminder

        # Declares its personal data to the RGPD registry (accounts.personal_data).
        register_personal_data()
        # The directory's messages go through the outbox (the directory cannot import it).
        invitation_created.connect(notify_invitation, dispatch_uid="notifications.invitation")
        update_reminder_due.connect(
            notify_update_reminder, dispatch_uid="notifications.update_reminder"
        )
        freshness_stage_reached.connect(
            notify_freshness_stage, dispatch_uid="notifications.freshness_stage"
        )

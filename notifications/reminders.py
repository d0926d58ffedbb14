"""The directory's update reminders through the outbox. Connected in NotificationsConfig.ready()
to `directory.signals.update_reminder_due`, sent in the transaction that records the reminder:
the item is its audit-log row, so each reminder is sent once to each admin (email, and the
inbox)."""

from directory.models import UpdateReminderLogEntry

from .outbox import Notice, content_type_id, notify, recipients_for_users

KIND = "update_reminder"


def notify_update_reminder(sender, log_entry, users, **kwargs) -> list[int]:
    item_type = content_type_id(UpdateReminderLogEntry)
    return notify(
        Notice(recipient, item_type, log_entry.pk, KIND)
        for recipient in recipients_for_users([user.pk for user in users]).values()
    )

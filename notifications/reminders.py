"""The directory's update reminders and freshness-ladder announcements through the outbox.
Connected in NotificationsConfig.ready() to `directory.signals.update_reminder_due` and
`freshness_stage_reached`, sent in the transaction that records them: the item is their
audit-log row (one per reminder, one per ladder step and cycle), so each is sent once to each
recipient (email, and the inbox)."""

from directory.models import FreshnessLogEntry, UpdateReminderLogEntry

from .outbox import Notice, content_type_id, notify, recipients_for_users

KIND = "update_reminder"
FRESHNESS_KIND = "freshness_stage"


def _notify(model, kind: str, log_entry, users) -> list[int]:
    item_type = content_type_id(model)
    return notify(
        Notice(recipient, item_type, log_entry.pk, kind)
        for recipient in recipients_for_users([user.pk for user in users]).values()
    )


def notify_update_reminder(sender, log_entry, users, **kwargs) -> list[int]:
    return _notify(UpdateReminderLogEntry, KIND, log_entry, users)


def notify_freshness_stage(sender, log_entry, users, **kwargs) -> list[int]:
    return _notify(FreshnessLogEntry, FRESHNESS_KIND, log_entry, users)

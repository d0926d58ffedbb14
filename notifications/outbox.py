"""Writing outbox rows and handing them to Celery.

`write()` inserts `Delivery` rows with INSERT … ON CONFLICT DO NOTHING RETURNING id: a row
that already exists (same recipient, item, kind and channel) is silently skipped, so announcing
the same thing twice notifies nobody twice. Call it inside the transaction that creates what
it announces; `dispatch_on_commit()` then enqueues the new rows once that transaction commits.
If the broker is unreachable at that moment, the rows stay pending and the sweeper
(`sending.sweep_pending`, run by beat every minute) enqueues them later."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from celery import current_app
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model

from .models import (
    Channel,
    DeliveryStatus,
    Frequency,
    email_recipient_key,
    user_recipient_key,
)

logger = logging.getLogger(__name__)

# Delivery ids per Celery message: small enough that a killed worker loses little work,
# large enough that thousands of notifications do not mean thousands of broker messages.
DISPATCH_CHUNK = 50


@dataclass(frozen=True)
class Recipient:
    """Someone to notify: an account (with its preferences) or a bare email address."""

    email: str
    user_id: int | None = None
    language: str = "fr"
    channels: tuple[tuple[str, str], ...] = field(
        default=((Channel.EMAIL, Frequency.INSTANT), (Channel.INBOX, Frequency.INSTANT))
    )

    @property
    def key(self) -> str:
        return user_recipient_key(self.user_id) if self.user_id else email_recipient_key(self.email)


def recipients_for_users(user_ids: Iterable[int]) -> dict[int, Recipient]:
    """Recipients for these active accounts, with their channel preferences (one query)."""
    rows = (
        get_user_model()
        .objects.filter(pk__in=set(user_ids), is_active=True)
        .values_list(
            "pk",
            "email",
            "language",
            "notification_preferences__email_enabled",
            "notification_preferences__email_frequency",
            "notification_preferences__inbox_enabled",
        )
    )
    recipients = {}
    for pk, email, language, email_on, frequency, inbox_on in rows:
        channels = []
        if email_on is not False:
            channels.append((Channel.EMAIL, frequency or Frequency.INSTANT))
        if inbox_on is not False:
            channels.append((Channel.INBOX, Frequency.INSTANT))
        recipients[pk] = Recipient(
            email=email, user_id=pk, language=language or "fr", channels=tuple(channels)
        )
    return recipients


@dataclass(frozen=True)
class Notice:
    """One thing to announce to one recipient."""

    recipient: Recipient
    content_type_id: int
    object_id: int
    kind: str
    context: dict = field(default_factory=dict)
    # Overrides the recipient's email frequency (saved searches carry their own).
    email_frequency: str | None = None


def content_type_id(model) -> int:
    """The content type id, read from the database rather than ContentType's process-wide
    cache: a long-lived worker must not write a stale id if the content types were recreated
    (database restore, test flush) since it cached them. One indexed lookup per batch."""
    meta = model._meta
    return (
        ContentType.objects.filter(app_label=meta.app_label, model=meta.model_name)
        .values_list("pk", flat=True)
        .get()
    )


def notice(recipient: Recipient, item: Model, kind: str, **kwargs) -> Notice:
    return Notice(recipient, content_type_id(type(item)), item.pk, kind, **kwargs)


# One JSON parameter rather than ten arrays: psycopg quotes text arrays element by element
# in Python, which dominated the time of large batches.
_INSERT = """
INSERT INTO notifications_delivery
    (recipient_key, recipient_id, email, language, content_type_id, object_id, kind, channel,
     status, digest_frequency, context, attempts, last_error, created_at)
SELECT k, u, e, l, ct, o, kd, ch, %s, f, c, 0, '', now()
FROM jsonb_to_recordset(%s::jsonb)
    AS t(k text, u bigint, e text, l text, ct int, o bigint, kd text, ch text, f text, c jsonb)
ON CONFLICT (recipient_key, content_type_id, object_id, kind, channel) DO NOTHING
RETURNING id, digest_frequency
"""


def write(notices: Iterable[Notice]) -> list[int]:
    """Insert the outbox rows of these notices; returns the ids of the rows really created
    for instant delivery (existing rows are left untouched)."""
    rows = []
    seen = set()
    for n in notices:
        for channel, frequency in n.recipient.channels:
            key = (n.recipient.key, n.content_type_id, n.object_id, n.kind, channel)
            if key in seen:
                continue
            seen.add(key)
            if channel == Channel.EMAIL and n.email_frequency:
                frequency = n.email_frequency
            rows.append(
                {
                    "k": n.recipient.key,
                    "u": n.recipient.user_id,
                    "e": n.recipient.email,
                    "l": n.recipient.language,
                    "ct": n.content_type_id,
                    "o": n.object_id,
                    "kd": n.kind,
                    "ch": str(channel),
                    "f": str(frequency),
                    "c": n.context,
                }
            )
    if not rows:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [DeliveryStatus.PENDING, json.dumps(rows)])
        created = cursor.fetchall()
    return [pk for pk, frequency in created if frequency == Frequency.INSTANT]


# The Celery task that sends deliveries (notifications/tasks.py).
SEND_TASK = "notifications.send_deliveries"


def dispatch(delivery_ids: list[int]) -> int:
    """Enqueue these deliveries for sending, in chunks. Never raises: whatever could not be
    enqueued stays pending for the sweeper. Returns the number of ids enqueued."""
    enqueued = 0
    for start in range(0, len(delivery_ids), DISPATCH_CHUNK):
        chunk = delivery_ids[start : start + DISPATCH_CHUNK]
        try:
            # By name: the task module imports `sending`, which imports this one.
            current_app.send_task(
                SEND_TASK,
                args=(chunk,),
                retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.2},
            )
        except Exception:  # the broker is down: the sweeper will pick these rows up
            logger.warning(
                "notifications: broker unavailable, %d deliveries left pending",
                len(delivery_ids) - enqueued,
            )
            return enqueued
        enqueued += len(chunk)
    return enqueued


def dispatch_on_commit(delivery_ids: list[int]) -> None:
    if delivery_ids:
        transaction.on_commit(lambda: dispatch(delivery_ids))


def notify(notices: Iterable[Notice]) -> list[int]:
    """Write the rows and send them once the current transaction commits."""
    ids = write(notices)
    dispatch_on_commit(ids)
    return ids

"""Sending outbox rows: one at a time (instant), grouped (digests), and the sweeper.

Exactly once: `deliver()` locks the pending row (SELECT … FOR UPDATE SKIP LOCKED), sends the
email, and marks the row sent in that same transaction. A second copy of the Celery message
(redelivered after a crash, or enqueued again by the sweeper) finds the row locked or already
sent and does nothing. If the worker dies before the commit, PostgreSQL rolls the
transaction back: the row is pending again and the sweeper enqueues it. The only remaining
window is between the SMTP server's acceptance and the commit (a few hundred microseconds),
which no SMTP client can close. A PostgreSQL outage during the send widens it (the commit
fails after the SMTP server accepted: the row is sent again). So every email carries a
Message-ID derived from its outbox rows: a second copy is the same message to the receiving
servers and mail clients, which drop repeated Message-IDs, rather than a new one."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Channel, Delivery, DeliveryStatus, Frequency
from .outbox import dispatch
from .tokens import unsubscribe_token

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 6)
# The sweeper leaves alone rows younger than this: their Celery message is probably on its way.
SWEEP_AFTER_SECONDS = getattr(settings, "NOTIFICATIONS_SWEEP_AFTER_SECONDS", 60)
SWEEP_BATCH = 2000


def backoff(attempts: int) -> timedelta:
    """Delay before the next attempt after `attempts` failures: 1, 2, 4 … minutes, ≤ 1 h."""
    return timedelta(seconds=min(60 * 2 ** max(0, attempts - 1), 3600))


def prefetch_items(deliveries) -> None:
    """Fetch the items of these deliveries, one query per kind of item, with what their
    notification texts need (`notification_queryset()` when the model defines one)."""
    content_type_ids = {d.content_type_id for d in deliveries}
    if not content_type_ids:
        return
    querysets = []
    for content_type_id in content_type_ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        custom = getattr(model, "notification_queryset", None)
        querysets.append(custom() if custom else model._default_manager.all())
    prefetch_related_objects(list(deliveries), GenericPrefetch("item", querysets))


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _entry(delivery: Delivery, item) -> dict:
    entry = item.notification_context(delivery.kind)
    entry["absolute_url"] = _absolute(entry["url"])
    entry["kind"] = delivery.kind
    entry["extra"] = delivery.context
    return entry


def _headers_and_links(delivery: Delivery) -> tuple[dict, dict]:
    """List-Unsubscribe (RFC 2369/8058) for saved-search alerts, a preferences link for
    account holders."""
    links = {}
    headers = {}
    subscription_id = delivery.context.get("subscription")
    if subscription_id:
        url = _absolute(
            reverse(
                "notifications:unsubscribe", kwargs={"token": unsubscribe_token(subscription_id)}
            )
        )
        links["unsubscribe_url"] = url
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if delivery.recipient_id:
        links["preferences_url"] = _absolute(reverse("notifications:preferences"))
    return headers, links


def _address_and_language(delivery: Delivery) -> tuple[str, str]:
    if delivery.recipient_id:
        return delivery.recipient.email, delivery.recipient.language or delivery.language
    return delivery.email, delivery.language


def render_plain(name: str, context: dict) -> str:
    """A plain-text template without HTML escaping: a subject is not HTML, and an apostrophe
    must not reach the reader as `&#x27;`."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render_message(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML bodies of `notifications/email/<template>*`, in `language`."""
    with translation.override(language):
        subject = render_plain(f"notifications/email/{template}_subject.txt", context)
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    return " ".join(subject.split()), text, html


def _send(to: str, subject: str, text: str, html: str, headers: dict, connection) -> None:
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _record_failure(deliveries, error: Exception, now) -> None:
    for delivery in deliveries:
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def message_id(deliveries) -> str:
    """The same Message-ID (RFC 5322) for every attempt at sending these outbox rows."""
    pks = "-".join(str(d.pk) for d in sorted(deliveries, key=lambda d: d.pk))
    if len(pks) > 60:
        pks = hashlib.sha256(pks.encode()).hexdigest()[:32]
    return f"<maillage.{pks}@{DNS_NAME}>"


def _obsolete(delivery: Delivery, item) -> bool:
    """An item may say a message about it no longer makes sense (an invitation revoked or
    used before its email left): `notification_is_obsolete(kind)`."""
    check = getattr(item, "notification_is_obsolete", None)
    return bool(check and check(delivery.kind))


def _locked_pending():
    return (
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(status=DeliveryStatus.PENDING)
    )


def deliver(delivery_id: int, connection=None) -> str:
    """Send one pending delivery; returns what happened ("sent", "skipped", "error"…)."""
    with transaction.atomic():
        delivery = _locked_pending().filter(pk=delivery_id).first()
        if delivery is None:
            return "skipped"  # already sent, failed for good, or another worker has it
        now = timezone.now()
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return "not_due"
        item = delivery.item
        if item is None:
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = "L'objet notifié a été supprimé."
            delivery.save(update_fields=["status", "last_error"])
            return "gone"
        if _obsolete(delivery, item):
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = "Message devenu sans objet avant l'envoi."
            delivery.save(update_fields=["status", "last_error"])
            return "obsolete"
        if delivery.channel == Channel.EMAIL:
            delivery.attempts += 1
            address, language = _address_and_language(delivery)
            headers, links = _headers_and_links(delivery)
            headers["Message-ID"] = message_id([delivery])
            try:
                with translation.override(language):
                    context = {"entry": _entry(delivery, item), "delivery": delivery, **links}
                subject, text, html = render_message(delivery.kind, context, language)
                _send(address, subject, text, html, headers, connection)
            except Exception as error:  # SMTP, network or rendering: recorded, retried later
                logger.warning("notifications: delivery %s failed: %s", delivery.pk, error)
                _record_failure([delivery], error, now)
                return "error"
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = now
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "sent_at", "next_attempt_at", "attempts"])
        return "sent"


def deliver_many(delivery_ids: list[int]) -> dict[str, int]:
    """Send several deliveries over one SMTP connection."""
    outcome: dict[str, int] = defaultdict(int)
    with get_connection() as connection:
        for delivery_id in delivery_ids:
            outcome[deliver(delivery_id, connection)] += 1
    return dict(outcome)


def send_digest(recipient_key: str, frequency: str) -> int:
    """One email listing every pending delivery of this recipient at this frequency."""
    with transaction.atomic():
        deliveries = list(
            _locked_pending()
            .filter(recipient_key=recipient_key, channel=Channel.EMAIL, digest_frequency=frequency)
            .order_by("created_at", "pk")
        )
        if not deliveries:
            return 0
        now = timezone.now()
        prefetch_items(deliveries)
        gone = [d for d in deliveries if d.item is None]
        for delivery in gone:
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = "L'objet notifié a été supprimé."
            delivery.save(update_fields=["status", "last_error"])
        live = [d for d in deliveries if d.item is not None]
        if not live:
            return 0
        for delivery in live:
            delivery.attempts += 1
        first = live[0]
        address, language = _address_and_language(first)
        headers, links = _headers_and_links(first)
        headers["Message-ID"] = message_id(live)
        try:
            with translation.override(language):
                entries = [_entry(d, d.item) for d in live]
            context = {"entries": entries, "frequency": frequency, **links}
            subject, text, html = render_message("digest", context, language)
            with get_connection() as connection:
                _send(address, subject, text, html, headers, connection)
        except Exception as error:  # SMTP, network or rendering: recorded, retried later
            _record_failure(live, error, now)
            return 0
        Delivery.objects.filter(pk__in=[d.pk for d in live]).update(
            status=DeliveryStatus.SENT, sent_at=now, attempts=first.attempts, next_attempt_at=None
        )
        return len(live)


def send_digests(frequency: str) -> int:
    """Built from database state by beat: no long countdown waits in the broker."""
    keys = (
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING, channel=Channel.EMAIL, digest_frequency=frequency
        )
        .values_list("recipient_key", flat=True)
        .distinct()
    )
    return sum(send_digest(key, frequency) for key in list(keys))


def pending_due(older_than_seconds: float = SWEEP_AFTER_SECONDS) -> list[int]:
    """Instant deliveries still pending after `older_than_seconds` and due for an attempt."""
    now = timezone.now()
    return list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING,
            digest_frequency=Frequency.INSTANT,
            created_at__lte=now - timedelta(seconds=older_than_seconds),
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def sweep_pending(older_than_seconds: float = SWEEP_AFTER_SECONDS) -> int:
    """Re-enqueue what a lost broker message or a killed worker left behind."""
    return dispatch(pending_due(older_than_seconds))

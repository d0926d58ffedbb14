"""Saved searches: creation with double opt-in, one-click unsubscribe, and notifying the
subscribers whose filters a newly published item satisfies.

The filters are the GET parameters of the list page the search was saved from; the app that
owns the items decides whether an item satisfies them (a predicate passed to
`notify_subscribers`)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from .models import Channel, Frequency, Subscription
from .outbox import Notice, Recipient, content_type_id, notice, notify, recipients_for_users

_FREQUENCY_ORDER = {Frequency.INSTANT: 0, Frequency.DAILY: 1, Frequency.WEEKLY: 2}


@transaction.atomic
def subscribe(
    *,
    kind: str,
    filters: dict,
    label: str,
    frequency: str,
    user=None,
    email: str = "",
    language: str = "fr",
) -> Subscription:
    """A logged-in user's alert is live at once; an email-only one waits for the link in the
    confirmation email (double opt-in)."""
    subscription = Subscription.objects.create(
        user=user if user and user.is_authenticated else None,
        email="" if user and user.is_authenticated else email.strip().lower(),
        language=language,
        kind=kind,
        filters=filters,
        label=label[:200],
        frequency=frequency,
        confirmed_at=timezone.now() if user and user.is_authenticated else None,
    )
    if subscription.confirmed_at is None:
        recipient = Recipient(
            email=subscription.email,
            language=language,
            channels=((Channel.EMAIL, Frequency.INSTANT),),
        )
        notify([notice(recipient, subscription, "subscription_confirm")])
    return subscription


def confirm(subscription_id: int) -> Subscription | None:
    subscription = Subscription.objects.filter(pk=subscription_id, is_active=True).first()
    if subscription and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(subscription_id: int) -> Subscription | None:
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription and subscription.is_active:
        subscription.is_active = False
        subscription.save(update_fields=["is_active"])
    return subscription


def live_subscriptions(kind: str):
    return Subscription.objects.filter(kind=kind, is_active=True, confirmed_at__isnull=False)


def notify_subscribers(kind: str, item: Model, predicate: Callable[[dict], bool]) -> list[int]:
    """Notify every live subscription of `kind` whose filters `item` satisfies. Someone
    with several overlapping searches gets one notification (at the most frequent pace):
    the outbox keeps one row per recipient, item and channel."""
    subscriptions = [s for s in live_subscriptions(kind) if predicate(s.filters)]
    if not subscriptions:
        return []
    subscriptions.sort(key=lambda s: (_FREQUENCY_ORDER.get(s.frequency, 9), s.pk))
    accounts = recipients_for_users(s.user_id for s in subscriptions if s.user_id)
    item_type = content_type_id(type(item))
    notices = []
    for subscription in subscriptions:
        if subscription.user_id:
            recipient = accounts.get(subscription.user_id)
            if recipient is None:
                continue
        else:
            recipient = Recipient(
                email=subscription.email,
                language=subscription.language,
                channels=((Channel.EMAIL, subscription.frequency),),
            )
        notices.append(
            Notice(
                recipient,
                item_type,
                item.pk,
                "alert",
                context={"subscription": subscription.pk, "label": subscription.label},
                email_frequency=subscription.frequency,
            )
        )
    return notify(notices)

"""Factories of the notifications: alerts (saved searches).

Deliveries are outbox rows made by `notifications` itself when something is sent; tests create
them through the product's enqueueing, not by hand."""

import factory
from django.utils import timezone

from notifications.models import Subscription, SubscriptionKind


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed alert of an address without account, on premises by default; pass
    `confirmed_at=None` for one still waiting for its confirmation."""

    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"alerte{n}@exemple.fr")
    kind = SubscriptionKind.PREMISES
    confirmed_at = factory.LazyFunction(timezone.now)

"""Emails to registered people (confirmation, waitlist, promotion, reminder) go through the
notifications outbox: one `Delivery` row per registration and kind, written in the
transaction that changes the registration, sent once by Celery and retried on failure. The
texts are `templates/notifications/email/event_<kind>*` (they include `events/emails/`)."""

from django.conf import settings
from django.urls import reverse

from notifications.models import Channel, Frequency
from notifications.outbox import Recipient, notice, notify

from .models import Registration
from .tokens import registration_token

KINDS = ("confirmed", "waitlisted", "promoted", "reminder")
ONLY_EMAIL = ((Channel.EMAIL, Frequency.INSTANT),)


def registration_link(registration) -> str:
    path = reverse("events:registration", args=[registration_token(registration)])
    return f"{settings.SITE_URL}{path}"


def outbox_kind(kind: str) -> str:
    return f"event_{kind}"


def notify_registration(registration: Registration, kind: str, *, position=None) -> list[int]:
    """Write the outbox row of this email (none when the person left no address); it leaves
    once the current transaction commits. `position` is the waitlist position to tell."""
    if kind not in KINDS:
        raise ValueError(f"Unknown email kind {kind!r}")
    if not registration.email:
        return []
    # Registrations have no account: the address is the recipient, in the site's language.
    recipient = Recipient(
        email=registration.email, language=settings.LANGUAGE_CODE[:2], channels=ONLY_EMAIL
    )
    context = {"position": position} if position is not None else {}
    return notify([notice(recipient, registration, outbox_kind(kind), context=context)])

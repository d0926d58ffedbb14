"""Emails to registered people: confirmation, waitlist, promotion, reminder."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .registrations import waitlist_position
from .tokens import registration_token

KINDS = ("confirmed", "waitlisted", "promoted", "reminder")


def registration_link(registration) -> str:
    path = reverse("events:registration", args=[registration_token(registration)])
    return f"{settings.SITE_URL}{path}"


def send_registration_email(registration, kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown email kind {kind!r}")
    if not registration.email:
        return
    occurrence = registration.occurrence
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "event": occurrence.event,
        "position": waitlist_position(registration),
        "link": registration_link(registration),
        "event_url": f"{settings.SITE_URL}{occurrence.event.url or ''}",
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"events/emails/{kind}_subject.txt", context)
        body = render_to_string(f"events/emails/{kind}.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [registration.email],
    )

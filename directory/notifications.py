"""Who the directory's messages are for, and when: update reminders to the organisation's
admins, moderation messages to the territory's moderators. The emails themselves leave
through the notifications outbox (`notifications.reminders`, `notifications.moderation`).
Plain functions (tested without Celery); `tasks.py` wires them."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.log_actions import log

from accounts.roles import MODERATORS_GROUP

from .models import UPDATE_REMINDER, Membership, MembershipRole, Organisation, Service
from .moderation import organisation_of
from .quality import needs_update
from .signals import update_reminder_due

# One reminder at most per organisation in this period.
REMINDER_INTERVAL = timedelta(days=30)


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def admin_edit_url(entry) -> str:
    """The Wagtail admin edit page of an entry (see wagtail_hooks.py)."""
    try:
        return absolute(reverse(f"directory_{entry._meta.model_name}:edit", args=[entry.pk]))
    except NoReverseMatch:
        return absolute(reverse("wagtailadmin_home"))


def moderators_for(departement: str | None):
    users = get_user_model().objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
    if departement:
        users = users.filter(moderated_departements__contains=[departement])
    return users.distinct()


def organisation_admins(organisation):
    """Who answers for an organisation: its admins, or its members when it has none."""
    memberships = Membership.objects.filter(organisation=organisation, user__is_active=True)
    admins = memberships.filter(role=MembershipRole.ADMIN)
    if not admins.exists():
        admins = memberships.exclude(role=MembershipRole.GARDIEN)
    return [m.user for m in admins.select_related("user")]


def _reminded(entry) -> dict:
    """What the reminder says of one entry (kept in its audit-log row)."""
    return {
        "name": entry.name,
        "verified_on": entry.verified_on.isoformat() if entry.verified_on else None,
        "url": admin_edit_url(entry),
    }


def entries_to_update(today: date):
    """Published organisations and services whose update date has passed, by organisation."""
    by_organisation: dict[Organisation, list] = {}
    organisations = Organisation.objects.published().select_related("commune")
    services = Service.objects.public().select_related("organisation")
    for entry in [*organisations, *services]:
        if needs_update(entry.verified_on, entry.update_frequency, today):
            by_organisation.setdefault(organisation_of(entry), []).append(entry)
    return by_organisation


def send_update_reminders(today: date | None = None) -> int:
    """Remind organisations of their entries « à actualiser », at most once a month each."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    for organisation, entries in entries_to_update(today).items():
        recently = [
            e
            for e in entries
            if e.update_reminder_sent_at and now - e.update_reminder_sent_at < REMINDER_INTERVAL
        ]
        if recently:
            continue
        recipients = organisation_admins(organisation)
        if not recipients:
            continue
        with transaction.atomic():
            log_entry = log(
                organisation,
                UPDATE_REMINDER,
                data={"entries": [_reminded(entry) for entry in entries]},
            )
            update_reminder_due.send(sender=Organisation, log_entry=log_entry, users=recipients)
            for entry in entries:
                type(entry).objects.filter(pk=entry.pk).update(update_reminder_sent_at=now)
        sent += len(recipients)
    return sent

"""Moderation messages through the outbox: a submission goes to the moderators of the entry's
territory (site admins when it has none), a refusal to its organisation's admins.

Registered with `core.moderation` as a listener: the outbox rows are written in the
transaction of the transition, so they exist exactly when the transition does, and are sent
once (the item is the transition's audit log row, see `core.models.ModerationLogEntry`)."""

from django.contrib.auth import get_user_model

from core import moderation
from core.models import ModerationLogEntry
from directory.notifications import moderators_for, organisation_admins

from .outbox import Notice, content_type_id, notify, recipients_for_users

SUBMITTED = "moderation_submitted"
REFUSED = "moderation_refused"


def _recipient_ids(entry, event) -> tuple[str, list[int]]:
    registration = moderation.registration_for(entry)
    if event.action == moderation.SUBMIT:
        departement = registration.departement_of(entry)
        if departement:
            users = moderators_for(departement)
        else:
            users = get_user_model().objects.filter(is_superuser=True, is_active=True)
        return SUBMITTED, list(users.values_list("pk", flat=True))
    if event.action == moderation.REFUSE:
        owner = registration.owner(entry)
        return REFUSED, [user.pk for user in organisation_admins(owner)] if owner else []
    return "", []


def notify_transition(entry, event) -> list[int]:
    kind, user_ids = _recipient_ids(entry, event)
    if not user_ids or event.log_entry is None:
        return []
    item_type = content_type_id(ModerationLogEntry)
    return notify(
        Notice(recipient, item_type, event.log_entry.pk, kind)
        for recipient in recipients_for_users(user_ids).values()
    )


moderation.add_listener(notify_transition)

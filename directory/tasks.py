"""Celery wiring of the directory notifications (the work is in notifications.py)."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import duplicates, freshness, notifications
from .models import Invitation
from .signals import invitation_created


@shared_task(**RETRY_KWARGS)
def send_update_reminders() -> int:
    return notifications.send_update_reminders()


@shared_task(name="directory.detect_duplicates", **RETRY_KWARGS)
def detect_duplicates() -> int:
    """Nightly: propose the duplicate pairs among every organisation (directory.duplicates)."""
    return duplicates.detect()


@shared_task(name="directory.tasks.run_freshness_ladder", **RETRY_KWARGS)
def run_freshness_ladder() -> dict:
    """Daily: update reminders, then the freshness ladder's steps (`directory.freshness`)."""
    return freshness.run_ladder()


@shared_task(name="accounts.send_invitation_email", **RETRY_KWARGS)
def send_invitation_email(invitation_id: int) -> bool:
    """Kept for messages queued before invitations went through the outbox: announces the
    invitation again, which writes its outbox row if it is missing (never a second one).
    Returns False when the invitation was revoked, used or deleted meanwhile."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_usable:
        return False
    invitation_created.send(sender=Invitation, invitation=invitation)
    return True

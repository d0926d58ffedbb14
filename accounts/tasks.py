"""Celery wiring for account emails; the message itself is built by emails.py."""

from celery import shared_task

from core.tasks import RETRY_KWARGS


@shared_task(name="accounts.send_invitation_email", **RETRY_KWARGS)
def send_invitation_email(invitation_id: int) -> bool:
    """Send the invitation email. Returns False when the invitation was revoked, used or
    deleted meanwhile (nothing to send)."""
    from .emails import send_invitation

    return send_invitation(invitation_id)

"""Invitation emails through the outbox. Connected in NotificationsConfig.ready() to
`directory.signals.invitation_created`, sent in the transaction that creates the invitation:
one outbox row per invitation, sent once; an invitee who already has an account also finds
it in their inbox, in their language."""

from django.conf import settings

from accounts.models import User
from directory.models import Invitation

from .models import Channel, Frequency
from .outbox import Recipient, notice, notify

KIND = "invitation"


def recipient_of(invitation: Invitation) -> Recipient:
    """The invitee's account when there is one (email now, whatever their digest pace, and
    the inbox), else the bare address in the site's language."""
    user = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    if user is None:
        return Recipient(
            email=invitation.email,
            language=settings.LANGUAGE_CODE[:2],
            channels=((Channel.EMAIL, Frequency.INSTANT),),
        )
    return Recipient(
        email=user.email,
        user_id=user.pk,
        language=user.language or settings.LANGUAGE_CODE[:2],
        channels=((Channel.EMAIL, Frequency.INSTANT), (Channel.INBOX, Frequency.INSTANT)),
    )


def notify_invitation(sender, invitation: Invitation, **kwargs) -> list[int]:
    return notify([notice(recipient_of(invitation), invitation, KIND)])

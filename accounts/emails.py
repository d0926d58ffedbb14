"""Account emails built outside allauth (which sends its own confirmation and reset mails).

The invitation email leaves through the notifications outbox (exactly once, retried, in the
invitee's inbox when they have an account): `membership.create_invitation` sends the
`invitation_created` signal and notifications writes the outbox row. Its text is
`templates/accounts/email/invitation_*.txt`, wrapped by `notifications/email/invitation*`."""

from django.conf import settings
from django.urls import reverse

from .models import Invitation


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("accounts:invitation", args=[invitation.token])

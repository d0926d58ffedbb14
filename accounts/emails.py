"""Account emails built outside allauth (which sends its own confirmation and reset mails)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from directory.models import Invitation

from .models import User


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("accounts:invitation", args=[invitation.token])


def send_invitation(invitation_id: int) -> bool:
    """Email the invitation link to the invited address, in the invitee's language when they
    already have an account (French otherwise)."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return False
    existing = User.objects.filter(email__iexact=invitation.email).first()
    language = existing.language if existing else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "role": invitation.get_role_display(),
            "inviter": invitation.invited_by,
            "url": invitation_url(invitation),
            "has_account": existing is not None,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation_message.txt", context)
    message = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[invitation.email],
    )
    message.send()
    return True

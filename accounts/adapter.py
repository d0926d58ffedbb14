from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Signup can be closed by configuration (ACCOUNT_ALLOW_SIGNUP=false): partners then join
    only through an invitation from their organisation."""

    def is_open_for_signup(self, request) -> bool:
        if settings.ACCOUNT_ALLOW_SIGNUP:
            return True
        from directory.models import Invitation

        token = request.session.get("invitation_token")
        invitation = Invitation.objects.filter(token=token).first() if token else None
        return invitation is not None and invitation.is_usable

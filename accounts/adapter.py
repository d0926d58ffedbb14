from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied

from core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Signup can be closed by configuration (ACCOUNT_ALLOW_SIGNUP=false): partners then join
    only through an invitation from their organisation.

    The client address of allauth's rate limits (ACCOUNT_RATE_LIMITS: login, signup, password
    reset) is `core.http.client_ip`, as for every other limit of the site."""

    def get_client_ip(self, request) -> str:
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def is_open_for_signup(self, request) -> bool:
        if settings.ACCOUNT_ALLOW_SIGNUP:
            return True
        from directory.models import Invitation

        token = request.session.get("invitation_token")
        invitation = Invitation.objects.filter(token=token).first() if token else None
        return invitation is not None and invitation.is_usable

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings

from . import lockout


class AccountAdapter(DefaultAccountAdapter):
    """Signup can be closed by configuration (ACCOUNT_ALLOW_SIGNUP=false): partners then join
    only through an invitation from their organisation."""

    def is_open_for_signup(self, request) -> bool:
        if settings.ACCOUNT_ALLOW_SIGNUP:
            return True
        from .models import Invitation

        token = request.session.get("invitation_token")
        invitation = Invitation.objects.filter(token=token).first() if token else None
        return invitation is not None and invitation.is_usable

    # --- Lockout (accounts/lockout.py) ----------------------------------------------------
    def pre_authenticate(self, request, **credentials) -> None:
        """From a browser known for this account, only the per-IP failure limits apply:
        failures sent by others from elsewhere cannot lock the owner out."""
        login = credentials.get("email", credentials.get("username", "")) or ""
        if not lockout.is_known_device(request, login):
            return super().pre_authenticate(request, **credentials)
        # allauth's public ratelimit.consume returns no usage to roll back on success:
        # the internal one is what its own pre_authenticate uses.
        self._login_failed_rl_usage = allauth_ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed",
            config={"login_failed": lockout.per_ip_rates()},
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")
        return None

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if response is not None:
            lockout.remember_device(request, response, user)
        return response

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.http import client_ip

from . import lockout

# When signup is closed, what may still open it for one request (the directory registers
# "this browser holds a usable invitation"): accounts imports none of the apps above it.
_signup_gates: list = []


def register_signup_gate(gate) -> None:
    if gate not in _signup_gates:
        _signup_gates.append(gate)


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

    def get_logout_redirect_url(self, request) -> str:
        """The home page in the reader's language ("/en/" after logging out in English)."""
        return reverse("wagtail_serve", args=[""])

    def is_open_for_signup(self, request) -> bool:
        if settings.ACCOUNT_ALLOW_SIGNUP:
            return True
        return any(gate(request) for gate in _signup_gates)

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

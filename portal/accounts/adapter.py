from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Signup can be closed by configuration (ACCOUNT_ALLOW_SIGNUP=false): partners then join
    only through an invitation from their organisation."""

    def is_open_for_signup(self, request) -> bool:
        if request.session.get("invitation_token"):
            return True
        return settings.ACCOUNT_ALLOW_SIGNUP

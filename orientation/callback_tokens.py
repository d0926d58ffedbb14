"""Signed links that let the recipient of a callback request answer it without logging in.

Signed with SECRET_KEY (django.core.signing): nothing is stored, and a link is refused once
CALLBACK_EXPIRY_DAYS have passed (the request itself has expired by then)."""

from django.conf import settings
from django.core import signing

_SALT = "orientation.callback.answer"


def max_age_seconds() -> int:
    return settings.CALLBACK_EXPIRY_DAYS * 24 * 3600


def answer_token(callback_id: int) -> str:
    return signing.dumps(callback_id, salt=_SALT, compress=True)


def read_answer_token(token: str) -> int | None:
    """The request id of a genuine, unexpired link; None for a forged or expired one."""
    try:
        return int(signing.loads(token, salt=_SALT, max_age=max_age_seconds()))
    except (signing.BadSignature, TypeError, ValueError):
        return None

"""Signed one-click « rien n'a changé » links of the update reminders (no login needed).

A link names ONE organisation and the verification it was issued after (`verified_at` at the
time of the reminder, or "never"): once the organisation is verified again, by this link or
any other way, the anchor no longer matches and the link is spent (single use). It expires
after `settings.VERIFICATION_LINK_DAYS` days. Signed with `django.core.signing.TimestampSigner`
and a salt of its own, so no other signed value of the site can stand in for it."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing

SALT = "directory.verification-link"
NEVER = "never"


class LinkError(Exception):
    """The link is tampered with, malformed or expired (`expired` tells which)."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def anchor_of(verified_at: datetime | None) -> str:
    return verified_at.isoformat() if verified_at else NEVER


def make_token(organisation_pk: int, verified_at: datetime | None) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object(
        {"o": organisation_pk, "v": anchor_of(verified_at)}
    )


def read_token(token: str) -> tuple[int, str]:
    """(organisation pk, anchor) of a valid link; LinkError otherwise."""
    max_age = timedelta(days=settings.VERIFICATION_LINK_DAYS)
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkError(expired=True) from error
    except signing.BadSignature as error:
        raise LinkError() from error
    if not isinstance(payload, dict) or not isinstance(payload.get("o"), int):
        raise LinkError()
    return payload["o"], str(payload.get("v", ""))

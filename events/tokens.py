"""Signed links that let a person see or cancel their registration without an account."""

from django.core import signing

SALT = "events.registration"


def registration_token(registration) -> str:
    return signing.dumps(registration.pk, salt=SALT, compress=False)


def registration_id_from_token(token: str) -> int | None:
    """The registration id, or None for a forged or damaged token."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None

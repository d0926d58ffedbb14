"""Signed links that let a person see or cancel their registration without an account.

The token is deterministic: the same registration always gets the same link, so the page
shown after registering and the link in the email are identical (the former timestamped
signature differed when they were made in different seconds). It stays unforgeable (HMAC
with SECRET_KEY and this salt) and revocable: it only names the registration, so the link of
a deleted (purged, erased) registration leads nowhere, and rotating SECRET_KEY revokes them
all. Links sent before this change (timestamped signatures) are still accepted."""

from django.core import signing

SALT = "events.registration"

_signer = signing.Signer(salt=SALT)


def registration_token(registration) -> str:
    return _signer.sign(str(registration.pk))


def registration_id_from_token(token: str) -> int | None:
    """The registration id, or None for a forged or damaged token."""
    try:
        value = _signer.unsign(token)
    except signing.BadSignature:
        return _timestamped_id(token)
    return int(value) if value.isdigit() else None


def _timestamped_id(token: str) -> int | None:
    """Links emailed before the signature became deterministic."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None

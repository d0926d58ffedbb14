"""Public links to a residence (the QR code of its hall poster), which do not list residences.

A residence's public page is `/qui-appeler/residence/<pk>/<key>/`: the key is an HMAC of the
pk under the site's SECRET_KEY, so nobody can walk through the landlords' residences by
counting pks, and a printed poster keeps working as long as its key verifies. Keys made with
an older secret still verify while that secret is listed in SECRET_KEY_FALLBACKS: keep old
secrets there as long as posters printed under them hang in halls."""

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "directory.residence-public-page"
KEY_LENGTH = 10


def public_key(pk: int, secret: str | None = None) -> str:
    return salted_hmac(SALT, str(pk), secret=secret, algorithm="sha256").hexdigest()[:KEY_LENGTH]


def check_public_key(pk: int, key: str) -> bool:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(public_key(pk, secret), key) for secret in secrets)

"""Signed tokens for links in emails: confirm a saved search, unsubscribe in one click.

Signed with SECRET_KEY (django.core.signing), so nothing extra is stored; an unsubscribe
link stays valid as long as the subscription exists."""

from django.core import signing

_UNSUBSCRIBE_SALT = "notifications.unsubscribe"
_CONFIRM_SALT = "notifications.confirm"
# A confirmation link is valid for a week; after that, the person subscribes again.
CONFIRM_MAX_AGE = 7 * 24 * 3600


def unsubscribe_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=_UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=_UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def confirm_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=_CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None

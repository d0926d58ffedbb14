"""Brute force without locking the owner out.

Two counters slow password guessing: django-axes locks a (login, IP address) pair after
AXES_FAILURE_LIMIT failures, and allauth's `login_failed` limit counts failures per IP and
per account (ACCOUNT_RATE_LIMITS). The per-account count alone would let anyone lock a
chosen account out for everybody by sending bad passwords from several addresses. So:

- a browser where the owner has logged in before carries a signed "known device" cookie;
  there, only the per-IP limits apply (an attacker does not have that cookie). The cookie
  names the account by a keyed digest that includes the password hash: changing or
  resetting the password forgets every known browser;
- a successful password reset (through the emailed link) clears the account's failure
  counters, allauth's and django-axes' alike, so the owner can log in anywhere again."""

from datetime import timedelta

from axes.utils import reset as reset_axes
from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import User

KNOWN_DEVICE_COOKIE = "maillage_appareil_connu"
KNOWN_DEVICE_MAX_AGE = timedelta(days=180)
KNOWN_DEVICE_SALT = "accounts.lockout.known-device"
# A shared computer may know a few accounts; the oldest are forgotten beyond this.
KNOWN_ACCOUNTS_PER_DEVICE = 5


def username_of(request, credentials) -> str | None:
    """The login django-axes counts failures for.

    allauth authenticates with `email=…` (the form field is `login`), so look in both places,
    and lower-case it: `Jean@x.fr` and `jean@x.fr` are the same account and must share one
    failure counter."""
    login = None
    if credentials:
        login = credentials.get("login") or credentials.get("email") or credentials.get("username")
    if not login and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        login = data.get("login")
    return login.strip().lower() if login else None


def _device_digest(user) -> str:
    value = f"{user.pk}:{user.email.lower()}:{user.password}"
    return salted_hmac(KNOWN_DEVICE_SALT, value).hexdigest()[:32]


def _known_digests(request) -> list[str]:
    cookie = request.COOKIES.get(KNOWN_DEVICE_COOKIE)
    if not cookie:
        return []
    try:
        digests = signing.loads(
            cookie, salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return []
    return [d for d in digests if isinstance(d, str)] if isinstance(digests, list) else []


def is_known_device(request, login: str) -> bool:
    """This browser has logged into the account `login` before (with its current password)."""
    digests = _known_digests(request)
    if not digests or not login:
        return False
    user = User.objects.filter(email__iexact=login.strip()).first()
    if user is None:
        return False
    digest = _device_digest(user)
    return any(constant_time_compare(digest, known) for known in digests)


def remember_device(request, response, user) -> None:
    """After a successful login: this browser is now known for this account."""
    digest = _device_digest(user)
    others = [d for d in _known_digests(request) if d != digest]
    digests = [digest, *others][:KNOWN_ACCOUNTS_PER_DEVICE]
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        signing.dumps(digests, salt=KNOWN_DEVICE_SALT),
        max_age=int(KNOWN_DEVICE_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def per_ip_rates(action: str = "login_failed") -> str:
    """The per-IP part of an allauth rate limit ("20/15m/ip,10/15m/key" → "20/15m/ip")."""
    rates = settings.ACCOUNT_RATE_LIMITS.get(action) or ""
    return ",".join(rate for rate in rates.split(",") if rate.strip().endswith("/ip"))


def forget_failures(sender, request=None, user=None, **kwargs) -> None:
    """allauth's `password_reset` signal: the reset link proved the owner; clear the
    django-axes counters of every address of the account (allauth clears its own)."""
    if user is None:
        return
    addresses = {user.email.lower()}
    addresses.update(e.lower() for e in user.emailaddress_set.values_list("email", flat=True))
    for address in addresses:
        reset_axes(username=address)

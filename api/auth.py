"""Who is calling the API: an anonymous client (by IP) or a partner (by token).

Partners send their key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. A key that
is unknown or revoked is refused (401) rather than downgraded to anonymous, so that a
partner notices at once that their integration lost its access."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.http import client_ip

from .models import ApiToken, hash_key

# `last_used_at` is informative: write it at most this often per token.
LAST_USED_PRECISION = timedelta(minutes=1)


class InvalidToken(Exception):
    message = _("Clé d'API inconnue ou révoquée.")


@dataclass(frozen=True)
class ApiClient:
    ip: str  # core.http.client_ip: X-Forwarded-For only from TRUSTED_PROXIES
    token: ApiToken | None = None

    @property
    def is_partner(self) -> bool:
        return self.token is not None

    @property
    def rate_limit_key(self) -> str:
        return f"token:{self.token.pk}" if self.token else f"ip:{self.ip or 'unknown'}"


def presented_key(request) -> str:
    """The key the request carries, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-Api-Key", "").strip()


def identify(request) -> ApiClient:
    """The client behind a request; raises `InvalidToken` for a bad key."""
    key = presented_key(request)
    if not key:
        return ApiClient(ip=client_ip(request))
    token = (
        ApiToken.objects.active()
        .select_related("organisation")
        .filter(key_hash=hash_key(key))
        .first()
    )
    if token is None:
        raise InvalidToken
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return ApiClient(ip=client_ip(request), token=token)

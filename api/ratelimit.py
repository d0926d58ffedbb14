"""The API's limits, counted by the one rate limiter (`core.ratelimit.hit`): anonymous
clients per address (`core.http.client_ip`), partners per token.

Limits come from `settings.API_RATE_LIMITS` ({"anonymous": (requests, seconds),
"partner": (requests, seconds)}), defaulting to `DEFAULT_LIMITS`."""

from django.conf import settings

DEFAULT_LIMITS = {"anonymous": (120, 60), "partner": (1200, 60)}


def limits_for(is_partner: bool) -> tuple[int, int]:
    configured = getattr(settings, "API_RATE_LIMITS", None) or {}
    kind = "partner" if is_partner else "anonymous"
    return configured.get(kind, DEFAULT_LIMITS[kind])

"""Per-client rate limit in the shared cache (Redis): a fixed window per client, counted
with atomic `incr`, so every gunicorn worker shares the same counters.

Limits come from `settings.API_RATE_LIMITS` ({"anonymous": (requests, seconds),
"partner": (requests, seconds)}), defaulting to `DEFAULT_LIMITS`."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {"anonymous": (120, 60), "partner": (1200, 60)}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int


def limits_for(is_partner: bool) -> tuple[int, int]:
    configured = getattr(settings, "API_RATE_LIMITS", None) or {}
    kind = "partner" if is_partner else "anonymous"
    return configured.get(kind, DEFAULT_LIMITS[kind])


def hit(client_key: str, limit: int, window: int, now: float | None = None) -> Decision:
    """Count one request of `client_key` in the current window."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    key = f"api-ratelimit:{client_key}:{window}:{window_start}"
    # add() is a no-op when the counter exists; incr() is atomic in Redis.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window + 1)
        count = 1
    retry_after = max(1, int(window_start + window - now + 0.999))
    return Decision(
        allowed=count <= limit,
        limit=limit,
        remaining=max(0, limit - count),
        retry_after=retry_after,
    )

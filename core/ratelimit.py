"""The one rate limiter: a fixed window per key in the shared cache (Redis), counted with an
atomic `incr`, so every gunicorn worker shares the same counters.

`hit()` counts one request and says whether it is allowed; `ratelimit()` wraps a view, counting
logged-in users per account (changing address does not reset their counter) and anonymous
visitors per address (`core.http.client_ip`, so a forged `X-Forwarded-For` changes nothing
unless it comes from a trusted proxy). allauth's own forms are limited by allauth
(ACCOUNT_RATE_LIMITS), which asks the account adapter, hence `client_ip`, for the address."""

import functools
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.shortcuts import render

from .http import client_ip

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/h' → (20, 3600). Units: s, m, h, d."""
    count, _sep, unit = rate.partition("/")
    if unit not in UNITS or not count.isdigit():
        raise ValueError(f"Invalid rate {rate!r}: expected '<count>/<s|m|h|d>', e.g. '20/h'.")
    return int(count), UNITS[unit]


def hit(key: str, limit: int, window: int, now: float | None = None) -> Decision:
    """Count one request on `key` in the current window of `window` seconds."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    bucket = f"ratelimit:{key}:{window}:{window_start}"
    # add() is a no-op when the counter exists; incr() is atomic in Redis.
    cache.add(bucket, 0, timeout=window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add() and incr()
        cache.add(bucket, 1, timeout=window + 1)
        count = 1
    return Decision(
        allowed=count <= limit,
        limit=limit,
        remaining=max(0, limit - count),
        retry_after=max(1, int(window_start + window - now + 0.999)),
    )


def visitor_key(request) -> str:
    """Who a limit counts: the account when logged in, else the client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request) or 'unknown'}"


def ratelimit(group: str, rate: str, *, template: str, methods=("POST",)):
    """Limit a view to `rate` requests per visitor (`visitor_key`) in `group`, for `methods`
    only. Past the limit the visitor gets `template` with status 429 and Retry-After."""
    limit, window = parse_rate(rate)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                decision = hit(f"{group}:{visitor_key(request)}", limit, window)
                if not decision.allowed:
                    response = render(request, template, status=429)
                    response["Retry-After"] = str(decision.retry_after)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

"""A small fixed-window rate limit on the shared (Redis) cache, for our own forms.

allauth limits its own forms (ACCOUNT_RATE_LIMITS); this covers the others, such as the
invitation form. Logged-in users are counted per account (changing address does not reset
their counter), anonymous visitors per IP address."""

import functools
import time

from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    # Behind the production proxy REMOTE_ADDR is the proxy; the real address is the last
    # hop the proxy appended (the only one a client cannot forge).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/h' → (20, 3600). Units: s, m, h, d."""
    count, _, unit = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    return int(count), seconds


def hit(key: str, rate: str) -> bool:
    """Count one hit on `key`; False once the rate is exceeded in the current window."""
    limit, window = parse_rate(rate)
    bucket = f"ratelimit:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, timeout=window)
    return cache.incr(bucket) <= limit


def ratelimit(group: str, rate: str, methods=("POST",)):
    """Limit a view to `rate` requests per user (or IP when anonymous) in `group`, for
    `methods` only. Over the limit the user gets a French page with status 429."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                if request.user.is_authenticated:
                    who = f"user:{request.user.pk}"
                else:
                    who = f"ip:{client_ip(request)}"
                if not hit(f"{group}:{who}", rate):
                    return render(request, "accounts/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

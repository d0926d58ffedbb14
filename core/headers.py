"""Response headers every page gets: Permissions-Policy, and Cache-Control for shared caches.

`ResponseHeadersMiddleware` sits near the top of settings.MIDDLEWARE (right after whitenoise),
so on the way out it sees the final response, cookies included:

- `Permissions-Policy` from settings.PERMISSIONS_POLICY (feature → allow list): nothing the
  portal does not use (camera, microphone, payment, usb…); geolocation for our own pages
  ("près de moi").
- `Cache-Control`, when the view did not set one, on a GET or HEAD:
  - a logged-in user: `private, no-store` (their pages show their data);
  - an anonymous answer that sets a cookie, gave the page a CSRF token (a form) or carries
    messages: `private, no-store` (a shared cache must not hand it to someone else);
  - an anonymous public page the anonymous page cache would keep (core/pagecache.py: its
    allow-listed views, same content for every anonymous visitor): `public,
    max-age=PUBLIC_CACHE_MAX_AGE` (env, seconds; 0 leaves them without the header), and
    `Vary: HX-Request` so neither the browser nor a proxy answers an htmx request with the
    full page or the reverse. They keep `Vary: Cookie` (a logged-in visitor or a large-print
    reader sees another page), which costs nothing to visitors who send no cookie.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import pagecache


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "geolocation": ["self"]}` → `camera=(), geolocation=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
            self.set_cache_control(request, response)
        return response

    def set_cache_control(self, request, response) -> None:
        if _personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif (
            settings.PUBLIC_CACHE_MAX_AGE
            and pagecache.cacheable_request(request)
            and pagecache.cacheable_response(request, response)
        ):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
            patch_vary_headers(response, ("HX-Request",))


def _personal(request, response) -> bool:
    """The answer belongs to this visitor: logged in, a cookie set, a CSRF token used (a
    form), messages, or an anonymous session with content (a remembered commune…)."""
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or CookieStorage.cookie_name in request.COOKIES
        or _session_holds_something(request)
    )


def _session_holds_something(request) -> bool:
    """An anonymous session with content (a remembered commune, a pending message…)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    return session is not None and bool(list(session.keys()))

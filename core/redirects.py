"""Going back where a form came from, safely."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str) -> str:
    """The form's `next` field when it points to this site, else `fallback`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def redirect_back(request, fallback: str) -> HttpResponseRedirect:
    """A redirect to `safe_next`. Never `shortcuts.redirect`: it would take a `next` such as
    "0" or "home" for a URL pattern name and fail."""
    return HttpResponseRedirect(safe_next(request, fallback))

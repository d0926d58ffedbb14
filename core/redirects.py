"""Going back where a form came from, safely."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
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


# --- The page asked for before logging in ---------------------------------------------------
# allauth follows the login form's `next` field, but a login interrupted by an e-mail
# confirmation or a password reset comes back to the login page without it, and then lands on
# settings.LOGIN_REDIRECT_URL: the page the person asked for was lost. The login page's `next`
# is therefore also kept in the session, and the LOGIN_REDIRECT_URL view takes it back.
REMEMBERED_NEXT_KEY = "core.login_next"


def _is_safe(request, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def pop_remembered_next(request) -> str:
    """The page asked for before the login, once ("" when none, or not of this site)."""
    target = request.session.pop(REMEMBERED_NEXT_KEY, "")
    return target if _is_safe(request, target) else ""


def forget_next_followed(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: a login that carried `next` goes there directly; forget it."""
    if request is not None and (request.POST.get("next") or request.GET.get("next")):
        request.session.pop(REMEMBERED_NEXT_KEY, None)


class RememberLoginNextMiddleware:
    """Keeps the `next` of an anonymous GET of the login page (settings.LOGIN_URL) in the
    session. After SessionMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.login_path = ""

    def __call__(self, request):
        if not self.login_path:
            self.login_path = resolve_url(settings.LOGIN_URL)
        if (
            request.method == "GET"
            and request.path == self.login_path
            and not request.user.is_authenticated
        ):
            target = request.GET.get("next", "")
            if _is_safe(request, target):
                request.session[REMEMBERED_NEXT_KEY] = target
        return self.get_response(request)

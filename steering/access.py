"""Who reads the steering pages: moderators (their territory) and site admins."""

from django.core.exceptions import PermissionDenied

from accounts.roles import moderated_departements


def territory(user, refusal: str = "") -> frozenset[str] | None:
    """The départements whose figures `user` reads (None: all of them), or 403 with `refusal`."""
    scope = moderated_departements(user)
    if scope is not None and not scope:
        raise PermissionDenied(refusal)
    return scope

"""django-axes glue for allauth's email login."""


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

"""The signed one-click « rien n'a changé » page of the update reminders (no login needed).

GET only shows what will be confirmed, with one button: mail scanners and link previews fetch
the links of an email, and a GET must not verify anything. The POST (CSRF-protected) verifies
the organisation and its services once (`freshness.verify_with_link`)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import freshness


@never_cache
@require_http_methods(["GET", "POST"])
def verify_with_link(request, token):
    if request.method == "POST":
        check = freshness.verify_with_link(token)
        done = not (check.error or check.used)
    else:
        check = freshness.check_link(token)
        done = False
    # A forged or unknown link is a 404 (like any other unknown address), an expired one 410.
    status = (410 if check.expired else 404) if check.error else 200
    return render(
        request,
        "directory/verify.html",
        {
            "organisation": check.organisation,
            "services": check.services,
            "error": check.error,
            "used": check.used,
            "done": done,
        },
        status=status,
    )

"""PostgreSQL, Redis or the broker unreachable: answer 503 with Retry-After, never a 500.

Two entry points, because Django turns an exception into a response at every middleware
layer before an outer middleware could see it:

- `OutageMiddleware.process_exception` catches what a view (or a template response being
  rendered) raises: the common case, a page that queries the database;
- `server_error`, the `handler500`, catches what a middleware raises (sessions, auth,
  axes, messages) and anything else that reaches Django's last resort.

The page is rendered without a request context: no context processor (footer, unread
notifications) may touch the stores that are down. Nothing is cached or restarted here:
`CONN_HEALTH_CHECKS` (settings) makes Django drop a dead persistent connection at the start
of the next request, and the Redis clients reconnect on their own, so the site recovers
by itself once the store is back."""

from __future__ import annotations

import logging
import sys

import psycopg
import redis.exceptions
from django import db
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    db.OperationalError,
    db.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    redis.exceptions.ConnectionError,  # also BusyLoadingError (Redis replaying its AOF)
    redis.exceptions.TimeoutError,
    BrokerError,
)


def is_outage(exception: BaseException | None) -> bool:
    """Whether this exception (or one it was raised from) says a store is unreachable."""
    seen = 0
    while exception is not None and seen < 5:
        if isinstance(exception, OUTAGE_ERRORS):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def outage_response(request) -> HttpResponse:
    """The 503 page (HTML, or JSON for the API), rendered without touching any store."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        if _wants_json(request):
            response = JsonResponse(
                {"detail": translation.gettext("Service momentanément indisponible")},
                status=503,
            )
        else:
            retry = request.get_full_path() if request.method in ("GET", "HEAD") else None
            html = render_to_string(
                "503.html",
                {"retry_url": retry, "retry_after": RETRY_AFTER_SECONDS, "lang": language},
            )
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _log(request, exception: BaseException) -> None:
    logger.warning(
        "outage: %s %s answered 503 (%s: %s)",
        request.method,
        request.path,
        type(exception).__name__,
        str(exception).strip().splitlines()[0] if str(exception).strip() else "",
    )


class OutageMiddleware:
    """Turns a store outage raised by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        _log(request, exception)
        return outage_response(request)


def server_error(request):
    """`handler500`: 503 when the error is an outage, the usual 500 page otherwise."""
    exception = sys.exc_info()[1]
    if is_outage(exception):
        _log(request, exception)
        return outage_response(request)
    try:
        # Rendered without a query of its own, so it works when the database is down.
        return render(request, "500.html", status=500)
    except Exception as error:  # the 500 page's own context failed: plain page, no context
        if is_outage(error):
            _log(request, error)
            return outage_response(request)
        return HttpResponse(render_to_string("500.html"), status=500)

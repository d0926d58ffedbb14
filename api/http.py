"""HTTP plumbing of the API: French JSON errors and conditional GET (ETag, Last-Modified).

The ETag is a hash of the response body, so it changes with anything the client would see
(including the contacts a partner token reveals; responses vary on the auth headers).
Last-Modified is the latest modification date of the records in the response, when the
endpoint knows it. If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)."""

import hashlib
from datetime import datetime

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe


def error_response(status: int, message, errors=(), headers=None) -> JsonResponse:
    response = JsonResponse(
        {"detail": str(message), "erreurs": list(errors)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _etag_matches(header: str, etag: str) -> bool:
    candidates = [value.strip() for value in header.split(",")]
    weak = etag.removeprefix("W/")
    return "*" in candidates or any(c.removeprefix("W/") == weak for c in candidates)


def conditional(request, response, last_modified: datetime | None = None):
    """Add validators to a successful GET response; answer 304 when the client is fresh."""
    patch_vary_headers(response, ("Authorization", "X-Api-Key"))
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.streaming:
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        fresh = _etag_matches(if_none_match, etag)
    else:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        fresh = (
            since is not None
            and last_modified is not None
            and int(last_modified.timestamp()) <= since
        )
    if not fresh:
        return response
    not_modified = HttpResponse(status=304)
    for header in ("ETag", "Last-Modified", "Vary", "Cache-Control"):
        if header in response:
            not_modified[header] = response[header]
    return not_modified

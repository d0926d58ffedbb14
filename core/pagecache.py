"""Anonymous page cache: public HTML pages served from Redis to visitors who are not logged in.

`PageCacheMiddleware` (settings.MIDDLEWARE, after the CSP and htmx middleware) answers a GET or
HEAD of an allow-listed public view (`CACHEABLE_VIEWS`) from the cache when the visitor is
anonymous, and stores the page it renders otherwise. Rules:

- Never for a logged-in user, nor for anyone whose session holds anything (pending messages,
  an invitation, a page password…), nor with a `messages` cookie, an Authorization header or
  an htmx request (partials depend on request headers).
- A response is stored only if it is a complete 200 `text/html` page that sets no cookie, did
  not touch the session, carries no pending message, no `Cache-Control: private/no-cache/
  no-store`, and varies on nothing but the cookies and the language.
- Per-request secrets are never replayed: the page is stored cut around its CSP nonce and its
  CSRF tokens (`csrfmiddlewaretoken` inputs), and each answer is rebuilt with this request's
  nonce (so it matches the Content-Security-Policy header that django-csp writes afterwards)
  and this visitor's CSRF token (so forms on a cached page still post, and the CSRF cookie is
  set for this visitor by CsrfViewMiddleware, never copied from someone else).
- The key holds the scheme, host, full path with query string, language and the large-print
  cookie (the only cookie a public template reads).

Invalidation: entries live `PAGECACHE_TIMEOUT` seconds (env, default 60; 0 turns the cache
off) and carry the cache "generation" they were built under; saving or deleting content of
the public apps (directory, offers, events, guides, home, orientation, Wagtail pages) and
publishing or unpublishing a Wagtail page bumps the generation, which retires every entry at
once (right away, and again when the transaction commits). Search results are written to the
index after that commit (or by Celery with Elasticsearch): a search page rendered in between
can keep the old results until its entry expires, PAGECACHE_TIMEOUT at most.
Responses say `X-Page-Cache: hit` or `miss` on cacheable requests.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re
from wagtail.signals import page_published as published
from wagtail.signals import page_unpublished as unpublished

from . import cache as generations
from . import counters

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
MAX_BODY_BYTES = 2 * 1024 * 1024

# URL names (namespace:name) of public pages whose content is the same for every anonymous
# visitor. Forms (registration, contact requests, alerts) post to other URLs.
# The reader's large-print preference (set by the guides): part of the cache key.
LARGE_PRINT_COOKIE = "large_print"

CACHEABLE_VIEWS = frozenset(
    {
        "wagtail_serve",  # home, standard pages, guides, event pages
        "directory:home",
        "directory:organisation",
        "directory:service",
        "directory:commune",
        "directory:category",
        "offers:home",
        "offers:offer",
        "offers:premises_list",
        "offers:premises",
        "offers:need",
        "events:index",
        "events:archive",
        "events:month_current",
        "events:month",
        "events:commune",
        "events:organisation",
        "guides:index",
        "search:search",
        "orientation:glossary",
    }
)
# A stored page may vary on these request headers only: the cookies are handled here (session
# and messages bypass the cache, large print is in the key) and the language is in the key.
ALLOWED_VARY = frozenset({"cookie", "accept-language"})
# Models whose changes show on public pages, by app label; a few private ones left out.
WATCHED_APPS = frozenset({"home", "guides", "directory", "orientation", "offers", "events"})
WATCHED_MODELS = frozenset({"wagtailcore.page", "wagtailcore.pageviewrestriction"})
IGNORED_MODELS = frozenset({"guides.guideexport", "orientation.favourite"})

CSRF_INPUT_RE = rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(?=")'
NONCE, TOKEN = "n", "c"


def _cache():
    return caches[getattr(settings, "PAGECACHE_ALIAS", "default")]


def _timeout() -> int:
    return int(getattr(settings, "PAGECACHE_TIMEOUT", 0) or 0)


# --- generation (invalidation) -----------------------------------------------------------------
def bump_generation() -> None:
    """Retire every cached page. Never fails the caller (a content save)."""
    generations.bump_generation(_cache(), GENERATION_KEY)


def _watched(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    label = meta.label_lower
    if label in IGNORED_MODELS:
        return False
    return meta.app_label in WATCHED_APPS or label in WATCHED_MODELS


def content_changed(sender, **kwargs) -> None:
    if not _timeout() or not _watched(sender):
        return
    # Now (a request racing the transaction may re-store old content: bumped again below),
    # and once the transaction commits.
    bump_generation()
    transaction.on_commit(bump_generation)


def page_published(sender, **kwargs) -> None:
    if _timeout():
        bump_generation()
        transaction.on_commit(bump_generation)


def connect_signals() -> None:
    post_save.connect(content_changed, dispatch_uid="pagecache-save")
    post_delete.connect(content_changed, dispatch_uid="pagecache-delete")
    published.connect(page_published, dispatch_uid="pagecache-published")
    unpublished.connect(page_published, dispatch_uid="pagecache-unpublished")


# --- storing and replaying ---------------------------------------------------------------------
def split_secrets(body: bytes, nonce: str | None) -> tuple[tuple[bytes, ...], str] | None:
    """Cut `body` around the nonce and the CSRF tokens: (parts, kinds) with
    len(parts) == len(kinds) + 1, or None if a token is somewhere we do not recognise."""
    patterns = [CSRF_INPUT_RE]
    if nonce:
        patterns.insert(0, re.escape(nonce.encode()))
    parts, kinds, start = [], [], 0
    for match in re.finditer(b"|".join(patterns), body):
        parts.append(body[start : match.start()])
        kinds.append(NONCE if nonce and match.group() == nonce.encode() else TOKEN)
        start = match.end()
    parts.append(body[start:])
    if body.count(b"csrfmiddlewaretoken") != kinds.count(TOKEN):
        return None
    return tuple(parts), "".join(kinds)


def join_secrets(parts, kinds: str, request) -> bytes:
    values = {}
    if NONCE in kinds:
        values[NONCE] = str(request.csp_nonce).encode()
    if TOKEN in kinds:
        values[TOKEN] = get_token(request).encode()
    out = [parts[0]]
    for kind, part in zip(kinds, parts[1:], strict=True):
        out += [values[kind], part]
    return b"".join(out)


def cache_key(request) -> str:
    language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    large_print = request.COOKIES.get(LARGE_PRINT_COOKIE) == "1"
    raw = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            language,
            "large" if large_print else "",
        ]
    )
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in CACHEABLE_VIEWS:
        return False
    if getattr(request, "htmx", False) or "HTTP_AUTHORIZATION" in request.META:
        return False
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # Anything in the session (login, messages, a page password…) may show on the page.
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    return not (has_session and list(request.session.keys()))


def cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies or len(response.content) > MAX_BODY_BYTES:
        return False
    control = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(
        response.get("Cache-Control", "")
    )}  # fmt: skip
    if control & {"private", "no-cache", "no-store"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - ALLOWED_VARY:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class PageCacheMiddleware:
    """See the module docstring. Lookup happens in process_view (the URL is resolved), so a
    hit skips the view but still goes back through every middleware's response half: CSP
    header with this request's nonce, CSRF cookie, security headers, language headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_pagecache", None)
        if state is None:
            return response
        key, generation, recording = state
        counted = counters.stop_recording(recording)
        if request.method == "GET" and cacheable_response(request, response):
            nonce = getattr(request, "_csp_nonce", None)
            split = split_secrets(response.content, nonce if isinstance(nonce, str) else None)
            if split is not None:
                headers = [
                    (name, value)
                    for name, value in response.headers.items()
                    if name.lower() not in ("set-cookie", "content-length", HEADER.lower())
                ]
                entry = (generation, response.status_code, headers, *split, counted)
                try:
                    _cache().set(key, entry, _timeout())
                except Exception:
                    logger.warning("pagecache: could not store %s", request.path, exc_info=True)
        response[HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        timeout = _timeout()
        if not timeout or not cacheable_request(request):
            return None
        key = cache_key(request)
        try:
            generation, entry = generations.read_generation(_cache(), GENERATION_KEY, key)
        except Exception:  # Redis down: the view answers (or the outage page does)
            logger.warning("pagecache: lookup failed", exc_info=True)
            return None
        if entry is not None:
            _generation, status, headers, parts, kinds, *counted = entry
            response = HttpResponse(join_secrets(parts, kinds, request), status=status)
            for name, value in headers:
                response.headers[name] = value
            response[HEADER] = "hit"
            # The counts (core/counters.py) the view made when the page was stored.
            counters.replay(counted[0] if counted else ())
            return response
        request._pagecache = (key, generation, counters.start_recording())
        return None

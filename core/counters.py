"""Daily aggregate counters: what happened, never who did it (issue #18, item 1).

`count(metric, **dimensions)` adds one to a Redis hash for today's date in Europe/Paris, after
the current transaction commits, never with a database write in the request. A web process
does not even wait for Redis: the count joins this process's pending counts (a dict under a
lock, microseconds) and a daemon thread pushes them every COUNTERS_PUSH_SECONDS in one
pipelined round trip (and at exit); a process forked with pending counts forgets them in the
child, so nothing is counted twice. With COUNTERS_PUSH_SECONDS = 0 (the tests) each count is
pushed at once. What a process holds when it is killed (`kill -9`) is lost: at most that many
seconds of counts. If Redis is down the counts are dropped and logged once per process: the
page still answers.

`flush()` (Celery beat, every 5 minutes) moves the hashes into `DailyCounter` rows with an
UPSERT that adds counts, and adds the same counts to their month's `MonthlyCounter` rows in
the same transaction (long-period dashboards read those); `purge()` (nightly) forgets rows
older than COUNTERS_RETENTION_DAYS (a month once all its days are).

Flush without loss or double counting: a live hash is first RENAMEd to a batch key carrying
a fresh batch id (atomic; new increments start a new live hash). The batch is applied in one
database transaction that also records its id in `CounterFlush` (unique); the key is deleted
only after that commit. A crash before the commit leaves the batch key for the next run; a
crash after it leaves a batch key whose id is already recorded, so the next run deletes it
without adding it again; two runs applying the same batch meet on the unique id.

Dimensions come from an allow-list of names and their values are checked: nothing with an
"@", nothing holding a long run of digits (a phone number), nothing long. Zero-result search
terms are kept only normalised (lower-case, unaccented), without digit or "@", and once seen
at least COUNTERS_TERM_MIN_SEEN times in a calendar month (counted in Redis meanwhile)."""

from __future__ import annotations

import atexit
import datetime
import json
import logging
import os
import re
import threading
import time
import unicodedata
import uuid
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")

# Every metric the project counts. A name not listed here is a programming error.
METRICS = frozenset(
    {
        "orientation",  # « Qui appeler ? » shown: situation × commune, answers
        "search_zero_result",  # a search with no result
        "search_zero_result_term",  # its normalised term, once seen k times (see below)
        "sheet_view",  # an organisation's or a service's sheet: kind, organisation, service
        "click_call",  # links on a sheet, through /compter/
        "click_email",
        "click_directions",
        "pdf",  # PDFs and posters produced: kind
        "callback_request",  # outcome: sent / acknowledged
        "event_registration",  # outcome: registered / waitlist / promoted / attended
        "premises",  # outcome: posted / let
        "offer_contacted",
        "match",  # outcome
        "widget_view",  # a partner's widget shown in its site (widgets/): organisation
    }
)
# Metrics the public click endpoint may count (and only those).
CLICK_METRICS = frozenset({"click_call", "click_email", "click_directions"})

# The only dimension names a counter may carry: codes and slugs of things, never of people.
DIMENSIONS = (
    "commune",  # INSEE code
    "situation",  # slug
    "kind",
    "organisation",  # id
    "service",  # id
    "outcome",
    "answers",  # number of answers shown
    "term",  # a normalised zero-result search term (see note_zero_result_term)
)
MAX_VALUE_LENGTH = 80
# A phone number, even written with spaces, dots or dashes: this many digits in a row.
_PHONE_LIKE = re.compile(r"\d{8,}")
_SEPARATORS = re.compile(r"[\s.\-/+()]")

_BATCH_PREFIX = "batch"
_warned_down = False
# The counts of the page being rendered, when the anonymous page cache records them
# (core/pagecache.py): a page served from that cache skips its view, so the cache replays
# the counts the view made when the page was stored.
_recording: ContextVar[list | None] = ContextVar("counters_recording", default=None)


def _prefix() -> str:
    key_prefix = settings.CACHES["default"].get("KEY_PREFIX") or "maillage"
    return f"{key_prefix}:counters"


def _live_key(day: datetime.date) -> str:
    return f"{_prefix()}:day:{day.isoformat()}"


def _client():
    return cache._cache.get_client(write=True)


def today() -> datetime.date:
    return timezone.now().astimezone(PARIS).date()


def check_value(name: str, value) -> str:
    """The dimension `name` = `value` as stored, or ValueError if it could identify a person."""
    if name not in DIMENSIONS:
        raise ValueError(
            f"Unknown counter dimension {name!r}: allowed are {', '.join(DIMENSIONS)}."
        )
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"Counter dimension {name!r} takes a string or an integer, not {value!r}.")
    text = str(value).strip()
    if not text or len(text) > MAX_VALUE_LENGTH:
        raise ValueError(f"Counter dimension {name!r} must be 1 to {MAX_VALUE_LENGTH} characters.")
    if "@" in text or _PHONE_LIKE.search(_SEPARATORS.sub("", text)):
        raise ValueError(f"Counter dimension {name!r} looks like an address or a phone number.")
    return text


def field_for(metric: str, dimensions: dict) -> str:
    """The hash field of one counter: the metric and its checked dimensions, as stable JSON."""
    if metric not in METRICS:
        raise ValueError(f"Unknown counter metric {metric!r}.")
    checked = {
        name: check_value(name, value) for name, value in dimensions.items() if value is not None
    }
    return json.dumps([metric, checked], sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _warn_down(error: Exception) -> None:
    global _warned_down
    if not _warned_down:
        _warned_down = True
        logger.warning("Counters dropped: Redis unavailable (%s). Logged once per process.", error)


def _increment_many(counts: dict[tuple[str, str], int]) -> None:
    """Add {(live key, field): amount} to Redis in one pipelined round trip."""
    try:
        pipe = _client().pipeline(transaction=False)
        for (key, field), amount in counts.items():
            pipe.hincrby(key, field, amount)
        for key in {key for key, _field in counts}:
            pipe.expire(key, 14 * 86400)  # never flushed (beat down for two weeks): let it go
        pipe.execute()
    except (RedisError, OSError) as error:
        _warn_down(error)


# This process's counts not yet in Redis, {(live key, field): amount}, and its pusher thread.
_pending: dict[tuple[str, str], int] = {}
_pending_lock = threading.Lock()
_pusher_pid: int | None = None


def _forget_in_child() -> None:
    """A forked child (gunicorn, Celery prefork) starts with nothing pending and no pusher:
    the parent pushes what it held."""
    global _pending_lock, _pusher_pid
    _pending.clear()
    _pending_lock = threading.Lock()
    _pusher_pid = None


os.register_at_fork(after_in_child=_forget_in_child)


def push() -> None:
    """Send the counts this process holds to Redis now (one round trip; nothing if none)."""
    with _pending_lock:
        if not _pending:
            return
        counts = dict(_pending)
        _pending.clear()
    _increment_many(counts)


def _push_every() -> None:
    while True:
        time.sleep(settings.COUNTERS_PUSH_SECONDS or 1.0)
        push()


def _start_pusher() -> None:
    global _pusher_pid
    pid = os.getpid()
    if _pusher_pid == pid:
        return
    with _pending_lock:
        if _pusher_pid == pid:
            return
        _pusher_pid = pid
    threading.Thread(target=_push_every, name="counters-push", daemon=True).start()
    atexit.register(push)


def _add(field: str, amount: int = 1) -> None:
    key = _live_key(today())
    if settings.COUNTERS_PUSH_SECONDS <= 0:
        _increment_many({(key, field): amount})
        return
    with _pending_lock:
        _pending[(key, field)] = _pending.get((key, field), 0) + amount
    _start_pusher()


def count(metric: str, **dimensions) -> None:
    """Add one to `metric` for today with these dimensions, once the current transaction
    commits (at once outside one). Bad names or person-like values raise ValueError now."""
    field = field_for(metric, dimensions)
    recorded = _recording.get()
    if recorded is not None:
        recorded.append(field)
    transaction.on_commit(PendingCount(field))


class PendingCount:
    """The on-commit callback of one count (a class, so that tests watching the callbacks of
    a transaction can tell a count from a message handed to Celery)."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __call__(self) -> None:
        _add(self.field)


def start_recording():
    """Collect the counts made from now on in this context (a page the cache may store)."""
    return _recording.set([])


def stop_recording(token) -> list[str]:
    """The counts collected since `start_recording()`, which returned `token`."""
    recorded = _recording.get() or []
    _recording.reset(token)
    return list(recorded)


def replay(fields) -> None:
    """Count again what a page counted when it was rendered (a page cache hit)."""
    for field in fields:
        metric, dimensions = json.loads(field)
        count(metric, **dimensions)


# --- Zero-result search terms ---------------------------------------------------------------

# One round trip: count the term among this month's pending terms; from the k-th sighting on,
# add it to today's counters (the k-th brings the k sightings so far, later ones bring one).
_TERM_SCRIPT = """
local seen = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('EXPIRE', KEYS[1], 5356800)
local k = tonumber(ARGV[2])
if seen >= k then
  local add = 1
  if seen == k then add = k end
  redis.call('HINCRBY', KEYS[2], ARGV[3], add)
  redis.call('EXPIRE', KEYS[2], 1209600)
end
return seen
"""


def normalise_term(text: str) -> str:
    """Lower-case, without accents or punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^\w@]+", " ", plain).split())


def keepable_term(text: str) -> str | None:
    """The normalised term if it may be kept at all (no digit, no "@", not too long)."""
    term = normalise_term(text)
    if not term or "@" in term or any(char.isdigit() for char in term):
        return None
    if len(term) > MAX_VALUE_LENGTH:
        return None
    return term


def note_zero_result_search(text: str) -> None:
    """A search found nothing: count it, and its term under the k-sightings rule."""
    count("search_zero_result")
    term = keepable_term(text)
    if term is None:
        return
    field = field_for("search_zero_result_term", {"term": term})
    minimum = max(1, int(getattr(settings, "COUNTERS_TERM_MIN_SEEN", 3)))

    def note() -> None:
        day = today()
        pending = f"{_prefix()}:terms:{day:%Y-%m}"
        try:
            _client().eval(_TERM_SCRIPT, 2, pending, _live_key(day), term, minimum, field)
        except (RedisError, OSError) as error:
            _warn_down(error)

    transaction.on_commit(note)


# --- Flush and purge (Celery tasks in core/tasks.py) ----------------------------------------


def _batch_keys(client) -> list[str]:
    pattern = f"{_prefix()}:{_BATCH_PREFIX}:*"
    return sorted(key.decode() for key in client.scan_iter(match=pattern.encode(), count=500))


def _claim_live_hashes(client) -> None:
    """Rename every live day hash to a batch key of its own (atomic per key)."""
    pattern = f"{_prefix()}:day:*"
    for raw in list(client.scan_iter(match=pattern.encode(), count=500)):
        day = raw.decode().rsplit(":", 1)[1]
        batch = f"{_prefix()}:{_BATCH_PREFIX}:{day}:{uuid.uuid4().hex}"
        try:
            client.rename(raw, batch)
        except RedisError:  # gone meanwhile (another flush claimed it)
            continue


_UPSERT = """
INSERT INTO core_dailycounter (day, metric, dimensions, value)
VALUES (%s, %s, %s::jsonb, %s)
ON CONFLICT (day, metric, dimensions)
DO UPDATE SET value = core_dailycounter.value + EXCLUDED.value
"""
_UPSERT_MONTH = """
INSERT INTO core_monthlycounter (month, metric, dimensions, value)
VALUES (date_trunc('month', %s::date)::date, %s, %s::jsonb, %s)
ON CONFLICT (month, metric, dimensions)
DO UPDATE SET value = core_monthlycounter.value + EXCLUDED.value
"""
_RECORD_BATCH = """
INSERT INTO core_counterflush (batch, flushed_at) VALUES (%s, now())
ON CONFLICT (batch) DO NOTHING RETURNING batch
"""


def _apply_batch(client, key: str) -> int:
    """Add one batch hash to the table (once), then delete it. The number of counts added."""
    _prefix_part, _batch, day_text, batch_id = key.rsplit(":", 3)
    day = datetime.date.fromisoformat(day_text)
    entries = client.hgetall(key)
    added = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_RECORD_BATCH, [batch_id])
        if cursor.fetchone() is not None:  # first time this batch is applied
            rows = []
            for raw_field, raw_value in entries.items():
                metric, dimensions = json.loads(raw_field)
                amount = int(raw_value)
                if amount:
                    rows.append([day, metric, json.dumps(dimensions, sort_keys=True), amount])
                    added += amount
            add_rows(cursor, rows)
    client.delete(key)
    return added


def add_rows(cursor, rows) -> None:
    """Add counts, [day, metric, dimensions JSON, amount] each, to the day's and the month's
    rows (inside the caller's transaction: both tables always agree)."""
    if rows:
        cursor.executemany(_UPSERT, rows)
        cursor.executemany(_UPSERT_MONTH, rows)


def flush() -> int:
    """Move every counter from Redis into `DailyCounter`; the number of counts added."""
    push()  # this process's own pending counts first
    client = _client()
    added = 0
    for key in _batch_keys(client):  # left by a run that crashed: applied (once) first
        added += _apply_batch(client, key)
    _claim_live_hashes(client)
    for key in _batch_keys(client):
        added += _apply_batch(client, key)
    return added


def purge(now: datetime.datetime | None = None) -> int:
    """Forget counters older than COUNTERS_RETENTION_DAYS, and old batch records."""
    day = (now or timezone.now()).astimezone(PARIS).date()
    retention = int(getattr(settings, "COUNTERS_RETENTION_DAYS", 3 * 365))
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM core_dailycounter WHERE day < %s",
            [day - datetime.timedelta(days=retention)],
        )
        deleted = cursor.rowcount
        # A month goes once all its days are past the retention period.
        cursor.execute(
            "DELETE FROM core_monthlycounter WHERE month < date_trunc('month', %s::date)::date",
            [day - datetime.timedelta(days=retention)],
        )
        cursor.execute(
            "DELETE FROM core_counterflush WHERE flushed_at < now() - interval '30 days'"
        )
    return deleted

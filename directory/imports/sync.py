"""Incremental sync with the national data·inclusion API (v1).

The API (gip-inclusion/data-inclusion, api/…/inclusion_data/v1): `GET {base}/structures` and
`GET {base}/services`, filtered by `code_departement` (and `sources`), paginated with `page`
(from 1) and `size`, answering `{"items": [...], "total", "page", "size", "pages"}`; a bearer
token (`Authorization: Bearer …`) is required. Structures carry `doublons` (the (source, id)
of the structures data·inclusion found to be the same actor), services their `score_qualite`.

A run fetches the structures and services of the configured départements (following every
page), feeds them to the same parser and loader as the file import, and is recorded as an
`ImportRun` (the admin's imports report shows it). The API has no "changed since" filter: a
record whose `date_maj` is before the day the last successful run started is left out before
loading (counted as unchanged). A failed run leaves that watermark where it was, so the next
run takes everything since the last good one again.

HTTP errors 5xx, 429 (honouring Retry-After) and timeouts are retried within the run, with
an exponential, capped delay; the Celery task retries later on top of that (RETRY_KWARGS)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.places import served_departements
from directory.duplicates import record_duplicate_hint
from directory.models import Organisation

from . import datainclusion
from .loading import structures_of
from .models import DataInclusionSync, DuplicateHint, ImportKind, ImportRun, ImportStatus
from .records import ParsedFile
from .runner import apply, fail, start

logger = logging.getLogger(__name__)

PAGE_SIZE = 1000  # the API's default is 5 000, its maximum 10 000
ATTEMPTS = 4
BACKOFF = 2.0  # seconds: 2, 4, 8…
MAX_DELAY = 60.0
TIMEOUT = 30.0


class ApiError(Exception):
    """The API could not give what the run needs (French message). `transient`: worth trying
    again later (server errors, timeouts), unlike a refused token or a malformed answer."""

    def __init__(self, message: str, *, transient: bool):
        super().__init__(message)
        self.transient = transient


class ApiUnavailable(ConnectionError):
    """Raised by the Celery task after a transient failure, so that RETRY_KWARGS retries it."""


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - timezone.now()).total_seconds())


class Client:
    """A small client of the data·inclusion API: authenticated GETs, retried, paginated."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        page_size: int = PAGE_SIZE,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF,
        max_delay: float = MAX_DELAY,
        timeout: float = TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.page_size = page_size
        self.attempts = attempts
        self.backoff = backoff
        self.max_delay = max_delay
        self.sleep = sleep
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(timeout=timeout, headers=headers)

    @classmethod
    def from_settings(cls) -> Client:
        return cls(settings.DATA_INCLUSION_API_URL, settings.DATA_INCLUSION_API_TOKEN)

    def close(self) -> None:
        self.http.close()

    def _delay(self, attempt: int) -> float:
        return min(self.max_delay, self.backoff * 2 ** (attempt - 1))

    def get(self, path: str, params: dict) -> dict:
        url = f"{self.base_url}/{path}"
        problem = ""
        for attempt in range(1, self.attempts + 1):
            delay = self._delay(attempt)
            try:
                response = self.http.get(url, params=params)
            except httpx.TimeoutException:
                problem = _("délai dépassé")
            except httpx.TransportError as error:
                problem = _("connexion impossible (%(error)s)") % {"error": error}
            else:
                status = response.status_code
                if status in (401, 403):
                    raise ApiError(
                        _(
                            "L'API data·inclusion refuse le jeton (HTTP %(status)s) : vérifiez "
                            "DATA_INCLUSION_API_TOKEN."
                        )
                        % {"status": status},
                        transient=False,
                    )
                if status < 400:
                    try:
                        payload = response.json()
                    except ValueError as error:
                        raise ApiError(
                            _("Réponse illisible de l'API data·inclusion (%(url)s) : %(error)s")
                            % {"url": response.url, "error": error},
                            transient=False,
                        ) from error
                    return payload
                if status != 429 and status < 500:
                    raise ApiError(
                        _("L'API data·inclusion répond HTTP %(status)s à %(url)s : %(body)s")
                        % {"status": status, "url": response.url, "body": response.text[:300]},
                        transient=False,
                    )
                problem = f"HTTP {status}"
                if status == 429:
                    asked = _retry_after(response)
                    if asked is not None:
                        delay = min(self.max_delay, asked)
            if attempt < self.attempts:
                logger.warning("data·inclusion %s: %s, new attempt in %.1f s", path, problem, delay)
                self.sleep(delay)
        raise ApiError(
            _("L'API data·inclusion n'a pas répondu (%(problem)s) après %(n)s essais : %(url)s")
            % {"problem": problem, "n": self.attempts, "url": url},
            transient=True,
        )

    def items(self, path: str, params: dict) -> Iterator[dict]:
        """Every record of a list endpoint, page after page."""
        page = 1
        while True:
            payload = self.get(path, {**params, "page": page, "size": self.page_size})
            items = payload.get("items") if isinstance(payload, dict) else None
            if not isinstance(items, list):
                raise ApiError(
                    _(
                        "Réponse inattendue de l'API data·inclusion (%(path)s, page %(page)s) : "
                        "pas de liste « items »."
                    )
                    % {"path": path, "page": page},
                    transient=False,
                )
            yield from items
            pages = payload.get("pages") or 0
            if not items or page >= pages:
                return
            page += 1


def fetch(client: Client, departements: list[str], sources: list[str]) -> tuple[list, list]:
    """(structures, services) of `departements` as the API gives them (dicts)."""
    structures: list = []
    services: list = []
    for code in departements:
        params: dict = {"code_departement": code}
        if sources:
            params["sources"] = sources
        structures.extend(client.items("structures", params))
        services.extend(client.items("services", params))
    return structures, services


def drop_unchanged(parsed: ParsedFile, since: date | None) -> int:
    """Leave out the records updated before `since` (None: keep all); how many left out."""
    if since is None:
        return 0
    before = len(parsed.organisations) + len(parsed.services)
    parsed.organisations = [
        r for r in parsed.organisations if r.updated_on is None or r.updated_on >= since
    ]
    parsed.services = [r for r in parsed.services if r.updated_on is None or r.updated_on >= since]
    return before - len(parsed.organisations) - len(parsed.services)


def store_duplicate_hints(structures: list, kept_ids: set[str]) -> list[DuplicateHint]:
    """Keep the `doublons` of the structures this run kept (in scope and valid); return the
    hints this run saw."""
    seen = []
    for item in structures:
        if not isinstance(item, dict) or item.get("id") not in kept_ids:
            continue
        for other in item.get("doublons") or []:
            if not isinstance(other, dict) or not other.get("id") or other["id"] == item["id"]:
                continue
            hint, _created = DuplicateHint.objects.update_or_create(
                structure_id=item["id"],
                duplicate_id=str(other["id"]),
                defaults={
                    "structure_source": str(item.get("source", "")),
                    "duplicate_source": str(other.get("source", "")),
                },
            )
            seen.append(hint)
    return seen


def directory_pairs(hints: list[DuplicateHint]) -> list[tuple[Organisation, Organisation]]:
    """The hinted pairs whose two structures are both in the directory, found as the loader
    finds a record's entry (`loading.structures_of`: through every identifier, so a merged
    structure answers with its survivor; data·inclusion ids are our source ids)."""
    ids = {hint.structure_id for hint in hints} | {hint.duplicate_id for hint in hints}
    found = structures_of({(datainclusion.SOURCE, source_id) for source_id in ids})
    entries = {source_id: entry for (_source, source_id), entry in found.items()}
    return [
        (entries[hint.structure_id], entries[hint.duplicate_id])
        for hint in hints
        if hint.structure_id in entries
        and hint.duplicate_id in entries
        and entries[hint.structure_id] != entries[hint.duplicate_id]
    ]


@dataclass
class SyncOutcome:
    run: ImportRun
    skipped_unchanged: int = 0
    transient: bool = False

    @property
    def succeeded(self) -> bool:
        return self.run.status == ImportStatus.SUCCEEDED


def sync(
    *,
    client: Client | None = None,
    departements: list[str] | None = None,
    full: bool = False,
) -> SyncOutcome | None:
    """Run one sync (see the module docstring); None when no token is configured. `full`:
    load every record, whatever its date (after a change of départements, for instance)."""
    if client is None:
        if not settings.DATA_INCLUSION_API_TOKEN:
            logger.info("data·inclusion sync disabled: DATA_INCLUSION_API_TOKEN is empty")
            return None
        client = Client.from_settings()
    departements = departements or served_departements()
    sources = list(getattr(settings, "DATA_INCLUSION_SOURCES", []))
    state = DataInclusionSync.current()
    since = None if full or state.since is None else timezone.localdate(state.since)
    run = ImportRun.objects.create(
        kind=ImportKind.DATA_INCLUSION,
        filename=_("API data·inclusion (%(departements)s)")
        % {"departements": ", ".join(departements)},
        departements=",".join(departements),
    )
    start(run)
    state.last_run = run
    state.last_attempt_at = run.started_at
    state.save(update_fields=["last_run", "last_attempt_at"])
    try:
        structures, services = fetch(client, departements, sources)
    except ApiError as error:
        fail(run, str(error))
        _record(state, run, {}, error=str(error))
        return SyncOutcome(run, transient=error.transient)
    finally:
        client.close()
    parsed = datainclusion.parse_records(structures, services, departements=set(departements))
    kept = {record.source_id for record in parsed.organisations}
    skipped = drop_unchanged(parsed, since)
    note = (
        _("%(n)s enregistrement(s) inchangé(s) depuis le %(date)s laissé(s) de côté.")
        % {"n": skipped, "date": since.strftime("%d/%m/%Y")}
        if since
        else ""
    )
    run = apply(run, parsed, unchanged=skipped, note=note)
    counts = {
        "structures": len(structures),
        "services": len(services),
        "skipped_unchanged": skipped,
        "created": run.created_count,
        "updated": run.updated_count,
        "errors": run.error_count,
    }
    if run.status != ImportStatus.SUCCEEDED:
        _record(state, run, counts, error=run.message)
        return SyncOutcome(run, skipped)
    with transaction.atomic():
        hints = store_duplicate_hints(structures, kept)
        pairs = directory_pairs(hints)
        for entry_a, entry_b in pairs:
            record_duplicate_hint(entry_a, entry_b, "data·inclusion")
        counts.update(duplicate_hints=len(hints), duplicate_pairs=len(pairs))
        _record(state, run, counts, error="", since=run.started_at)
    return SyncOutcome(run, skipped)


def _record(state: DataInclusionSync, run: ImportRun, counts: dict, *, error: str, since=None):
    state.last_run = run
    state.last_error = error
    state.counts = counts
    fields = ["last_run", "last_error", "counts"]
    if since is not None:
        state.since = since
        fields.append("since")
    state.save(update_fields=fields)

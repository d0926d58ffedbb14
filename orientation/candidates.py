"""The fast path of "Qui appeler ?" (issue #15 part 7): the same answers as
`selection.orient`, without loading every matching service on every request.

`selection.orient` is the reference: one query over the services that may match, a model
instance per service, an opening status per service (opening-hours-py parses each
expression). With a directory ten times the demo's, that was 1.5 s per page. Here:

- **Candidates per commune, kept in the process.** The services whose zone covers the commune
  (rule 1 of ranking.py, in SQL: the eligibility zone holds one of the commune's codes, or it
  is empty and the organisation is in the commune's département) are read once, as plain rows
  of the columns ranking needs (no model instances), and turned into `ranking.Candidate`s with
  `selection.candidate_for`, the reference's own function (the rows borrow `Service`'s own
  `covers` and `effective_*` properties, so the rules are the same code). `rank` then sees
  every service covering the commune; its eligibility rules are at least as strict as
  `selection.matching_filter` (that one only pre-filters what "may match"), so the answers
  are the same — tests/orientation/test_candidates.py compares both paths for every situation.
- **Invalidation.** Entries carry the directory's generation (a counter in the shared cache,
  moved on every save or delete of a service, an organisation or a commune — at once and
  again when the transaction commits, as core.pagecache does) and live `CANDIDATES_TIMEOUT`
  seconds at most (bulk `.update()` calls send no signal: geocoding writes coordinates that
  way). Without the shared cache (Redis down), nothing is kept: every request reads the rows.
- **Opening status per minute.** A status depends on the hours expression, the temporary
  closure and the minute: it is computed once per distinct (expression, closure, language)
  and minute, not once per service (the demo has 6 distinct expressions for 377 services).
  Within a minute the state and the next change do not move (OSM hours have minute
  resolution), so the label is the one `selection.status_of` gives.
- **Only the shown services are loaded as models** (≤ 12 per situation, one query), for the
  cards: names, contacts, organisation.

When `selection.candidate_for` reads a new field of a service or of its organisation, add
its column to `SERVICE_COLUMNS` / `ORGANISATION_COLUMNS` (a missing one raises
AttributeError; the comparison test covers every situation).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language

from core import cache as generations
from directory.models import Commune, Organisation, Service
from directory.opening import OpeningStatus, entry_status, to_paris

from .models import Situation
from .ranking import Candidate, Place, rank
from .selection import RESULTS_LIMIT, Result, candidate_for, need_for

GENERATION_KEY = "orientation:candidates:generation"
# Upper bound on what a write that sends no signal (queryset.update) can leave stale.
CANDIDATES_TIMEOUT = getattr(settings, "ORIENTATION_CANDIDATES_TIMEOUT", 60)
# Columns read for ranking (and for the opening status): see the module docstring.
SERVICE_COLUMNS = (
    "id",
    "name",
    "thematiques",
    "categories",
    "types",
    "publics",
    "reception_modes",
    "eligibility_zone",
    "latitude",
    "longitude",
    "opening_hours",
    "commune_id",
    "capacity",
    "capacity_until",
    "closed_from",
    "closed_until",
    "closure_message",
)
ORGANISATION_COLUMNS = (
    "id",
    "typology",
    "publics",
    "latitude",
    "longitude",
    "opening_hours",
    "closed_from",
    "closed_until",
    "closure_message",
    "commune_id",
)
STATUS_CACHE_SIZE = 4096


class _Row:
    """Attributes set from a dict of column values."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


class CommuneRow(_Row):
    pass


class OrganisationRow(_Row):
    """An organisation reduced to `ORGANISATION_COLUMNS` (+ `commune`)."""

    closures = Organisation.closures


class ServiceRow(_Row):
    """A service reduced to `SERVICE_COLUMNS` (+ `organisation`), with `Service`'s own
    derived attributes, so `selection.candidate_for` and `status_of` read it as a Service."""

    covers = Service.covers
    effective_publics = Service.effective_publics
    effective_opening_hours = Service.effective_opening_hours
    closures = Service.closures
    is_at_home = Service.is_at_home

    @property
    def pk(self) -> int:
        return self.id


def covering(commune) -> Q:
    """Services whose zone includes `commune` (`Service.covers` in SQL)."""
    stated = Q(eligibility_zone__overlap=commune.zone_codes)
    default = Q(eligibility_zone=[]) & (
        Q(organisation__commune__isnull=True)
        | Q(organisation__commune__departement_code=commune.departement_code)
    )
    return stated | default


def load_rows(commune) -> list[ServiceRow]:
    """The published services covering `commune`, as rows: one query, no model instances.
    Services the freshness ladder left out (`orientable`) are not candidates."""
    names = [f"organisation__{c}" for c in ORGANISATION_COLUMNS]
    queryset = (
        Service.objects.orientable()
        .filter(covering(commune))
        .values_list(*SERVICE_COLUMNS, *names, "organisation__commune__departement_code")
        .order_by("name", "id")  # the reference's order (Service.Meta), ties settled
    )
    service_count, organisation_count = len(SERVICE_COLUMNS), len(ORGANISATION_COLUMNS)
    organisations: dict[int, OrganisationRow] = {}
    rows = []
    for values in queryset:  # one fetch: a server-side cursor costs round trips
        service = dict(zip(SERVICE_COLUMNS, values[:service_count], strict=True))
        organisation_values = values[service_count : service_count + organisation_count]
        organisation = organisations.get(organisation_values[0])
        if organisation is None:
            fields = dict(zip(ORGANISATION_COLUMNS, organisation_values, strict=True))
            departement = values[-1]
            fields["commune"] = (
                CommuneRow({"departement_code": departement})
                if fields["commune_id"] is not None
                else None
            )
            organisation = organisations[fields["id"]] = OrganisationRow(fields)
        service["organisation"] = organisation
        row = ServiceRow(service)
        row.hours_key = _hours_key(row)
        rows.append(row)
    return rows


# --- opening status per minute -----------------------------------------------------------------
def _hours_key(row) -> tuple:
    return (row.effective_opening_hours, row.closures)


@lru_cache(maxsize=STATUS_CACHE_SIZE)
def _status(key: tuple, minute: datetime, language: str | None, now: datetime):
    """The status for `key` in `minute`. `now`, the first moment asked in that minute, is
    the same for every call of the minute (see `_moment`), so it adds nothing to the key."""
    expression, closures = key
    return entry_status(expression, now, closures)


_first_moment: dict[datetime, datetime] = {}


def _moment(now: datetime) -> tuple[datetime, datetime]:
    """(minute, the first moment seen in that minute)."""
    minute = to_paris(now).replace(second=0, microsecond=0)
    moment = _first_moment.get(minute)
    if moment is None:
        _first_moment.clear()  # one minute at a time
        moment = _first_moment.setdefault(minute, now)
    return minute, moment


def status_at(row, now: datetime) -> OpeningStatus | None:
    """`selection.status_of(row, now)`, computed once per distinct hours and minute."""
    minute, moment = _moment(now)
    return _status(_hours_key(row), minute, get_language(), moment)


# --- candidates per commune, per process -------------------------------------------------------
@dataclass
class _Entry:
    generation: object
    filled_at: float
    rows: dict[int, ServiceRow]
    # pk → (status, candidate): the candidate is rebuilt only when the status changes.
    candidates: dict[int, tuple[OpeningStatus | None, Candidate]] = field(default_factory=dict)


_entries: dict[tuple, _Entry] = {}


def current_generation():
    """The directory's generation, or None when the shared cache cannot say (keep nothing)."""
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, time.time_ns(), None)
            generation = cache.get(GENERATION_KEY)
    except Exception:  # Redis down: the page still answers, from the database
        return None
    return generation


def bump_generation() -> None:
    generations.bump_generation(cache, GENERATION_KEY)


def directory_changed(sender, **kwargs) -> None:
    """post_save / post_delete of Service, Organisation, Commune (orientation.apps)."""
    # Now (a request racing the transaction may keep old rows: moved again below), and once
    # the transaction commits.
    bump_generation()
    transaction.on_commit(bump_generation)


WATCHED_MODELS = (Service, Organisation, Commune)


def forget() -> None:
    """Drop every entry of this process (tests)."""
    _entries.clear()
    _status.cache_clear()
    _first_moment.clear()


def _entry(commune) -> _Entry:
    generation = current_generation()
    key = (commune.pk, tuple(commune.zone_codes))
    entry = _entries.get(key)
    fresh = (
        entry is not None
        and generation is not None
        and entry.generation == generation
        and time.monotonic() - entry.filled_at < CANDIDATES_TIMEOUT
    )
    if not fresh:
        rows = {row.id: row for row in load_rows(commune)}
        entry = _Entry(generation, time.monotonic(), rows)
        if generation is not None:
            _entries[key] = entry
    return entry


def candidates_for(commune, now: datetime) -> tuple[list[Candidate], dict, dict]:
    """(candidates, statuses by pk, rows by pk) of the services covering `commune`."""
    entry = _entry(commune)
    minute, moment = _moment(now)
    language = get_language()
    by_hours: dict[tuple, OpeningStatus | None] = {}
    candidates, statuses = [], {}
    memo = entry.candidates
    for pk, row in entry.rows.items():
        try:
            status = by_hours[row.hours_key]
        except KeyError:
            status = by_hours[row.hours_key] = _status(row.hours_key, minute, language, moment)
        statuses[pk] = status
        known = memo.get(pk)
        if known is not None and known[0] == status:
            candidate = known[1]
        else:
            candidate = candidate_for(row, commune, status)
            memo[pk] = (status, candidate)
        candidates.append(candidate)
    return candidates, statuses, entry.rows


def orient(
    situations: list[Situation],
    commune,
    place: Place,
    *,
    age_group: str = "",
    limit: int | None = RESULTS_LIMIT,
    now: datetime | None = None,
    open_now: bool = False,
) -> dict[int, list[Result]]:
    """`selection.orient`, answered from the per-commune candidates (same results)."""
    now = now or timezone.now()
    needs = {situation.pk: need_for(situation, age_group) for situation in situations}
    for attempt in range(2):
        candidates, statuses, _rows = candidates_for(commune, now)
        if open_now:  # « Ouvert maintenant »: the others are not candidates at all
            candidates = [candidate for candidate in candidates if candidate.open_now]
        ranked = {pk: rank(need, place, candidates, limit=limit) for pk, need in needs.items()}
        shown = {r.candidate.key for results in ranked.values() for r in results}
        services = Service.objects.filter(pk__in=shown).select_related(
            "organisation", "organisation__commune", "commune"
        )
        by_pk = {service.pk: service for service in services}
        if len(by_pk) == len(shown) or attempt:
            break
        # Rows deleted without a signal (raw SQL, a rolled-back transaction): read afresh.
        forget()
    return {
        pk: [
            Result(by_pk[r.candidate.key], r, statuses[r.candidate.key])
            for r in results
            if r.candidate.key in by_pk
        ]
        for pk, results in ranked.items()
    }

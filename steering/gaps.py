"""The gap map (issue #18, item 3): where « Qui appeler ? » has too few answers.

For every situation (but the emergency-only ones, whose answer is the emergency numbers) and
every commune of the territory, the number of *relevant answers near enough*:

- **relevant** is the orientation's own rule, not another: the services `orientation.
  candidates` reads for the commune (published, not left out by the freshness ladder, their
  zone covering the commune), turned into `ranking.Candidate`s by the same code, and kept when
  `ranking.is_eligible` holds for the situation's need (no age group asked);
- **near enough**: a service whose stated zone names the commune, or that comes to the home,
  always counts; any other counts when it stands within `GAP_DISTANCE_KM` of the commune's
  centre (a service without a known place is not counted as near: nobody can tell).

A *gap* is a situation × commune with fewer than `GAP_MIN_ANSWERS` such answers.

Cost and cache: the counts of every served commune × every situation are computed in one
pass (one candidate read per commune, the one `orientation.candidates` keeps anyway, then pure
Python) and kept in the shared cache under the directory's generation (moved by every save or
delete of a service, an organisation or a commune) and a fingerprint of the situations' rules
and the settings; `GAP_CACHE_TIMEOUT` bounds what writes without a signal (bulk updates) can
leave stale. A computation takes about a second for the demo's 39 communes × 20 situations
on a loaded machine (then 1 ms from the cache); without Redis every page computes afresh.
No table, no beat task: the page reads what the orientation reads.

The counters (`core.counters`) tell how often people *met* a gap: the orientations shown with
fewer than `GAP_MIN_ANSWERS` answers, per situation × commune over a period, and the search
terms that found nothing (they carry no commune: they are the whole site's)."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import IntegerField, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from core.models import DailyCounter
from directory.models import Commune
from orientation import candidates
from orientation.models import Situation
from orientation.ranking import Candidate, Need, Place, distance_km, is_eligible
from orientation.selection import need_for, place_for

logger = logging.getLogger(__name__)

CACHE_PREFIX = "steering:gaps"


def distance_limit_km() -> float:
    return float(getattr(settings, "GAP_DISTANCE_KM", 5.0))


def minimum_answers() -> int:
    return int(getattr(settings, "GAP_MIN_ANSWERS", 3))


def cache_timeout() -> int:
    return int(getattr(settings, "GAP_CACHE_TIMEOUT", 600))


# --- Pure rules ------------------------------------------------------------------------------
def is_near(place: Place, candidate: Candidate, limit_km: float) -> bool:
    """Does this answer serve people of `place`? Its zone names the commune, it comes to the
    home, or it stands within `limit_km` of the place."""
    if candidate.covers_place is True or candidate.comes_home:
        return True
    if None in (place.latitude, place.longitude, candidate.latitude, candidate.longitude):
        return False
    km = distance_km(place.latitude, place.longitude, candidate.latitude, candidate.longitude)
    return km <= limit_km


def relevant_answers(
    need: Need, place: Place, candidates_: Iterable[Candidate], limit_km: float
) -> int:
    """How many of `candidates_` « Qui appeler ? » would propose for `need` near `place`."""
    return sum(1 for c in candidates_ if is_eligible(need, c) and is_near(place, c, limit_km))


# --- Counts for the territory, cached --------------------------------------------------------
def gap_situations() -> list[Situation]:
    """The situations a service can answer (not those answered by emergency numbers only)."""
    return [s for s in Situation.objects.all() if not s.emergency_only]


def _fingerprint(situations: list[Situation], communes: list[Commune]) -> str:
    rules = [
        (
            s.pk,
            sorted(s.thematiques),
            sorted(s.typologies),
            list(s.primary_typologies),
            sorted(s.publics),
            s.prefers_at_home,
        )
        for s in situations
    ]
    text = json.dumps([rules, [c.pk for c in communes], distance_limit_km()], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def compute_counts(
    situations: list[Situation], communes: list[Commune], now: datetime.datetime | None = None
) -> dict[tuple[int, int], int]:
    """(situation pk, commune pk) → relevant answers near enough, computed now."""
    now = now or timezone.now()
    limit_km = distance_limit_km()
    needs = {situation.pk: need_for(situation) for situation in situations}
    counts = {}
    for commune in communes:
        commune_candidates, _statuses, _rows = candidates.candidates_for(commune, now)
        place = place_for(commune)
        for pk, need in needs.items():
            counts[(pk, commune.pk)] = relevant_answers(need, place, commune_candidates, limit_km)
    return counts


def answer_counts(
    situations: list[Situation], communes: list[Commune]
) -> dict[tuple[int, int], int]:
    """`compute_counts` for these situations and communes, from the shared cache when the
    directory has not changed since (see the module docstring)."""
    generation = candidates.current_generation()
    if generation is None:  # no shared cache: nothing can tell when to forget
        return compute_counts(situations, communes)
    key = f"{CACHE_PREFIX}:{generation}:{_fingerprint(situations, communes)}"
    try:
        stored = cache.get(key)
    except Exception:  # Redis went away meanwhile: compute
        stored = None
    if stored is not None:
        return stored
    counts = compute_counts(situations, communes)
    try:
        cache.set(key, counts, cache_timeout())
    except Exception:  # the page still answers; the next one computes again
        logger.warning("gap map: could not cache the counts", exc_info=True)
    return counts


# --- What people met (the counters) ----------------------------------------------------------
def gaps_met(
    start: datetime.date, end: datetime.date, commune_codes: Iterable[str]
) -> dict[tuple[str, str], int]:
    """(situation slug, commune INSEE code) → orientations shown between `start` and `end`
    (included) with fewer than `GAP_MIN_ANSWERS` answers, in these communes."""
    rows = (
        DailyCounter.objects.filter(
            metric="orientation",
            day__range=(start, end),
            dimensions__commune__in=list(commune_codes),
        )
        .alias(answers=Cast(KT("dimensions__answers"), IntegerField()))
        .filter(answers__lt=minimum_answers())
        .values(situation=KT("dimensions__situation"), commune=KT("dimensions__commune"))
        .annotate(total=Sum("value"))
    )
    return {(row["situation"], row["commune"]): row["total"] for row in rows}


@dataclass(frozen=True)
class TermCount:
    term: str
    total: int


def zero_result_terms(start: datetime.date, end: datetime.date, limit: int = 50) -> list:
    """The normalised search terms that found nothing, most frequent first."""
    rows = (
        DailyCounter.objects.filter(metric="search_zero_result_term", day__range=(start, end))
        .values(term=KT("dimensions__term"))
        .annotate(total=Sum("value"))
        .order_by("-total", "term")[:limit]
    )
    return [TermCount(row["term"], row["total"]) for row in rows]


def zero_result_searches(start: datetime.date, end: datetime.date) -> int:
    """Searches with no result in the period (the counter carries no commune)."""
    total = DailyCounter.objects.filter(
        metric="search_zero_result", day__range=(start, end)
    ).aggregate(total=Sum("value"))["total"]
    return total or 0


# --- The table ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Gap:
    situation: Situation
    commune: Commune
    answers: int
    met: int  # orientations shown in the period with too few answers


@dataclass(frozen=True)
class CommuneGaps:
    commune: Commune
    gaps: int


def territory_communes(scope: frozenset[str] | None) -> list[Commune]:
    """The served communes of a territory (`accounts.roles.moderated_departements`: None is
    everywhere), by name."""
    communes = Commune.objects.served()
    if scope is not None:
        communes = communes.filter(departement_code__in=sorted(scope))
    return list(communes.order_by("name", "insee_code"))


def find_gaps(
    situations: list[Situation],
    communes: list[Commune],
    start: datetime.date,
    end: datetime.date,
) -> list[Gap]:
    """The gaps among these situations × communes (served communes, situations of
    `gap_situations`), those people met most often first, then the emptiest, then by commune
    and situation."""
    # One cached computation for every served commune and situation, whoever asks.
    counts = answer_counts(gap_situations(), territory_communes(None))
    met = gaps_met(start, end, [commune.insee_code for commune in communes])
    minimum = minimum_answers()
    gaps = [
        Gap(situation, commune, answers, met.get((situation.slug, commune.insee_code), 0))
        for commune in communes
        for situation in situations
        if (answers := counts[(situation.pk, commune.pk)]) < minimum
    ]
    order = {situation.pk: index for index, situation in enumerate(situations)}
    gaps.sort(key=lambda g: (-g.met, g.answers, g.commune.name, order[g.situation.pk]))
    return gaps


def gaps_per_commune(gaps: list[Gap], communes: list[Commune]) -> list[CommuneGaps]:
    """Each commune with its number of gaps (communes without any included), by name."""
    totals = {commune.pk: 0 for commune in communes}
    for gap in gaps:
        totals[gap.commune.pk] = totals.get(gap.commune.pk, 0) + 1
    return [CommuneGaps(commune, totals[commune.pk]) for commune in communes]

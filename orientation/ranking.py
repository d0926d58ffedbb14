"""Which services to propose for a situation at a place, in which order, and why.

Plain Python over dataclasses, without Django, so that the rules are read and tested on
their own (tests/orientation/test_ranking.py). The view turns directory services into
`Candidate`s, the moderators' `Situation` into a `Need`, and renders the `Reason`s in French.

Rules, in order:
1. a service whose eligibility zone excludes the place is never proposed;
2. a service must match the situation by thematique or by typology;
3. a service for seniors only is not proposed for someone under 60;
4. when the situation prefers at-home help, services that come to the home come first;
5. then by score (typology, thematiques, publics, zone, distance, open now), then by distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

# Same values as directory.vocabularies.AT_HOME and data·inclusion's Public (checked by a test).
AT_HOME = "a-domicile"
SENIORS = "seniors"
ALL_PUBLICS = "tous-publics"

TYPOLOGY_POINTS = 30
THEMATIQUE_POINTS = 30
EXTRA_THEMATIQUE_POINTS = 5
MAX_EXTRA_THEMATIQUES = 2
PUBLIC_POINTS = 10
SENIOR_AGE_POINTS = 10
COVERS_POINTS = 15
AT_HOME_POINTS = 20
DISTANCE_POINTS = 15
DISTANCE_HORIZON_KM = 10.0
OPEN_NOW_POINTS = 5

EARTH_RADIUS_KM = 6371.0088


class AgeGroup(StrEnum):
    """The only thing ever asked about the person, and only optionally."""

    UNDER_60 = "moins-de-60"
    FROM_60_TO_74 = "60-74"
    FROM_75 = "75-et-plus"


SENIOR_AGE_GROUPS = frozenset({AgeGroup.FROM_60_TO_74, AgeGroup.FROM_75})


@dataclass(frozen=True)
class Need:
    """What the situation calls for."""

    thematiques: frozenset[str] = frozenset()
    typologies: frozenset[str] = frozenset()
    publics: frozenset[str] = frozenset()
    prefers_at_home: bool = False
    age_group: AgeGroup | None = None


@dataclass(frozen=True)
class Place:
    """Where the person lives: a commune (its name for "couvre …") and a point if known."""

    label: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Candidate:
    """A published service, reduced to what ranking needs.

    `covers_place`: True when its eligibility zone includes the place, False when the zone
    excludes it, None when the service states no zone."""

    key: int
    name: str
    thematiques: frozenset[str] = frozenset()
    typology: str = ""
    publics: frozenset[str] = frozenset()
    modes_accueil: frozenset[str] = frozenset()
    covers_place: bool | None = None
    latitude: float | None = None
    longitude: float | None = None
    open_now: bool | None = None

    @property
    def comes_home(self) -> bool:
        return AT_HOME in self.modes_accueil


class ReasonKind(StrEnum):
    TYPOLOGY = "typology"
    THEMATIQUE = "thematique"
    PUBLIC = "public"
    AT_HOME = "at_home"
    COVERS = "covers"
    DISTANCE = "distance"
    OPEN_NOW = "open_now"


@dataclass(frozen=True)
class Reason:
    """Why a service is proposed; `value` is a slug, a place name or kilometres."""

    kind: ReasonKind
    value: str | float = ""


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: int
    reasons: tuple[Reason, ...]
    distance_km: float | None
    at_home_first: bool


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); a few metres off at most at this scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _distance(place: Place, candidate: Candidate) -> float | None:
    if None in (place.latitude, place.longitude, candidate.latitude, candidate.longitude):
        return None
    return distance_km(place.latitude, place.longitude, candidate.latitude, candidate.longitude)


def is_eligible(need: Need, candidate: Candidate) -> bool:
    """Rules 1–3: may this service be proposed at all?"""
    if candidate.covers_place is False:
        return False
    if not (need.thematiques & candidate.thematiques or candidate.typology in need.typologies):
        return False
    seniors_only = candidate.publics == {SENIORS}
    return not (seniors_only and need.age_group == AgeGroup.UNDER_60)


def score(need: Need, place: Place, candidate: Candidate) -> Ranked:
    """Score one eligible candidate and say why it is proposed."""
    points = 0
    reasons: list[Reason] = []
    if candidate.typology and candidate.typology in need.typologies:
        points += TYPOLOGY_POINTS
        reasons.append(Reason(ReasonKind.TYPOLOGY, candidate.typology))
    matched = sorted(need.thematiques & candidate.thematiques)
    if matched:
        extra = min(len(matched) - 1, MAX_EXTRA_THEMATIQUES)
        points += THEMATIQUE_POINTS + extra * EXTRA_THEMATIQUE_POINTS
        reasons.extend(Reason(ReasonKind.THEMATIQUE, slug) for slug in matched)
    publics = sorted((need.publics & candidate.publics) - {ALL_PUBLICS})
    if need.age_group in SENIOR_AGE_GROUPS and SENIORS in candidate.publics:
        points += SENIOR_AGE_POINTS
        if SENIORS not in publics:
            publics.append(SENIORS)
    if publics:
        points += PUBLIC_POINTS
        reasons.extend(Reason(ReasonKind.PUBLIC, slug) for slug in publics)
    at_home_first = need.prefers_at_home and candidate.comes_home
    if candidate.comes_home:
        if need.prefers_at_home:
            points += AT_HOME_POINTS
        reasons.append(Reason(ReasonKind.AT_HOME))
    if candidate.covers_place:
        points += COVERS_POINTS
        reasons.append(Reason(ReasonKind.COVERS, place.label))
    km = _distance(place, candidate)
    if km is not None:
        points += round(DISTANCE_POINTS * max(0.0, 1 - km / DISTANCE_HORIZON_KM))
        reasons.append(Reason(ReasonKind.DISTANCE, round(km, 1)))
    if candidate.open_now:
        points += OPEN_NOW_POINTS
        reasons.append(Reason(ReasonKind.OPEN_NOW))
    return Ranked(candidate, points, tuple(reasons), km, at_home_first)


def _sort_key(ranked: Ranked) -> tuple:
    distance = ranked.distance_km if ranked.distance_km is not None else math.inf
    return (not ranked.at_home_first, -ranked.score, distance, ranked.candidate.name.casefold())


def rank(
    need: Need, place: Place, candidates: list[Candidate], limit: int | None = None
) -> list[Ranked]:
    """The eligible candidates, best first, each with its reasons."""
    ranked = [score(need, place, c) for c in candidates if is_eligible(need, c)]
    ranked.sort(key=_sort_key)
    return ranked[:limit] if limit is not None else ranked

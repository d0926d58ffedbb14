"""Which services to propose for a situation at a place, in which order, and why.

Plain Python over dataclasses, without Django, so that the rules are read and tested on
their own (tests/orientation/test_ranking.py). The view turns directory services into
`Candidate`s, the moderators' `Situation` into a `Need`, and renders the `Reason`s in French.

A service is relevant by what the service itself does, not by its organisation's type alone.
A situation declares its *primary answers* (ordered kinds of structures: incurie → CMP, EMPP,
CCAS…), *secondary* kinds and national thematiques.

Rules, in order:
1. a service whose eligibility zone excludes the place is never proposed;
2. a service for seniors only is not proposed for someone under 60;
3. a *broad* kind of organisation (`BROAD_TYPOLOGIES`: CCAS, CDAS, associations, mairies,
   France Services, CAF…) never matches on its own: its service must also share a thematique
   with the situation (the CCAS "Accueil et aides sociales" answers rent arrears, its
   "Portage de repas" does not). A *specialised* kind (CMP, EMPP, SCHS, ADIL, CSAPA…) matches
   on its own when the situation names it;
4. relevance tiers, best first (`Tier`):
   primary kind + matching thematique > primary kind alone (specialised) >
   secondary kind + matching thematique > secondary kind alone (specialised) or thematique
   only; a service matching nothing is not proposed;
5. services that are *unavailable* — capacity "complet" or organisation closed for a period —
   go below the available services of the *same* tier (never a tier down: a full CMP is still
   a better answer to incurie than a home-help company), with the reason shown;
6. within a tier (and availability), one service of each kind before a second of the same
   kind (eight home-help companies do not hide the CMP); then, when the situation prefers
   at-home help, services that come to the home first; then by score (rank of the kind among
   the primary answers, thematiques, publics, zone, distance, open now), by distance, by name.
   Coming to the home, distance and opening hours never lift a service above a more relevant
   tier.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum, StrEnum

# Same values as directory.vocabularies.AT_HOME and data·inclusion's Public (checked by a test).
AT_HOME = "a-domicile"
SENIORS = "seniors"
ALL_PUBLICS = "tous-publics"

# Kinds of organisations that do many things: they match a situation only through what the
# service does (its thematiques). Values of directory.vocabularies.Typology (checked by a test).
BROAD_TYPOLOGIES = frozenset(
    {
        "",
        "ASSO",
        "BAILLEUR",
        "CAF",
        "CARSAT",
        "CCAS",
        "CDAS",
        "CIAS",
        "CPAM",
        "CS",
        "DEPT",
        "ESS",
        "FS",
        "MAIRIE",
        "MDPH",
        "PIMMS",
        "PROJET",
    }
)

# Capacity of a service (same values as directory.vocabularies.Capacity, checked by a test).
CAPACITY_OPEN = "accepte"
CAPACITY_WAITING = "attente"
CAPACITY_FULL = "complet"

PRIMARY_ORDER_POINTS = (8, 6, 4, 2)  # first, second, third, fourth primary answer; then 0
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


class Tier(IntEnum):
    """How relevant a service is to a situation (rule 4); higher is better."""

    NONE = 0
    SECONDARY_OR_THEMATIQUE = 1
    SECONDARY_AND_THEMATIQUE = 2
    PRIMARY = 3
    PRIMARY_AND_THEMATIQUE = 4


@dataclass(frozen=True)
class Need:
    """What the situation calls for. `primary_typologies` is ordered (first is best)."""

    thematiques: frozenset[str] = frozenset()
    typologies: frozenset[str] = frozenset()
    primary_typologies: tuple[str, ...] = ()
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
    excludes it, None when the service states no zone. `capacity`: one of the CAPACITY_*
    values or "" (not stated); `waiting_until` an ISO date for a waiting list. `closed_until`:
    "" when open, else the ISO date the organisation's temporary closure ends ("-" when no
    end date is known)."""

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
    capacity: str = ""
    waiting_until: str = ""
    closed_until: str = ""

    @property
    def comes_home(self) -> bool:
        return AT_HOME in self.modes_accueil

    @property
    def is_broad(self) -> bool:
        return self.typology in BROAD_TYPOLOGIES

    @property
    def available(self) -> bool:
        """Rule 5: neither full nor closed for a period."""
        return self.capacity != CAPACITY_FULL and not self.closed_until


class ReasonKind(StrEnum):
    PRIMARY = "primary"  # value: the typology, one of the situation's primary answers
    TYPOLOGY = "typology"  # value: the typology, a secondary answer
    THEMATIQUE = "thematique"
    PUBLIC = "public"
    AT_HOME = "at_home"
    COVERS = "covers"
    DISTANCE = "distance"
    OPEN_NOW = "open_now"
    WAITING_LIST = "waiting_list"  # value: ISO date or ""
    FULL = "full"
    CLOSED = "closed"  # value: ISO date the closure ends, or "-"


@dataclass(frozen=True)
class Reason:
    """Why a service is proposed (or ranked lower); `value` is a slug, a place name,
    kilometres or an ISO date."""

    kind: ReasonKind
    value: str | float = ""


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    tier: Tier
    score: int
    reasons: tuple[Reason, ...]
    distance_km: float | None
    at_home_first: bool

    @property
    def available(self) -> bool:
        return self.candidate.available


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


def tier(need: Need, candidate: Candidate) -> Tier:
    """Rules 3–4: how relevant the service is, by what it does."""
    themed = bool(need.thematiques & candidate.thematiques)
    kind = candidate.typology
    if kind and kind in need.primary_typologies:
        if themed:
            return Tier.PRIMARY_AND_THEMATIQUE
        return Tier.NONE if candidate.is_broad else Tier.PRIMARY
    if kind and kind in need.typologies:
        if themed:
            return Tier.SECONDARY_AND_THEMATIQUE
        return Tier.NONE if candidate.is_broad else Tier.SECONDARY_OR_THEMATIQUE
    return Tier.SECONDARY_OR_THEMATIQUE if themed else Tier.NONE


def is_eligible(need: Need, candidate: Candidate) -> bool:
    """Rules 1–3: may this service be proposed at all?"""
    if candidate.covers_place is False:
        return False
    seniors_only = candidate.publics == {SENIORS}
    if seniors_only and need.age_group == AgeGroup.UNDER_60:
        return False
    return tier(need, candidate) > Tier.NONE


def score(need: Need, place: Place, candidate: Candidate) -> Ranked:
    """Score one eligible candidate and say why it is proposed."""
    points = 0
    reasons: list[Reason] = []
    relevance = tier(need, candidate)
    if relevance in (Tier.PRIMARY, Tier.PRIMARY_AND_THEMATIQUE):
        position = need.primary_typologies.index(candidate.typology)
        if position < len(PRIMARY_ORDER_POINTS):
            points += PRIMARY_ORDER_POINTS[position]
        reasons.append(Reason(ReasonKind.PRIMARY, candidate.typology))
    elif candidate.typology and candidate.typology in need.typologies:
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
    if candidate.closed_until:
        reasons.append(Reason(ReasonKind.CLOSED, candidate.closed_until))
    if candidate.capacity == CAPACITY_FULL:
        reasons.append(Reason(ReasonKind.FULL))
    elif candidate.capacity == CAPACITY_WAITING:
        reasons.append(Reason(ReasonKind.WAITING_LIST, candidate.waiting_until))
    return Ranked(candidate, relevance, points, tuple(reasons), km, at_home_first)


def sort_key(ranked: Ranked) -> tuple:
    """Rules 4–6 without the one-per-kind round: tier, availability, at-home, score,
    distance and name."""
    distance = ranked.distance_km if ranked.distance_km is not None else math.inf
    return (
        -ranked.tier,
        not ranked.available,
        not ranked.at_home_first,
        -ranked.score,
        distance,
        ranked.candidate.name.casefold(),
        ranked.candidate.key,
    )


def rank(
    need: Need, place: Place, candidates: list[Candidate], limit: int | None = None
) -> list[Ranked]:
    """The eligible candidates, best first, each with its reasons."""
    ranked = sorted(
        (score(need, place, c) for c in candidates if is_eligible(need, c)), key=sort_key
    )
    # Rule 6: the n-th service of a kind goes after the (n-1)-th of every other kind, within
    # its tier and availability (a stable sort keeps the order above otherwise).
    seen: dict[tuple, int] = {}
    rounds: dict[int, int] = {}
    for item in ranked:
        group = (item.tier, item.available, item.candidate.typology)
        rounds[id(item)] = seen.get(group, 0)
        seen[group] = rounds[id(item)] + 1
    ranked.sort(key=lambda item: (-item.tier, not item.available, rounds[id(item)]))
    return ranked[:limit] if limit is not None else ranked

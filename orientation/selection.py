"""From the database to the pure ranking and back: load candidate services in one query,
turn them into `ranking.Candidate`s, and the ranked results into what templates show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from directory.models import Service
from directory.opening import (
    OpeningState,
    OpeningStatus,
    entry_status,
    temporary_closure_status,
)
from directory.vocabularies import CATEGORY_THEMATIQUES, thematiques_for

from .models import Situation
from .ranking import BROAD_TYPOLOGIES, AgeGroup, Candidate, Need, Place, Ranked, rank

RESULTS_LIMIT = 12


def need_for(situation: Situation, age_group: str = "") -> Need:
    return Need(
        thematiques=frozenset(situation.thematiques),
        typologies=frozenset(situation.typologies),
        primary_typologies=tuple(situation.primary_typologies),
        publics=frozenset(situation.publics),
        prefers_at_home=situation.prefers_at_home,
        age_group=AgeGroup(age_group) if age_group else None,
    )


def place_for(commune, latitude: float | None = None, longitude: float | None = None) -> Place:
    """A place in `commune`, at the given point or else at the commune's centre."""
    if latitude is None or longitude is None:
        latitude, longitude = commune.latitude, commune.longitude
    return Place(label=commune.name, latitude=latitude, longitude=longitude)


def matching_filter(needs: Iterable[Need]) -> Q:
    """Services that may match any of `needs` by thematique (own or through a category) or
    by the specialised typology of their organisation (a broad one matches only through a
    thematique). Zone, publics and tiers are checked in Python (ranking.py)."""
    thematiques: set[str] = set()
    typologies: set[str] = set()
    for need in needs:
        thematiques |= need.thematiques
        typologies |= need.typologies | set(need.primary_typologies)
    typologies -= BROAD_TYPOLOGIES
    categories = [
        category for category, slugs in CATEGORY_THEMATIQUES.items() if thematiques & set(slugs)
    ]
    query = Q(pk__in=[])
    if thematiques:
        query |= Q(thematiques__overlap=sorted(thematiques))
    if categories:
        query |= Q(categories__overlap=sorted(categories))
    if typologies:
        query |= Q(organisation__typology__in=sorted(typologies))
    return query


def load_services(needs: Iterable[Need]) -> list[Service]:
    """Published services of published organisations that may match, not left out by the
    freshness ladder (`orientable`): one query."""
    return list(
        Service.objects.orientable()
        .filter(matching_filter(list(needs)))
        .select_related("organisation", "organisation__commune", "commune")
    )


def _coordinates(service: Service) -> tuple[float | None, float | None]:
    if service.latitude is not None and service.longitude is not None:
        return service.latitude, service.longitude
    return service.organisation.latitude, service.organisation.longitude


def status_of(service: Service, now: datetime) -> OpeningStatus | None:
    return entry_status(service.effective_opening_hours, now, service.closures)


def candidate_for(service: Service, commune, status: OpeningStatus | None) -> Candidate:
    latitude, longitude = _coordinates(service)
    return Candidate(
        key=service.pk,
        name=service.name,
        thematiques=frozenset(thematiques_for(service.categories, service.thematiques)),
        typology=service.organisation.typology,
        publics=frozenset(service.effective_publics),
        modes_accueil=frozenset(service.reception_modes),
        covers_place=_covers(service, commune),
        latitude=latitude,
        longitude=longitude,
        open_now=status.is_open if status is not None else None,
        capacity=service.capacity,
        waiting_until=service.capacity_until.isoformat() if service.capacity_until else "",
        closed_until=_closed_until(service, status),
    )


def _closed_until(service: Service, status: OpeningStatus | None) -> str:
    """The ISO date a temporary closure in force ends, "-" if it has no end, "" if open."""
    if status is None or status.state != OpeningState.TEMPORARILY_CLOSED:
        return ""
    today = timezone.localdate()
    dated = [(start, end) for start, end, _message in service.closures if start or end]
    # The closure in force today (the service's first), else the first one with dates.
    in_force = [(start, end) for start, end in dated if temporary_closure_status(today, start, end)]
    _start, until = (in_force or dated or [(None, None)])[0]
    return until.isoformat() if until else "-"


def _covers(service: Service, commune) -> bool | None:
    """True/False when the service states a zone; None when it relies on the default
    (its département), which is not worth a "couvre …" reason but still excludes."""
    covered = service.covers(commune)
    if not service.eligibility_zone and covered:
        return None
    return covered


@dataclass
class Result:
    """A ranked service with what the templates need."""

    service: Service
    ranked: Ranked
    status: OpeningStatus | None
    is_favourite: bool = False

    @property
    def reasons(self):
        return self.ranked.reasons


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
    """Ranked results per situation (by pk), from a single query over services."""
    now = now or timezone.now()
    needs = {situation.pk: need_for(situation, age_group) for situation in situations}
    services = load_services(needs.values())
    statuses = {service.pk: status_of(service, now) for service in services}
    by_pk = {service.pk: service for service in services}
    candidates = [candidate_for(s, commune, statuses[s.pk]) for s in services]
    if open_now:  # « Ouvert maintenant »: the others are not candidates at all
        candidates = [candidate for candidate in candidates if candidate.open_now]
    results: dict[int, list[Result]] = {}
    for situation_pk, need in needs.items():
        results[situation_pk] = [
            Result(by_pk[ranked.candidate.key], ranked, statuses[ranked.candidate.key])
            for ranked in rank(need, place, candidates, limit=limit)
        ]
    return results

"""Matching premises and project needs: pure functions over plain dataclasses.

No ORM and no Celery here (`offers.services` loads the facts and stores the results).

Hard constraints, all required for a match:
- usage: the premises allow at least one of the usages the project needs (a need listing no
  usage accepts any);
- zone: the premises' commune is one of the communes sought, or the premises lie within the
  radius around the need's centre (great-circle distance, `haversine_km`);
- dates: the premises' availability window overlaps the project's occupation window;
- accessibility: PMR-accessible premises when the project requires it;
- rent: rent + charges at most the budget plus `BUDGET_TOLERANCE` (10 %): a slightly dearer
  place is worth showing, the holders negotiate;
- surface: at least `SURFACE_FLOOR` (70 %) of the minimum surface asked — a much smaller place
  cannot host the project whatever its other merits.

Then a 0–100 score weighs how well it fits (see `WEIGHTS`), with human reasons in French.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext

from .vocabularies import Usage

BUDGET_TOLERANCE = Decimal("0.10")
SURFACE_FLOOR = 0.7
# Beyond this delay between the wished start and the availability, the date scores 0.
DATE_HORIZON_DAYS = 180
WEIGHTS = {"surface": 35, "distance": 25, "rent": 25, "date": 15}
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class PremisesFacts:
    id: int
    commune_code: str
    latitude: float | None
    longitude: float | None
    surface: int
    monthly_cost: Decimal  # rent + charges; 0 when free of charge
    free_of_charge: bool
    usages: frozenset[str]
    available_from: date
    available_until: date | None
    pmr_accessible: bool


@dataclass(frozen=True)
class NeedFacts:
    id: int
    usages: frozenset[str]
    zone_codes: frozenset[str]
    latitude: float | None
    longitude: float | None
    radius_km: float | None
    center_code: str | None
    surface_min: int
    surface_max: int
    budget_max: Decimal | None
    accessibility_required: bool
    start_date: date
    end_date: date | None


def _number(value) -> str:
    """French thousands grouping with a no-break space: 1 000, 12 500."""
    value = Decimal(value)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def _km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Reason:
    """Why a pair fits, stored as (code, params) and rendered in the reader's language."""

    code: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        p = self.params
        if self.code == "same_commune":
            return gettext("même commune")
        if self.code == "in_zone":
            return gettext("dans une commune recherchée")
        if self.code == "distance":
            return gettext("à %(km)s km (rayon de %(radius)s km)") % {
                "km": _km(p["km"]),
                "radius": _km(p["radius"]),
            }
        if self.code == "surface":
            return gettext("%(surface)s m² pour %(min)s–%(max)s m² demandés") % {
                "surface": _number(p["surface"]),
                "min": _number(p["min"]),
                "max": _number(p["max"]),
            }
        if self.code == "pmr":
            return gettext("accessible PMR")
        if self.code == "free":
            return gettext("mis à disposition gratuitement")
        if self.code == "rent":
            return gettext("loyer %(rent)s € ≤ budget %(budget)s €") % {
                "rent": _number(p["rent"]),
                "budget": _number(p["budget"]),
            }
        if self.code == "rent_tolerance":
            return gettext("loyer %(rent)s €, un peu au-dessus du budget %(budget)s €") % {
                "rent": _number(p["rent"]),
                "budget": _number(p["budget"]),
            }
        if self.code == "available":
            return gettext("disponible à la date souhaitée")
        if self.code == "available_later":
            return gettext("disponible le %(date)s") % {
                "date": date_format(date.fromisoformat(p["date"]), "SHORT_DATE_FORMAT")
            }
        if self.code == "usages":
            labels = dict(Usage.choices)
            names = ", ".join(str(labels.get(code, code)) for code in p["usages"])
            return gettext("usages compatibles : %(usages)s") % {"usages": names}
        return self.code

    def to_json(self) -> dict:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_json(cls, data: dict) -> Reason:
        return cls(code=data["code"], params=data.get("params", {}))


@dataclass(frozen=True)
class Evaluation:
    """The outcome for one pair: `failed` lists the hard constraints not met."""

    failed: tuple[str, ...]
    score: int = 0
    reasons: tuple[Reason, ...] = ()

    @property
    def is_match(self) -> bool:
        return not self.failed


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two WGS84 points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _distance_km(premises: PremisesFacts, need: NeedFacts) -> float | None:
    if None in (premises.latitude, premises.longitude, need.latitude, need.longitude):
        return None
    return haversine_km(premises.latitude, premises.longitude, need.latitude, need.longitude)


def budget_ceiling(budget: Decimal) -> Decimal:
    return budget * (1 + BUDGET_TOLERANCE)


def _surface_fit(surface: int, low: int, high: int) -> float:
    if low <= surface <= high:
        return 1.0
    if surface < low:
        # From 1 at the minimum down to 0 at the floor.
        floor = low * SURFACE_FLOOR
        return max(0.0, (surface - floor) / (low - floor)) if low > floor else 0.0
    return max(0.0, high / surface) ** 2


def evaluate(premises: PremisesFacts, need: NeedFacts) -> Evaluation:
    """Check the hard constraints, then score the pair from 0 to 100 with its reasons."""
    failed = []
    common_usages = premises.usages & need.usages
    if need.usages and not common_usages:
        failed.append("usage")

    distance = _distance_km(premises, need)
    in_communes = premises.commune_code in need.zone_codes
    in_radius = need.radius_km is not None and distance is not None and distance <= need.radius_km
    if not (in_communes or in_radius):
        failed.append("zone")

    premises_end = premises.available_until or date.max
    need_end = need.end_date or date.max
    if not (premises.available_from <= need_end and need.start_date <= premises_end):
        failed.append("dates")

    if need.accessibility_required and not premises.pmr_accessible:
        failed.append("accessibility")

    if (
        need.budget_max is not None
        and not premises.free_of_charge
        and premises.monthly_cost > budget_ceiling(need.budget_max)
    ):
        failed.append("rent")

    if premises.surface < need.surface_min * SURFACE_FLOOR:
        failed.append("surface")

    if failed:
        return Evaluation(failed=tuple(failed))

    reasons: list[Reason] = []
    if premises.commune_code == need.center_code or need.zone_codes == {premises.commune_code}:
        reasons.append(Reason("same_commune"))
        distance_fit = 1.0
    elif in_communes:
        reasons.append(Reason("in_zone"))
        distance_fit = 1.0
    else:
        # Inside the radius (the zone constraint holds), so distance is known.
        distance_fit = max(0.0, 1 - distance / need.radius_km)
        reasons.append(Reason("distance", {"km": round(distance, 1), "radius": need.radius_km}))

    surface_fit = _surface_fit(premises.surface, need.surface_min, need.surface_max)
    reasons.append(
        Reason(
            "surface",
            {"surface": premises.surface, "min": need.surface_min, "max": need.surface_max},
        )
    )

    if premises.pmr_accessible:
        reasons.append(Reason("pmr"))

    if premises.free_of_charge:
        rent_fit = 1.0
        reasons.append(Reason("free"))
    elif need.budget_max is None:
        rent_fit = 0.5
    elif premises.monthly_cost <= need.budget_max:
        ratio = float(premises.monthly_cost / need.budget_max) if need.budget_max else 1.0
        rent_fit = 1 - 0.5 * ratio
        reasons.append(
            Reason("rent", {"rent": str(premises.monthly_cost), "budget": str(need.budget_max)})
        )
    else:
        rent_fit = 0.2
        reasons.append(
            Reason(
                "rent_tolerance",
                {"rent": str(premises.monthly_cost), "budget": str(need.budget_max)},
            )
        )

    delay = (premises.available_from - need.start_date).days
    if delay <= 0:
        date_fit = 1.0
        reasons.append(Reason("available"))
    else:
        date_fit = max(0.0, 1 - delay / DATE_HORIZON_DAYS)
        reasons.append(Reason("available_later", {"date": premises.available_from.isoformat()}))

    if common_usages:
        reasons.append(Reason("usages", {"usages": sorted(common_usages)}))

    score = round(
        WEIGHTS["surface"] * surface_fit
        + WEIGHTS["distance"] * distance_fit
        + WEIGHTS["rent"] * rent_fit
        + WEIGHTS["date"] * date_fit
    )
    return Evaluation(failed=(), score=max(0, min(100, score)), reasons=tuple(reasons))


def rank(premises: PremisesFacts, needs) -> list[tuple[NeedFacts, Evaluation]]:
    """Every need matching the premises, best score first."""
    results = [(need, evaluate(premises, need)) for need in needs]
    matched = [(n, e) for n, e in results if e.is_match]
    matched.sort(key=lambda pair: (-pair[1].score, pair[0].id))
    return matched

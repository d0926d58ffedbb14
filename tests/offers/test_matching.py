"""The pure matching functions: each hard constraint, the score ordering and the reasons."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from offers.matching import (
    NeedFacts,
    PremisesFacts,
    Reason,
    evaluate,
    haversine_km,
    rank,
)

NBSP = "\u00a0"
# Montreuil and Bagnolet town halls, about 2 km apart; Saint-Denis about 10 km away.
MONTREUIL = (48.8638, 2.4485)
BAGNOLET = (48.8692, 2.4181)
SAINT_DENIS = (48.9362, 2.3574)


def premises(**changes) -> PremisesFacts:
    base = PremisesFacts(
        id=1,
        commune_code="93048",
        latitude=MONTREUIL[0],
        longitude=MONTREUIL[1],
        surface=120,
        monthly_cost=Decimal("900"),
        free_of_charge=False,
        usages=frozenset({"accueil-public", "reunions"}),
        available_from=date(2026, 3, 1),
        available_until=None,
        pmr_accessible=True,
    )
    return replace(base, **changes)


def need(**changes) -> NeedFacts:
    base = NeedFacts(
        id=10,
        usages=frozenset({"reunions"}),
        zone_codes=frozenset({"93048"}),
        latitude=None,
        longitude=None,
        radius_km=None,
        center_code=None,
        surface_min=80,
        surface_max=150,
        budget_max=Decimal("1000"),
        accessibility_required=False,
        start_date=date(2026, 3, 1),
        end_date=None,
    )
    return replace(base, **changes)


def texts(evaluation) -> list[str]:
    return [str(reason) for reason in evaluation.reasons]


def test_haversine_matches_known_distances():
    assert haversine_km(*MONTREUIL, *MONTREUIL) == 0
    assert haversine_km(*MONTREUIL, *BAGNOLET) == pytest.approx(2.32, abs=0.05)
    # Paris – Lyon centres: 392 km as the crow flies.
    assert haversine_km(48.8566, 2.3522, 45.7640, 4.8357) == pytest.approx(392, abs=2)


def test_a_good_pair_matches_with_french_reasons():
    evaluation = evaluate(premises(), need())
    assert evaluation.is_match
    assert evaluation.failed == ()
    assert texts(evaluation) == [
        "même commune",
        "120 m² pour 80–150 m² demandés",
        "accessible PMR",
        f"loyer 900 € ≤ budget 1{NBSP}000 €",
        "disponible à la date souhaitée",
        "usages compatibles : Réunions, ateliers collectifs",
    ]
    # surface 35 + distance 25 + rent 25 × (1 − 0.5 × 0.9) + date 15
    assert evaluation.score == round(35 + 25 + 25 * 0.55 + 15)


def test_usage_must_overlap():
    assert evaluate(premises(), need(usages=frozenset({"habitat"}))).failed == ("usage",)
    # A need listing no usage accepts any place.
    assert evaluate(premises(), need(usages=frozenset())).is_match


def test_zone_by_commune_list():
    assert evaluate(premises(), need(zone_codes=frozenset({"93066"}))).failed == ("zone",)
    several = evaluate(premises(), need(zone_codes=frozenset({"93066", "93048"})))
    assert "dans une commune recherchée" in texts(several)


def test_zone_by_radius_uses_the_great_circle_distance():
    around_bagnolet = need(
        zone_codes=frozenset(),
        latitude=BAGNOLET[0],
        longitude=BAGNOLET[1],
        radius_km=3.0,
        center_code="93006",
    )
    within = evaluate(premises(), around_bagnolet)
    assert within.is_match
    assert "à 2,3 km (rayon de 3,0 km)" in texts(within)
    assert evaluate(premises(), replace(around_bagnolet, radius_km=2.0)).failed == ("zone",)
    far = premises(commune_code="93066", latitude=SAINT_DENIS[0], longitude=SAINT_DENIS[1])
    assert evaluate(far, around_bagnolet).failed == ("zone",)


def test_dates_must_overlap():
    ended = premises(available_from=date(2025, 1, 1), available_until=date(2026, 2, 1))
    assert evaluate(ended, need()).failed == ("dates",)
    # The project ends before the premises become available.
    late = premises(available_from=date(2027, 1, 1))
    assert evaluate(late, need(end_date=date(2026, 12, 31))).failed == ("dates",)
    later = evaluate(premises(available_from=date(2026, 6, 1)), need())
    assert later.is_match
    assert "disponible le 01/06/2026" in texts(later)


def test_accessibility_when_required():
    stairs = premises(pmr_accessible=False)
    assert evaluate(stairs, need(accessibility_required=True)).failed == ("accessibility",)
    assert evaluate(stairs, need(accessibility_required=False)).is_match
    assert "accessible PMR" not in texts(evaluate(stairs, need()))


def test_rent_within_budget_plus_ten_percent_tolerance():
    assert evaluate(premises(monthly_cost=Decimal("1100")), need()).is_match
    tolerated = evaluate(premises(monthly_cost=Decimal("1050")), need())
    assert f"loyer 1{NBSP}050 €, un peu au-dessus du budget 1{NBSP}000 €" in texts(tolerated)
    assert evaluate(premises(monthly_cost=Decimal("1100.01")), need()).failed == ("rent",)
    free = evaluate(premises(monthly_cost=Decimal(0), free_of_charge=True), need())
    assert "mis à disposition gratuitement" in texts(free)
    assert evaluate(premises(monthly_cost=Decimal("5000")), need(budget_max=None)).is_match


def test_much_smaller_premises_are_rejected():
    assert evaluate(premises(surface=55), need()).failed == ("surface",)
    assert evaluate(premises(surface=56), need()).is_match  # 70 % of the 80 m² asked


def test_every_failed_constraint_is_reported():
    bad = premises(
        usages=frozenset({"habitat"}),
        commune_code="93066",
        pmr_accessible=False,
        monthly_cost=Decimal("3000"),
        surface=10,
    )
    assert evaluate(bad, need(accessibility_required=True)).failed == (
        "usage",
        "zone",
        "accessibility",
        "rent",
        "surface",
    )


def test_score_prefers_better_fits():
    exact = evaluate(premises(), need())
    too_big = evaluate(premises(surface=300), need())
    smaller = evaluate(premises(surface=70), need())
    dearer = evaluate(premises(monthly_cost=Decimal("1080")), need())
    late = evaluate(premises(available_from=date(2026, 7, 1)), need())
    assert all(e.is_match for e in (exact, too_big, smaller, dearer, late))
    assert exact.score > too_big.score
    assert exact.score > smaller.score
    assert exact.score > dearer.score
    assert exact.score > late.score
    assert min(e.score for e in (exact, too_big, smaller, dearer, late)) >= 0
    assert exact.score <= 100


def test_rank_orders_matches_by_score_and_drops_the_others():
    needs = [
        need(id=1, surface_min=200, surface_max=300),  # 120 m² is too small: rejected
        need(id=2, surface_min=100, surface_max=120),  # exact fit
        need(id=3, surface_min=30, surface_max=60),  # premises twice too big
        need(id=4, usages=frozenset({"habitat"})),  # wrong usage
    ]
    assert [n.id for n, _e in rank(premises(), needs)] == [2, 3]


def test_reasons_round_trip_through_json():
    evaluation = evaluate(premises(), need())
    stored = [reason.to_json() for reason in evaluation.reasons]
    assert [str(Reason.from_json(data)) for data in stored] == texts(evaluation)

"""Freshness (« à actualiser ») and quality score (0–100) of directory entries. Freshness
counts from the last verification (`verified_at`, as a day: `verified_on`), not the last save.

Pure functions: they read attributes only, never query. For services, select the
organisation along (`select_related("organisation")`) since empty fields fall back on it."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .vocabularies import UPDATE_FREQUENCY_MONTHS, UpdateFrequency

# Share of the score given by completeness; the rest rewards freshness.
COMPLETENESS_WEIGHT = 80
FRESHNESS_WEIGHT = 100 - COMPLETENESS_WEIGHT


def add_months(day: date, months: int) -> date:
    """`day` plus `months`, clamped to the end of shorter months (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def update_due_date(verified_on: date, frequency: str) -> date:
    months = UPDATE_FREQUENCY_MONTHS.get(frequency, UPDATE_FREQUENCY_MONTHS["half_yearly"])
    return add_months(verified_on, months)


def needs_update(verified_on: date | None, frequency: str, today: date) -> bool:
    """« À actualiser »: the expected update date has passed."""
    if verified_on is None:
        return True
    return update_due_date(verified_on, frequency) < today


def freshness_ratio(verified_on: date | None, frequency: str, today: date) -> float:
    """1 while fresh, then decreasing linearly to 0 one more period after the due date."""
    if verified_on is None:
        return 0.0
    due = update_due_date(verified_on, frequency)
    if today <= due:
        return 1.0
    period = (due - verified_on).days or 1
    late = (today - due).days
    return max(0.0, 1 - late / period)


@dataclass(frozen=True)
class Quality:
    score: int
    missing: tuple[str, ...]
    needs_update: bool


def _score(checks: list[tuple[str, bool]], verified_on, frequency, today) -> Quality:
    filled = sum(1 for _label, ok in checks if ok)
    completeness = filled / len(checks)
    freshness = freshness_ratio(verified_on, frequency, today)
    score = round(COMPLETENESS_WEIGHT * completeness + FRESHNESS_WEIGHT * freshness)
    missing = tuple(str(label) for label, ok in checks if not ok)
    return Quality(score, missing, needs_update(verified_on, frequency, today))


def organisation_quality(organisation, today: date) -> Quality:
    o = organisation
    checks = [
        (_("présentation"), len(o.description or "") >= 40),
        (_("typologie"), bool(o.typology)),
        (_("adresse"), bool(o.address and o.postcode and o.commune_id)),
        (_("téléphone ou e-mail"), bool(o.phone or o.email)),
        (_("horaires"), bool(o.opening_hours)),
        (_("accessibilité"), bool(o.accessibility)),
        (_("site internet"), bool(o.website)),
        (_("SIRET"), bool(o.siret)),
        (_("localisation"), o.latitude is not None and o.longitude is not None),
    ]
    return _score(checks, o.verified_on, o.update_frequency or UpdateFrequency.HALF_YEARLY, today)


def service_quality(service, today: date) -> Quality:
    s = service
    checks = [
        (_("description"), len(s.description or "") >= 40),
        (_("thématiques ou catégories"), bool(s.thematiques or s.categories)),
        (_("types de service"), bool(s.types)),
        (_("publics"), bool(s.effective_publics)),
        (_("frais"), bool(s.fees)),
        (_("conditions d'accès"), bool(s.access_conditions)),
        (_("modes d'accueil"), bool(s.reception_modes)),
        (_("modes de mobilisation"), bool(s.mobilisation_modes and s.mobilised_by)),
        (_("téléphone ou e-mail"), bool(s.effective_phone or s.effective_email)),
        (_("horaires"), bool(s.effective_opening_hours)),
    ]
    return _score(checks, s.verified_on, s.update_frequency or UpdateFrequency.HALF_YEARLY, today)

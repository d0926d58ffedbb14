"""Who may apply to a call for projects: a pure function, tested without a database.

A criterion left empty lets everyone through (no kind listed: every kind). An organisation
matches a theme when one of its published services has it; it matches the territory when its
commune is in the call's département and, if the call lists communes, among them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criteria:
    kinds: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    departement: str = ""
    communes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Profile:
    """What eligibility looks at in an organisation."""

    kind: str
    themes: frozenset[str]
    commune_code: str | None
    departement: str | None


def is_eligible(criteria: Criteria, profile: Profile) -> bool:
    if criteria.kinds and profile.kind not in criteria.kinds:
        return False
    if criteria.themes and not (criteria.themes & profile.themes):
        return False
    if criteria.departement and profile.departement != criteria.departement:
        return False
    return not criteria.communes or profile.commune_code in criteria.communes

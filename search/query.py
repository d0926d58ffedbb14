"""The query interface every caller uses, whatever the backend.

    results = search(SearchQuery(text="aide à domicile", commune="93008", page=2))

`SearchQuery.from_params(request.GET, user_is_professional=...)` validates user input and
raises `QueryError` (a French message) for what cannot be searched: invalid coordinates,
radius out of range, absurd page numbers. Text is cleaned and capped, never rejected.
`get_backend()` returns Elasticsearch when `settings.ELASTICSEARCH_URL` is set, else
PostgreSQL; both return the same `SearchResults`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .registry import facet_labels, kind_labels
from .text import MAX_QUERY_CHARS, clean

ORDERS = ("relevance", "distance")
MAX_RADIUS_KM = 100.0
MAX_PAGE = 200
MAX_PER_PAGE = 100
MAX_FILTER_VALUES = 30
# Ranking reads at most this many candidates (see search.backends.postgres).
CANDIDATE_LIMIT = 500
# A result's text without highlighted words: its start, cut at a word (core.text.excerpt).
SNIPPET_CHARS = 220

# Facet name → (query attribute, key prefix in SearchDocument.facet_keys).
FACETS = {
    "kind": ("kinds", "k"),
    "thematique": ("thematiques", "t"),
    "public": ("publics", "p"),
    "commune": ("communes", "c"),
    "mode_accueil": ("modes_accueil", "m"),
    "frais": ("frais", "f"),
    "category": ("categories", "g"),
}
FACET_TITLES = {
    "kind": _("Type de résultat"),
    "thematique": _("Thématique"),
    "public": _("Public"),
    "commune": _("Commune"),
    "mode_accueil": _("Mode d'accueil"),
    "frais": _("Frais"),
    "category": _("Catégorie"),
}


class QueryError(ValueError):
    """Input that cannot be searched; the message is meant for the visitor."""


def _values(raw, limit: int = MAX_FILTER_VALUES) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    seen: list[str] = []
    for value in raw:
        value = clean(value, 100)
        if value and value not in seen:
            seen.append(value)
    return tuple(seen[:limit])


def _float(raw, message) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(str(raw).strip().replace(",", "."))
    except (TypeError, ValueError):
        raise QueryError(message) from None
    if not math.isfinite(value):
        raise QueryError(message)
    return value


def _int(raw, default: int, low: int, high: int, message) -> int:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise QueryError(message) from None
    if not low <= value <= high:
        raise QueryError(message)
    return value


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    kinds: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    commune: str = ""
    communes: tuple[str, ...] = ()
    modes_accueil: tuple[str, ...] = ()
    frais: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    order: str = "relevance"
    page: int = 1
    per_page: int = 20
    user_is_professional: bool = False
    # « Ouvert maintenant »: only the places open at `now` (default: the current time).
    open_now: bool = False
    now: dt.datetime | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "text", clean(self.text, MAX_QUERY_CHARS))
        for name in ("kinds", "thematiques", "publics", "modes_accueil", "frais", "categories"):
            set_(self, name, _values(getattr(self, name)))
        communes = _values(self.communes)
        commune = clean(self.commune, 5)
        if commune and commune not in communes:
            communes = (commune, *communes)
        set_(self, "communes", communes)
        set_(self, "commune", commune)
        if self.near is not None:
            lat, lon = (float(v) for v in self.near)
            if not (math.isfinite(lat) and math.isfinite(lon)):
                raise QueryError(_("Les coordonnées du lieu ne sont pas valides."))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise QueryError(_("Les coordonnées du lieu ne sont pas valides."))
            set_(self, "near", (lat, lon))
        if self.radius_km is not None:
            radius = float(self.radius_km)
            if not (math.isfinite(radius) and 0 < radius <= MAX_RADIUS_KM):
                raise QueryError(
                    _("Le rayon doit être compris entre 0 et %(max)s km.")
                    % {"max": int(MAX_RADIUS_KM)}
                )
            set_(self, "radius_km", radius)
        if self.order not in ORDERS:
            raise QueryError(_("Ordre de tri inconnu."))
        if self.order == "distance" and self.near is None:
            set_(self, "order", "relevance")
        if not 1 <= int(self.page) <= MAX_PAGE:
            raise QueryError(_("Numéro de page invalide."))
        if not 1 <= int(self.per_page) <= MAX_PER_PAGE:
            raise QueryError(_("Nombre de résultats par page invalide."))

    @classmethod
    def from_params(cls, params, *, user_is_professional: bool = False, **overrides):
        """Build a query from a QueryDict (GET form): q, type, thematique, public, commune,
        mode_accueil, frais, categorie, lat, lon, rayon, tri, page, ouvert (=1: open now)."""

        def many(name):
            return params.getlist(name) if hasattr(params, "getlist") else params.get(name)

        lat = _float(params.get("lat"), _("La latitude n'est pas un nombre valide."))
        lon = _float(params.get("lon"), _("La longitude n'est pas un nombre valide."))
        if (lat is None) != (lon is None):
            raise QueryError(_("Indiquez à la fois la latitude et la longitude."))
        radius = _float(params.get("rayon"), _("Le rayon n'est pas un nombre valide."))
        values = {
            "text": params.get("q") or "",
            "kinds": many("type"),
            "thematiques": many("thematique"),
            "publics": many("public"),
            "communes": many("commune"),
            "modes_accueil": many("mode_accueil"),
            "frais": many("frais"),
            "categories": many("categorie"),
            "near": (lat, lon) if lat is not None else None,
            "radius_km": radius or None,
            "order": params.get("tri") or "relevance",
            "page": _int(params.get("page"), 1, 1, MAX_PAGE, _("Numéro de page invalide.")),
            "user_is_professional": user_is_professional,
            "open_now": params.get("ouvert") in ("1", "on"),
        }
        values.update(overrides)
        return cls(**values)

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Facet name → selected values."""
        return {name: getattr(self, attr) for name, (attr, _prefix) in FACETS.items()}

    @property
    def has_filters(self) -> bool:
        return any(self.filters().values()) or self.radius_km is not None or self.open_now

    @property
    def moment(self) -> dt.datetime:
        """The time « ouvert maintenant » and the closed-last order are evaluated at."""
        return self.now or timezone.now()

    def with_page(self, page: int) -> SearchQuery:
        return replace(self, page=page)


@dataclass
class Hit:
    kind: str
    kind_label: Any
    object_id: str
    title: str
    url: str
    snippet: str = ""
    score: float = 0.0
    distance_km: float | None = None
    commune_code: str = ""
    commune_name: str = ""
    thematiques: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    modes_accueil: list[str] = field(default_factory=list)
    frais: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    visibility: str = "public"
    updated_at: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class FacetValue:
    value: str
    label: Any
    count: int
    selected: bool = False

    def __iter__(self):
        # Unpacks as the (value, label, count) triple of the documented API.
        return iter((self.value, self.label, self.count))


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    suggestion: str = ""
    corrections: dict[str, str] = field(default_factory=dict)
    related_categories: list[FacetValue] = field(default_factory=list)
    elapsed_ms: float = 0.0
    # True when the query matched more documents than the backend reads: `total` is then a
    # lower bound and facet counts describe the documents read.
    is_partial: bool = False

    @property
    def page(self) -> int:
        return self.query.page

    @property
    def per_page(self) -> int:
        return self.query.per_page

    @property
    def num_pages(self) -> int:
        # Ranking reads CANDIDATE_LIMIT candidates at most: pages stop there.
        reachable = min(self.total, CANDIDATE_LIMIT)
        return max(1, math.ceil(reachable / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return (self.page - 1) * self.per_page + len(self.hits)


@dataclass
class Suggestion:
    title: str
    url: str
    kind: str
    kind_label: Any


def facet_label(name: str, value: str) -> Any:
    """Human label of a facet value: labels registered by apps (which may translate the
    national labels), then the data·inclusion vocabularies' French; the raw value otherwise."""
    if name == "kind":
        return kind_labels().get(value, value)
    return facet_labels(name).get(value) or _vocabulary_labels(name).get(value) or value


@cache
def _vocabulary_labels(name: str) -> dict[str, str]:
    from data_inclusion.schema import v1

    enum = {
        "thematique": v1.Thematique,
        "public": v1.Public,
        "mode_accueil": v1.ModeAccueil,
        "frais": v1.Frais,
    }.get(name)
    if enum is None:
        return {}
    return {member.value: member.label for member in enum}


BACKENDS = {
    "postgres": "search.backends.postgres.PostgresBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


def get_backend():
    """Elasticsearch when `ELASTICSEARCH_URL` is set, PostgreSQL otherwise."""
    name = "elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", "") else "postgres"
    return _backend(name, getattr(settings, "ELASTICSEARCH_URL", ""))


@cache
def _backend(name: str, url: str):
    return import_string(BACKENDS[name])()


def search(query: SearchQuery) -> SearchResults:
    return get_backend().search(query)


def suggest(prefix: str, *, user_is_professional: bool = False, limit: int = 8):
    return get_backend().suggest(prefix, user_is_professional=user_is_professional, limit=limit)

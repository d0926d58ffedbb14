"""Projections: how each app turns its models into search documents.

`search` imports no app. Each app writes a `search_projections` module that subclasses
`Projection` and decorates it with `@register`; `search.apps.SearchConfig.ready()` imports
every installed app's `search_projections` module, so apps need no wiring of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models
from django.urls import NoReverseMatch

VISIBILITY_PUBLIC = "public"
VISIBILITY_PROFESSIONAL = "professional"
VISIBILITIES = (VISIBILITY_PUBLIC, VISIBILITY_PROFESSIONAL)


@dataclass
class SearchDoc:
    """What a projection says about one object; the backends store exactly this."""

    title: str
    url: str
    body: str = ""
    keywords: list[str] = field(default_factory=list)
    thematiques: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    commune_code: str = ""
    commune_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    visibility: str = VISIBILITY_PUBLIC
    updated_at: dt.datetime | None = None
    modes_accueil: list[str] = field(default_factory=list)
    frais: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # When the object is open, for « ouvert maintenant » and for putting closed places last:
    # None when unknown (no hours, or not a place), else the open (start, end) moments up to
    # `opening_known_until` (past it the object counts as unknown until it is reindexed).
    open_intervals: list[tuple[dt.datetime, dt.datetime]] | None = None
    opening_known_until: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {VISIBILITIES}, not {self.visibility!r}")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        if self.latitude is not None and not (
            -90 <= self.latitude <= 90 and -180 <= self.longitude <= 180
        ):
            raise ValueError("coordinates out of range")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def object_url(obj) -> str:
    """The object's page, or "" when its app's pages are not installed (nothing to link)."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def tag_names(obj) -> list[str]:
    """The names of the object's taggit tags (prefetch `tags` in `queryset()`)."""
    return [tag.name for tag in obj.tags.all()]


class Projection:
    """Subclass per searchable model and decorate with `@register`.

    - `queryset()`: every object that may be indexed (published, visible), with the
      `select_related`/`prefetch_related` that `document()` needs, for batch indexing;
    - `is_indexable(obj)`: whether this one object belongs in the index now;
    - `document(obj)`: the `SearchDoc` for it.
    `connect_signals`: index on `post_save` and unindex on `post_delete` automatically (on
    commit); set it to False when the app calls `search.indexing` itself (e.g. on publish).
    """

    kind: str = ""
    label: Any = ""
    model: type[models.Model] | None = None
    connect_signals: bool = True

    def queryset(self) -> models.QuerySet:
        assert self.model is not None
        return self.model._default_manager.all()

    def is_indexable(self, obj) -> bool:
        return True

    def document(self, obj) -> SearchDoc:
        raise NotImplementedError

    def related_to(self, obj) -> Iterable[models.Model]:
        """Other indexed objects whose document shows data of `obj` (reindexed with it)."""
        return ()


_projections: dict[str, Projection] = {}
_facet_labels: dict[str, dict[str, Any]] = {}
_dependents: dict[type[models.Model], list[Callable[[Any], Iterable[models.Model]]]] = {}


def register(projection: type[Projection] | Projection):
    """Register a projection (usable as a class decorator). Returns its argument."""
    instance = projection() if isinstance(projection, type) else projection
    if not instance.kind or instance.model is None:
        raise ValueError("a projection needs a kind and a model")
    existing = _projections.get(instance.kind)
    if existing is not None and type(existing) is not type(instance):
        raise ValueError(f"search kind {instance.kind!r} is already registered")
    _projections[instance.kind] = instance
    return projection


def unregister(kind: str) -> None:
    _projections.pop(kind, None)


def get_projection(kind: str) -> Projection:
    return _projections[kind]


def projections() -> list[Projection]:
    return list(_projections.values())


def projections_for_model(model: type[models.Model]) -> list[Projection]:
    """Projections of this model or of one of its concrete parents/children (MTI pages)."""
    return [p for p in _projections.values() if p.model is not None and issubclass(model, p.model)]


def register_dependents(
    model: type[models.Model], provider: Callable[[Any], Iterable[models.Model]]
) -> None:
    """Another app's indexed objects whose documents show data of `model` (an offer shows
    its organisation's name): they are reindexed with it, by the same trigger. Saving or
    deleting a `model` object then reindexes them, even when `model` has no projection."""
    providers = _dependents.setdefault(model, [])
    if provider not in providers:
        providers.append(provider)


def dependents_models() -> list[type[models.Model]]:
    return list(_dependents)


def related_objects(obj) -> list[models.Model]:
    """Every indexed object to reindex along with `obj`: its projections' `related_to` and
    the dependents other apps registered for its model."""
    related: list[models.Model] = []
    for projection in projections_for_model(type(obj)):
        related.extend(projection.related_to(obj))
    for model, providers in _dependents.items():
        if isinstance(obj, model):
            for provider in providers:
                related.extend(provider(obj))
    return related


def kind_labels() -> dict[str, Any]:
    return {kind: p.label for kind, p in _projections.items()}


def register_facet_labels(facet: str, labels: dict[str, Any]) -> None:
    """Let an app name its own facet values (e.g. modes_accueil "a-domicile")."""
    _facet_labels.setdefault(facet, {}).update(labels)


def facet_labels(facet: str) -> dict[str, Any]:
    return _facet_labels.get(facet, {})


# --- Who may read professional-only documents ---------------------------------------------------
def _nobody(user) -> bool:
    return False


_viewer_policy = _nobody


def register_viewer_policy(is_professional) -> None:
    """The app that knows users tells search who reads professional-only documents
    (`accounts` registers `accounts.roles.is_professional`). Until then: nobody."""
    global _viewer_policy
    _viewer_policy = is_professional


def viewer_is_professional(user) -> bool:
    return bool(user is not None and _viewer_policy(user))

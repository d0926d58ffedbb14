"""Query parameters of the list endpoints and how they filter each queryset.

The parameters mirror the search facets (thematique, public, commune, département,
radius, kind) plus `modified_since` for incremental syncs. Their types and bounds are in
the ninja schemas (documented in OpenAPI, checked before the view runs); what a type
cannot express (a cursor the API did not give, lat/lon/radius_km not given together)
raises `FilterError` with a French message, answered with a 400. In the OpenAPI document,
lat, lon and radius_km form one optional object parameter whose three properties are all
required (`POINT_PARAMETERS`, see `api.api`): on the wire, the same three query parameters."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from data_inclusion.schema import v1
from django.db.models import Exists, F, FloatField, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from directory.models import Commune, OrganisationKind, Service
from directory.vocabularies import CATEGORY_THEMATIQUES, Category
from events.models import Audience as EventAudience
from events.models import EventType
from offers.vocabularies import OfferFamily, OfferType, PremisesType

from .pagination import DEFAULT_LIMIT, MAX_LIMIT

INSEE_PATTERN = r"^[0-9][0-9AB][0-9]{3}$"
DEPARTEMENT_PATTERN = r"^([0-9]{2,3}|2A|2B)$"
MAX_CURSOR_LENGTH = 64
MAX_RADIUS_KM = 100
POINT_PARAMETERS = ("lat", "lon", "radius_km")
POINT_DESCRIPTION = (
    "Autour d'un point : `lat`, `lon` et `radius_km` vont ensemble (les trois ou aucun ; "
    "sinon, réponse 400)."
)
# `modified_since` before MIN_YEAR keeps every record, after MAX_YEAR none: no record was
# modified outside these years, and the comparison never reaches the limits of Python's or
# PostgreSQL's dates whatever the time zone offset.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _iso_8601(value):
    """Only ISO 8601 text (a date, or a date and time with or without offset): pydantic
    alone would also read a number as seconds since 1970 (`modified_since=0.5`)."""
    if isinstance(value, str) and not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("datetime_parsing", "not an ISO 8601 date")
    return value


# In the document: an RFC 3339 date-time or a date alone; without an offset, Paris time.
IsoDateTime = Annotated[
    datetime,
    BeforeValidator(_iso_8601),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date-time"},
                {"type": "string", "format": "date"},
            ]
        }
    ),
]


class FilterError(ValueError):
    def __init__(self, message, parameter: str = ""):
        super().__init__(str(message))
        self.message = message
        self.parameter = parameter


# --- Schemas ------------------------------------------------------------------------------------
class PageParams(Schema):
    cursor: str | None = Field(
        None,
        max_length=MAX_CURSOR_LENGTH,
        description=(
            "Curseur opaque : la valeur `next_cursor` de la page précédente, telle quelle. "
            "Un curseur que l'API n'a pas donné est refusé (400)."
        ),
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Résultats par page.")


class ZoneParams(PageParams):
    """Where (commune, département) and since when: the filters every resource takes."""

    commune: str | None = Field(
        None, pattern=INSEE_PATTERN, description="Code INSEE de la commune (ex. 93066)."
    )
    departement: str | None = Field(
        None, pattern=DEPARTEMENT_PATTERN, description="Code du département (ex. 93)."
    )
    modified_since: IsoDateTime | None = Field(
        None,
        description=(
            "Seulement les fiches modifiées depuis cette date (date et heure ISO 8601, "
            "n'importe quelle année ; heure de Paris si aucun fuseau). Pour synchroniser : "
            "gardez la date de votre dernier passage."
        ),
    )


class PlaceParams(ZoneParams):
    """… and around a point, for the resources placed at one (coordinates)."""

    lat: float | None = Field(
        None, ge=-90, le=90, description="Latitude du centre (WGS 84). " + POINT_DESCRIPTION
    )
    lon: float | None = Field(
        None, ge=-180, le=180, description="Longitude du centre (WGS 84). " + POINT_DESCRIPTION
    )
    radius_km: float | None = Field(
        None,
        gt=0,
        le=MAX_RADIUS_KM,
        description="Rayon autour de (lat, lon), en km. " + POINT_DESCRIPTION,
    )


class OrganisationFilters(PlaceParams):
    kind: list[OrganisationKind] = Field(
        default_factory=list, description="Nature de l'organisation."
    )
    thematique: list[v1.Thematique] = Field(
        default_factory=list,
        description="Organisations dont un service publié relève de cette thématique.",
    )
    public: list[v1.Public] = Field(default_factory=list, description="Publics accueillis.")


class ServiceFilters(PlaceParams):
    thematique: list[v1.Thematique] = Field(
        default_factory=list, description="Thématique nationale (data·inclusion)."
    )
    categorie: list[Category] = Field(default_factory=list, description="Catégorie du portail.")
    public: list[v1.Public] = Field(default_factory=list, description="Public visé.")
    kind: list[OrganisationKind] = Field(
        default_factory=list, description="Nature de l'organisation qui porte le service."
    )


class OfferFilters(ZoneParams):
    """Offers cover communes, not a point: no lat/lon/radius_km."""

    famille: list[OfferFamily] = Field(default_factory=list, description="Famille d'offre.")
    type: list[OfferType] = Field(default_factory=list, description="Type d'offre.")


class PremisesFilters(PlaceParams):
    type: list[PremisesType] = Field(default_factory=list, description="Type de local.")
    surface_min: int | None = Field(None, ge=0, le=100_000, description="Surface minimale (m²).")


class EventFilters(PlaceParams):
    type: list[EventType] = Field(default_factory=list, description="Type d'action.")
    public: list[EventAudience] = Field(default_factory=list, description="Public.")


class CommuneFilters(PageParams):
    departement: str | None = Field(None, pattern=DEPARTEMENT_PATTERN)
    epci: str | None = Field(None, pattern=r"^[0-9]{9}$", description="SIREN de l'EPCI.")


COORDINATE_DECIMALS = 6


# --- SQL helpers --------------------------------------------------------------------------------
class LlToEarth(Func):
    function = "ll_to_earth"
    output_field = FloatField()  # an `earth` point, only ever passed to earth_distance


class EarthDistance(Func):
    function = "earth_distance"
    output_field = FloatField()


def _aware(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def near(params: PlaceParams) -> tuple[float, float, float] | None:
    """(lat, lon, radius in metres) when a radius filter is asked, else None."""
    given = [params.lat is not None, params.lon is not None, params.radius_km is not None]
    if not any(given):
        return None
    if not all(given):
        raise FilterError(
            _("Pour chercher autour d'un point, indiquez ensemble lat, lon et radius_km."),
            "radius_km",
        )
    # To the 6th decimal (about 10 cm): finer adds nothing, and denormal values such as
    # 5e-324 make earthdistance's ll_to_earth fail with an underflow.
    return (
        round(params.lat, COORDINATE_DECIMALS),
        round(params.lon, COORDINATE_DECIMALS),
        (params.radius_km * 1000),
    )


def within_radius(queryset, params: PlaceParams, latitude, longitude):
    """Keep rows within the radius (great-circle distance, earthdistance) and annotate
    `distance_m`. `latitude`/`longitude` are expressions of the row's coordinates."""
    point = near(params)
    if point is None:
        return queryset
    lat, lon, radius_m = point
    distance = EarthDistance(
        LlToEarth(Value(lat), Value(lon)),
        LlToEarth(latitude, longitude),
    )
    return queryset.annotate(distance_m=distance).filter(distance_m__lte=radius_m)


def modified_since(queryset, params: ZoneParams, field: str = "updated_at"):
    since = params.modified_since
    if since is None or since.year < MIN_YEAR:
        return queryset
    if since.year > MAX_YEAR:
        return queryset.none()
    return queryset.filter(**{f"{field}__gte": _aware(since)})


def refuse_point(query) -> None:
    """Offers cover communes, not a point: say so to a client that sends lat/lon/radius_km
    (they are not in the offers' document, which would otherwise ignore them silently)."""
    if any(name in query for name in POINT_PARAMETERS):
        raise FilterError(
            _("Les offres couvrent des communes : filtrez par commune ou département."),
            next(name for name in POINT_PARAMETERS if name in query),
        )


# --- Per resource ----------------------------------------------------------------------------
def organisations(queryset, params: OrganisationFilters):
    if params.kind:
        queryset = queryset.filter(kind__in=params.kind)
    if params.public:
        queryset = queryset.filter(publics__overlap=[str(p.value) for p in params.public])
    if params.thematique:
        wanted = [t.value for t in params.thematique]
        matching = Service.objects.public().filter(
            Q(thematiques__overlap=wanted) | Q(categories__overlap=categories_for(wanted)),
            organisation=OuterRef("pk"),
        )
        queryset = queryset.filter(Exists(matching))
    if params.commune:
        queryset = queryset.filter(commune__insee_code=params.commune)
    if params.departement:
        queryset = queryset.filter(commune__departement_code=params.departement)
    queryset = within_radius(queryset, params, F("latitude"), F("longitude"))
    return modified_since(queryset, params)


def categories_for(thematiques: list[str]) -> list[str]:
    """Our categories that map onto one of these national thematiques."""
    wanted = set(thematiques)
    return sorted(c for c, mapped in CATEGORY_THEMATIQUES.items() if wanted & set(mapped))


def services(queryset, params: ServiceFilters):
    if params.thematique:
        wanted = [t.value for t in params.thematique]
        # Exported thematiques include those of the categories (see vocabularies).
        queryset = queryset.filter(
            Q(thematiques__overlap=wanted) | Q(categories__overlap=categories_for(wanted))
        )
    if params.categorie:
        queryset = queryset.filter(categories__overlap=[c.value for c in params.categorie])
    if params.public:
        wanted = [p.value for p in params.public]
        # A service without publics of its own takes its organisation's.
        queryset = queryset.filter(
            Q(publics__overlap=wanted) | Q(publics=[], organisation__publics__overlap=wanted)
        )
    if params.kind:
        queryset = queryset.filter(organisation__kind__in=params.kind)
    if params.commune:
        queryset = queryset.filter(
            Q(commune__insee_code=params.commune)
            | Q(commune__isnull=True, organisation__commune__insee_code=params.commune)
        )
    if params.departement:
        queryset = queryset.filter(
            Q(commune__departement_code=params.departement)
            | Q(commune__isnull=True, organisation__commune__departement_code=params.departement)
        )
    queryset = within_radius(
        queryset,
        params,
        Coalesce(F("latitude"), F("organisation__latitude")),
        Coalesce(F("longitude"), F("organisation__longitude")),
    )
    return modified_since(queryset, params)


def offers(queryset, params: OfferFilters):
    if params.famille:
        queryset = queryset.filter(family__in=params.famille)
    if params.type:
        queryset = queryset.filter(offer_type__in=params.type)
    if params.commune:
        # The commune's département as the Commune table knows it (974, 2A: not its first digits).
        departement = Commune.objects.filter(insee_code=params.commune).values("departement_code")
        queryset = queryset.filter(
            Q(coverage_communes__contains=[params.commune])
            | Q(coverage_communes=[], coverage_departement=Subquery(departement[:1]))
        )
    if params.departement:
        queryset = queryset.filter(coverage_departement=params.departement)
    return modified_since(queryset, params)


def premises(queryset, params: PremisesFilters):
    if params.type:
        queryset = queryset.filter(premises_type__in=params.type)
    if params.surface_min is not None:
        queryset = queryset.filter(total_surface__gte=params.surface_min)
    if params.commune:
        queryset = queryset.filter(commune__insee_code=params.commune)
    if params.departement:
        queryset = queryset.filter(commune__departement_code=params.departement)
    queryset = within_radius(queryset, params, F("latitude"), F("longitude"))
    return modified_since(queryset, params)


def events(queryset, params: EventFilters):
    if params.type:
        queryset = queryset.filter(event_type__in=params.type)
    if params.public:
        queryset = queryset.filter(audiences__overlap=[a.value for a in params.public])
    if params.commune:
        queryset = queryset.filter(commune__insee_code=params.commune)
    if params.departement:
        queryset = queryset.filter(commune__departement_code=params.departement)
    # Events are placed at their commune's centre (no coordinates of their own).
    queryset = within_radius(queryset, params, F("commune__latitude"), F("commune__longitude"))
    return modified_since(queryset, params, field="last_published_at")


def communes(queryset, params: CommuneFilters):
    if params.departement:
        queryset = queryset.filter(departement_code=params.departement)
    if params.epci:
        queryset = queryset.filter(epci_code=params.epci)
    return queryset

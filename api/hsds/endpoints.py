"""Operations of `/api/hsds/`, following Open Referral's HSDS 3.0 OpenAPI (see `openapi`).

django-ninja reads and checks the query parameters (422 with French messages, as `/api/v1/`);
the same `guard` adds the rate limit, ETag and Last-Modified. Lists are HSDS pages ordered by
primary key; `format=ndjson` streams the whole list instead, one object per line."""

from __future__ import annotations

import itertools
import math
from datetime import datetime
from typing import Literal

from django.conf import settings
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError

from directory.models import Commune, Organisation, Service
from search.text import clean, fold

from ..api import Encoder, Renderer, guard, invalid_filter, invalid_parameters
from ..filters import (
    MAX_YEAR,
    MIN_YEAR,
    EarthDistance,
    FilterError,
    IsoDateTime,
    LlToEarth,
    categories_for,
)
from ..http import error_response
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT
from . import openapi, records
from .ids import Kind, parse_id
from .taxonomy import (
    TAXONOMY_ID,
    taxonomy_record,
    term_record,
    terms,
    terms_by_id,
    thematiques_of,
)

MAX_TEXT = openapi.MAX_TEXT
MAX_SEARCH_WORDS = 10
NDJSON = openapi.NDJSON


class HsdsAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return openapi.document(settings.SITE_URL)


hsds = HsdsAPI(
    renderer=Renderer(),
    title="Maillage — API HSDS 3.0",
    version="3.0",
    urls_namespace="api-hsds",
    # No Swagger UI: the official response schemas are remote ($ref to GitHub), which the
    # portal's Content-Security-Policy does not let a browser fetch.
    docs_url=None,
)
hsds.add_decorator(guard, mode="view")
hsds.add_exception_handler(NinjaValidationError, invalid_parameters)
hsds.add_exception_handler(FilterError, invalid_filter)


@hsds.exception_handler(Http404)
def not_found(request, exc):
    return error_response(404, _("Identifiant inconnu, ou fiche non publiée."))


# --- Parameters ----------------------------------------------------------------------------------
class PageQuery(Schema):
    page: int = Field(1, ge=1, le=openapi.MAX_PAGE)
    per_page: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    format: Literal["json", "ndjson"] = "json"


class SearchQuery(PageQuery):
    search: str | None = Field(None, max_length=MAX_TEXT)


class OrganizationQuery(SearchQuery):
    full_service: bool = False
    full: bool = False


class ServiceQuery(SearchQuery):
    taxonomy_term_id: str | None = Field(None, max_length=MAX_TEXT)
    taxonomy_id: str | None = Field(None, max_length=MAX_TEXT)
    organization_id: str | None = Field(None, max_length=MAX_TEXT)
    modified_after: IsoDateTime | None = None
    minimal: bool = False
    full: bool = False


class ServiceAtLocationQuery(SearchQuery):
    taxonomy_term_id: str | None = Field(None, max_length=MAX_TEXT)
    taxonomy_id: str | None = Field(None, max_length=MAX_TEXT)
    organization_id: str | None = Field(None, max_length=MAX_TEXT)
    modified_after: IsoDateTime | None = None
    full: bool = False
    postcode: str | None = Field(None, max_length=MAX_TEXT)
    proximity: int | None = Field(None, ge=1, le=openapi.MAX_PROXIMITY_M)


class TaxonomyTermQuery(SearchQuery):
    taxonomy_id: str | None = Field(None, max_length=MAX_TEXT)
    top_only: bool = False
    parent_id: str | None = Field(None, max_length=MAX_TEXT)


class LocationQuery(SearchQuery):
    organization_id: str | None = Field(None, max_length=MAX_TEXT)


# --- Querysets and filters -----------------------------------------------------------------------
def organisations_queryset():
    return Organisation.objects.public().select_related("commune").order_by("pk")


def services_queryset():
    return (
        Service.objects.public()
        .select_related("organisation", "organisation__commune", "commune")
        .order_by("pk")
    )


def with_place(queryset):
    """Services met somewhere: a place of their own or their organisation's."""
    return queryset.filter(
        Q(address__gt="")
        | Q(commune__isnull=False)
        | Q(organisation__address__gt="")
        | Q(organisation__commune__isnull=False)
    )


def search(queryset, text: str | None, fields: tuple[str, ...]):
    """Every word in one of the fields, accents and case ignored."""
    for word in clean(text).split()[:MAX_SEARCH_WORDS]:
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__unaccent__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def modified_after(queryset, moment: datetime | None):
    if moment is None or moment.year < MIN_YEAR:
        return queryset
    if moment.year > MAX_YEAR:
        return queryset.none()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return queryset.filter(updated_at__gte=moment)


def organization_key(value: str | None) -> int | None:
    parsed = parse_id(value or "", (Kind.ORGANIZATION,))
    return parsed[1] if parsed else None


def filter_services(queryset, query):
    queryset = search(queryset, query.search, ("name", "description", "organisation__name"))
    if query.organization_id:
        queryset = queryset.filter(organisation_id=organization_key(query.organization_id))
    if query.taxonomy_term_id:
        term = terms_by_id().get(query.taxonomy_term_id)
        if term is None:
            return queryset.none()
        wanted = thematiques_of(term)
        queryset = queryset.filter(
            Q(thematiques__overlap=wanted) | Q(categories__overlap=categories_for(wanted))
        )
    if query.taxonomy_id:
        if query.taxonomy_id != TAXONOMY_ID:
            return queryset.none()
        every = [term.code for term in terms() if not term.is_top]
        queryset = queryset.filter(
            Q(thematiques__overlap=every) | Q(categories__overlap=categories_for(every))
        )
    return modified_after(queryset, query.modified_after)


def covering_postcode(queryset, postcode: str, proximity: int | None):
    """Services whose eligibility covers a commune of this postcode (empty zone: the
    organisation's département, as `Service.covers`), within `proximity` metres of the
    commune's centre when given."""
    communes = list(Commune.objects.filter(postcodes__contains=[clean(postcode)]))
    if not communes:
        return queryset.none()
    codes = sorted({code for commune in communes for code in commune.zone_codes})
    departements = sorted({commune.departement_code for commune in communes})
    queryset = queryset.filter(
        Q(eligibility_zone__overlap=codes)
        | Q(eligibility_zone=[], organisation__commune__departement_code__in=departements)
        | Q(eligibility_zone=[], organisation__commune__isnull=True)
    )
    if proximity is None:
        return queryset
    near = Q()
    for commune in communes:
        name = f"distance_{commune.pk}"
        queryset = queryset.annotate(
            **{
                name: EarthDistance(
                    LlToEarth(Value(commune.latitude), Value(commune.longitude)),
                    LlToEarth(
                        _coalesce("latitude", "organisation__latitude"),
                        _coalesce("longitude", "organisation__longitude"),
                    ),
                )
            }
        )
        near |= Q(**{f"{name}__lte": proximity})
    return queryset.filter(near)


def _coalesce(own: str, fallback: str):
    return Coalesce(F(own), F(fallback))


# --- Pages ---------------------------------------------------------------------------------------
def envelope(query: PageQuery, total: int, contents: list) -> dict:
    total_pages = math.ceil(total / query.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": query.page,
        "size": len(contents),
        "first_page": query.page == 1,
        "last_page": query.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def bounds(query: PageQuery) -> tuple[int, int]:
    start = (query.page - 1) * query.per_page
    return start, start + query.per_page


def remember_last_modified(request, rows) -> None:
    dates = [row.updated_at for row in rows if getattr(row, "updated_at", None)]
    request.api_last_modified = max(dates) if dates else None


def ndjson(records_iter, name: str) -> StreamingHttpResponse:
    encoder = Encoder(ensure_ascii=False)

    def lines():
        for record in records_iter:
            yield encoder.encode(record) + "\n"

    response = StreamingHttpResponse(lines(), content_type=NDJSON)
    response["Content-Disposition"] = f'inline; filename="{name}.ndjson"'
    return response


def page_of(request, queryset, query: PageQuery, record, name: str, areas_for=None):
    """One HSDS page of the queryset (or the whole list as ndjson)."""
    if query.format == "ndjson":
        areas = every_area() if areas_for else None
        return ndjson((record(row, areas) for row in queryset.iterator(chunk_size=200)), name)
    total = queryset.count()
    start, end = bounds(query)
    rows = list(queryset[start:end])
    remember_last_modified(request, rows)
    areas = _areas(areas_for, rows)
    return envelope(query, total, [record(row, areas) for row in rows])


def every_area() -> records.Areas:
    """The names of every zone a public service covers (for a whole ndjson list)."""
    zones = Service.objects.public().values_list("eligibility_zone", flat=True)
    return records.Areas.for_codes({code for zone in zones for code in zone})


def _areas(areas_for, rows):
    return areas_for(rows) if areas_for else None


def _services_areas(services):
    return records.Areas.for_services(services)


def _organisations_areas(organisations):
    services = [s for organisation in organisations for s in _public_services(organisation)]
    return records.Areas.for_services(services)


def _public_services(organisation):
    return getattr(organisation, "public_services", None) or []


# --- Root ----------------------------------------------------------------------------------------
@hsds.get("/", url_name="root", summary="Retrieve information about this API.")
def root(request):
    return {
        "version": "3.0",
        "openapi_url": request.build_absolute_uri(request.path + "openapi.json"),
    }


# --- Organizations -----------------------------------------------------------------------------
@hsds.get("/organizations", url_name="list_organizations")
def list_organizations(request, query: Query[OrganizationQuery]):
    queryset = search(organisations_queryset(), query.search, ("name", "description"))
    if query.full or query.full_service:
        queryset = queryset.prefetch_related(
            Prefetch("services", queryset=services_queryset(), to_attr="public_services")
        )

    def record(organisation, areas):
        if query.full or query.full_service:
            return records.organization_record(
                organisation, _public_services(organisation), query.full_service, areas
            )
        return records.organization_list_record(organisation)

    return page_of(request, queryset, query, record, "organizations", _organisations_areas)


@hsds.get("/organizations/{id}", url_name="get_organization")
def get_organization(request, id: str, full_service: bool = False):
    parsed = parse_id(id, (Kind.ORGANIZATION,))
    organisation = organisations_queryset().filter(pk=parsed[1]).first() if parsed else None
    if organisation is None:
        raise Http404
    services = list(services_queryset().filter(organisation=organisation))
    request.api_last_modified = max(
        [organisation.updated_at, *(service.updated_at for service in services)]
    )
    areas = records.Areas.for_services(services)
    return records.organization_record(organisation, services, full_service, areas)


# --- Services ------------------------------------------------------------------------------------
def minimal_record(service) -> dict:
    """`minimal=true`: the fields the list schema requires, and the modification date."""
    return {
        "id": records.service_id(service),
        "name": service.name,
        "status": records.status_of(service),
        "last_modified": service.updated_at.isoformat(),
    }


@hsds.get("/services", url_name="list_services")
def list_services(request, query: Query[ServiceQuery]):
    queryset = filter_services(services_queryset(), query)

    def record(service, areas):
        if query.minimal:
            return minimal_record(service)
        if query.full:
            return records.service_record(service, areas)
        return records.service_list_record(service)

    return page_of(request, queryset, query, record, "services", _services_areas)


@hsds.get("/services/{id}", url_name="get_service")
def get_service(request, id: str):
    parsed = parse_id(id, (Kind.SERVICE,))
    service = services_queryset().filter(pk=parsed[1]).first() if parsed else None
    if service is None:
        raise Http404
    request.api_last_modified = service.updated_at
    return records.service_record(service, records.Areas.for_services([service]))


# --- Services at a location --------------------------------------------------------------------
@hsds.get("/service_at_locations", url_name="list_service_at_locations")
def list_service_at_locations(request, query: Query[ServiceAtLocationQuery]):
    if query.proximity is not None and not query.postcode:
        raise FilterError(
            _("« proximity » se mesure depuis le centre d'un code postal : indiquez « postcode »."),
            "proximity",
        )
    queryset = filter_services(with_place(services_queryset()), query)
    if query.postcode:
        queryset = covering_postcode(queryset, query.postcode, query.proximity)

    def record(service, areas):
        if query.full:
            return records.service_at_location_record(service, areas)
        return records.service_at_location_list_record(service)

    return page_of(request, queryset, query, record, "service_at_locations", _services_areas)


@hsds.get("/service_at_locations/{id}", url_name="get_service_at_location")
def get_service_at_location(request, id: str):
    parsed = parse_id(id, (Kind.SERVICE_AT_LOCATION,))
    queryset = with_place(services_queryset())
    service = queryset.filter(pk=parsed[1]).first() if parsed else None
    if service is None:
        raise Http404
    request.api_last_modified = service.updated_at
    return records.service_at_location_record(service, records.Areas.for_services([service]))


# --- Locations ---------------------------------------------------------------------------------
def organisations_with_place():
    return organisations_queryset().filter(Q(address__gt="") | Q(commune__isnull=False))


def services_with_own_place():
    return services_queryset().filter(Q(address__gt="") | Q(commune__isnull=False))


@hsds.get("/locations", url_name="list_locations")
def list_locations(request, query: Query[LocationQuery]):
    """The organisations' places, then the services' own places, as one list."""
    organisations = search(organisations_with_place(), query.search, ("name", "address"))
    services = search(services_with_own_place(), query.search, ("name", "address"))
    if query.organization_id:
        key = organization_key(query.organization_id)
        organisations = organisations.filter(pk=key)
        services = services.filter(organisation_id=key)
    if query.format == "ndjson":
        everything = itertools.chain(
            (records.organization_location(o) for o in organisations.iterator(chunk_size=200)),
            (records.service_location(s) for s in services.iterator(chunk_size=200)),
        )
        return ndjson(everything, "locations")
    first_count = organisations.count()
    total = first_count + services.count()
    start, end = bounds(query)
    rows = list(organisations[start:end]) if start < first_count else []
    contents = [records.organization_location(o) for o in rows]
    if len(contents) < query.per_page:
        service_start = max(0, start - first_count)
        service_rows = list(
            services[service_start : service_start + query.per_page - len(contents)]
        )
        rows += service_rows
        contents += [records.service_location(s) for s in service_rows]
    remember_last_modified(request, rows)
    return envelope(query, total, contents)


@hsds.get("/locations/{id}", url_name="get_location")
def get_location(request, id: str):
    parsed = parse_id(id, (Kind.ORGANIZATION_LOCATION, Kind.SERVICE_LOCATION))
    if parsed is None:
        raise Http404
    kind, key = parsed
    if kind == Kind.ORGANIZATION_LOCATION:
        organisation = organisations_with_place().filter(pk=key).first()
        if organisation is None:
            raise Http404
        request.api_last_modified = organisation.updated_at
        return records.organization_location(organisation)
    service = services_with_own_place().filter(pk=key).first()
    if service is None:
        raise Http404
    request.api_last_modified = service.updated_at
    return records.service_location(service)


# --- Taxonomies ----------------------------------------------------------------------------------
def _matches(text: str | None, *values: str) -> bool:
    words = fold(clean(text)).split()
    haystack = fold(" ".join(values))
    return all(word in haystack for word in words)


def list_page(request, items: list, query: PageQuery, name: str):
    if query.format == "ndjson":
        return ndjson(iter(items), name)
    start, end = bounds(query)
    return envelope(query, len(items), items[start:end])


@hsds.get("/taxonomies", url_name="list_taxonomies")
def list_taxonomies(request, query: Query[SearchQuery]):
    taxonomy = taxonomy_record()
    items = [taxonomy] if _matches(query.search, taxonomy["name"], taxonomy["description"]) else []
    return list_page(request, items, query, "taxonomies")


@hsds.get("/taxonomies/{id}", url_name="get_taxonomy")
def get_taxonomy(request, id: str):
    if id != TAXONOMY_ID:
        raise Http404
    return taxonomy_record()


@hsds.get("/taxonomy_terms", url_name="list_taxonomy_terms")
def list_taxonomy_terms(request, query: Query[TaxonomyTermQuery]):
    """`top_only`: the categories (terms without a parent); `parent_id`: a category's
    thematiques."""
    selected = list(terms())
    if query.taxonomy_id and query.taxonomy_id != TAXONOMY_ID:
        selected = []
    if query.top_only:
        selected = [term for term in selected if term.is_top]
    if query.parent_id:
        parent = terms_by_id().get(query.parent_id)
        code = parent.code if parent else None
        selected = [term for term in selected if term.parent_code and term.parent_code == code]
    selected = [term for term in selected if _matches(query.search, term.name, term.code)]
    return list_page(request, [term_record(term) for term in selected], query, "taxonomy_terms")


@hsds.get("/taxonomy_terms/{id}", url_name="get_taxonomy_term")
def get_taxonomy_term(request, id: str):
    term = terms_by_id().get(id)
    if term is None:
        raise Http404
    return term_record(term)

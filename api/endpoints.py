"""Operations of the API: one list (JSON and CSV) per resource, details, data·inclusion.

Views are thin: a public queryset with what its records need preloaded, the filters of
`api.filters`, one page of `api.pagination`, the records of `api.schemas`."""

from __future__ import annotations

from django.db.models import Max, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query

from directory import data_inclusion_export as di
from directory import selectors as directory_selectors
from directory.models import Commune, Organisation, Service
from events.models import EventOccurrence, EventPage
from events.translations import source_events
from offers.models import Premises, ServiceOffer

from . import csv_export, filters
from .api import api
from .http import error_response
from .pagination import paginate
from .schemas import (
    ApiError,
    CommuneOut,
    CommunePage,
    EventListPage,
    ExportReport,
    OfferPage,
    OrganisationOut,
    OrganisationPage,
    PremisesPage,
    ServiceExportPage,
    ServiceOut,
    ServicePage,
    StructureExportPage,
    commune_record,
    event_record,
    offer_record,
    organisation_record,
    premises_record,
    service_record,
)

UPCOMING_OCCURRENCES = 10
ERRORS = {400: ApiError, 401: ApiError, 422: ApiError, 429: ApiError}
CSV_RESPONSES = {
    "responses": {
        "200": {
            "description": _("Fichier CSV (UTF-8 avec BOM)."),
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(404, _("Ressource introuvable."))


# --- Querysets ---------------------------------------------------------------------------------
def organisations_queryset():
    return Organisation.objects.public().select_related("commune")


def services_queryset():
    return Service.objects.public().select_related(
        "organisation", "organisation__commune", "commune"
    )


def offers_queryset():
    return ServiceOffer.objects.published().select_related("provider")


def premises_queryset():
    return (
        Premises.objects.published()
        .select_related("landlord", "commune", "residence")
        .prefetch_related("lots")
    )


def events_queryset():
    upcoming = EventOccurrence.objects.filter(end__gte=timezone.now()).order_by("start", "pk")
    return (
        source_events(EventPage.objects.live().public())  # each event once, in French
        .select_related(
            "commune",
            "organiser",
            "place_organisation__commune",
            "place_residence__commune",
            "address_commune",
        )
        .prefetch_related(
            Prefetch(
                "occurrences",
                queryset=upcoming[:UPCOMING_OCCURRENCES],
                to_attr="upcoming_occurrences",
            )
        )
    )


# --- Helpers -----------------------------------------------------------------------------------
def next_link(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page_of(request, queryset, params, record, modified_field: str | None = "updated_at"):
    """One page of the filtered queryset, as the `Page` schemas expect."""
    total = queryset.count()
    rows, next_cursor = paginate(queryset, params.cursor, params.limit)
    if modified_field and rows:
        dates = [getattr(row, modified_field) for row in rows if getattr(row, modified_field)]
        request.api_last_modified = max(dates) if dates else None
    return {
        "total": total,
        "next_cursor": next_cursor,
        "next": next_link(request, next_cursor),
        "results": [record(row) for row in rows],
    }


def is_partner(request) -> bool:
    return request.api_client.is_partner


# --- Organisations -----------------------------------------------------------------------------
@api.get(
    "/organisations",
    response={200: OrganisationPage, **ERRORS},
    tags=["Annuaire"],
    summary="Organisations publiées",
)
def list_organisations(request, params: Query[filters.OrganisationFilters]):
    queryset = filters.organisations(organisations_queryset(), params)
    return page_of(request, queryset, params, organisation_record)


@api.get(
    "/organisations.csv",
    response=ERRORS,
    tags=["CSV"],
    summary="Organisations publiées (CSV)",
    openapi_extra=CSV_RESPONSES,
)
def organisations_csv(
    request, params: Query[filters.OrganisationFilters], sep: csv_export.Sep = ","
):
    queryset = filters.organisations(organisations_queryset(), params).order_by("pk")
    return csv_export.response(queryset, csv_export.ORGANISATION_COLUMNS, sep, "organisations")


@api.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: ApiError, **ERRORS},
    tags=["Annuaire"],
    summary="Une organisation",
)
def get_organisation(request, organisation_id: int):
    """A merged duplicate's id answers 301 to its survivor's URL in the API."""
    organisation = organisations_queryset().filter(pk=organisation_id).first()
    if organisation is None:
        survivor = directory_selectors.merged_survivor(pk=organisation_id)
        if survivor is None:
            raise Http404
        base = request.path.rstrip("/").rsplit("/", 1)[0]
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return HttpResponsePermanentRedirect(f"{base}/{survivor.pk}{query}")
    request.api_last_modified = organisation.updated_at
    return organisation_record(organisation)


# --- Services ------------------------------------------------------------------------------------
@api.get(
    "/services",
    response={200: ServicePage, **ERRORS},
    tags=["Annuaire"],
    summary="Services publiés",
    description=(
        "Les contacts des services réservés aux professionnels (`contact_reserve_"
        "professionnels`) ne sont fournis qu'avec une clé partenaire."
    ),
)
def list_services(request, params: Query[filters.ServiceFilters]):
    queryset = filters.services(services_queryset(), params)
    partner = is_partner(request)
    return page_of(request, queryset, params, lambda s: service_record(s, partner))


@api.get(
    "/services.csv",
    response=ERRORS,
    tags=["CSV"],
    summary="Services publiés (CSV)",
    openapi_extra=CSV_RESPONSES,
)
def services_csv(request, params: Query[filters.ServiceFilters], sep: csv_export.Sep = ","):
    queryset = filters.services(services_queryset(), params).order_by("pk")
    partner = is_partner(request)
    columns = csv_export.service_columns(partner)
    return csv_export.response(queryset, columns, sep, "services")


@api.get(
    "/services/{service_id}",
    response={200: ServiceOut, 404: ApiError, **ERRORS},
    tags=["Annuaire"],
    summary="Un service",
)
def get_service(request, service_id: int):
    service = get_object_or_404(services_queryset(), pk=service_id)
    request.api_last_modified = service.updated_at
    return service_record(service, is_partner(request))


# --- Marketplace -------------------------------------------------------------------------------
@api.get(
    "/offres",
    response={200: OfferPage, **ERRORS},
    tags=["Offres et locaux"],
    summary="Offres de service de l'ESS publiées",
)
def list_offers(request, params: Query[filters.OfferFilters]):
    filters.refuse_point(request.GET)
    queryset = filters.offers(offers_queryset(), params)
    return page_of(request, queryset, params, offer_record)


@api.get(
    "/offres.csv",
    response=ERRORS,
    tags=["CSV"],
    summary="Offres de service de l'ESS (CSV)",
    openapi_extra=CSV_RESPONSES,
)
def offers_csv(request, params: Query[filters.OfferFilters], sep: csv_export.Sep = ","):
    filters.refuse_point(request.GET)
    queryset = filters.offers(offers_queryset(), params).order_by("pk")
    return csv_export.response(queryset, csv_export.OFFER_COLUMNS, sep, "offres")


@api.get(
    "/locaux",
    response={200: PremisesPage, **ERRORS},
    tags=["Offres et locaux"],
    summary="Locaux disponibles publiés",
)
def list_premises(request, params: Query[filters.PremisesFilters]):
    queryset = filters.premises(premises_queryset(), params)
    return page_of(request, queryset, params, premises_record)


@api.get(
    "/locaux.csv",
    response=ERRORS,
    tags=["CSV"],
    summary="Locaux disponibles (CSV)",
    openapi_extra=CSV_RESPONSES,
)
def premises_csv(request, params: Query[filters.PremisesFilters], sep: csv_export.Sep = ","):
    queryset = filters.premises(premises_queryset(), params).order_by("pk")
    return csv_export.response(queryset, csv_export.PREMISES_COLUMNS, sep, "locaux")


# --- Events ---------------------------------------------------------------------------------
@api.get(
    "/evenements",
    response={200: EventListPage, **ERRORS},
    tags=["Agenda"],
    summary="Événements publiés",
)
def list_events(request, params: Query[filters.EventFilters]):
    queryset = filters.events(events_queryset(), params)
    return page_of(
        request,
        queryset,
        params,
        lambda event: event_record(event, request),
        modified_field="last_published_at",
    )


@api.get(
    "/evenements.csv",
    response=ERRORS,
    tags=["CSV"],
    summary="Événements publiés (CSV)",
    openapi_extra=CSV_RESPONSES,
)
def events_csv(request, params: Query[filters.EventFilters], sep: csv_export.Sep = ","):
    queryset = filters.events(events_queryset(), params).order_by("pk")
    columns = csv_export.event_columns(request)
    return csv_export.response(queryset, columns, sep, "evenements")


# --- Communes ----------------------------------------------------------------------------------
@api.get(
    "/communes",
    response={200: CommunePage, **ERRORS},
    tags=["Territoires"],
    summary="Communes",
)
def list_communes(request, params: Query[filters.CommuneFilters]):
    queryset = filters.communes(Commune.objects.all(), params)
    return page_of(request, queryset, params, commune_record, modified_field=None)


@api.get(
    "/communes/{insee_code}",
    response={200: CommuneOut, 404: ApiError, **ERRORS},
    tags=["Territoires"],
    summary="Une commune",
)
def get_commune(request, insee_code: str):
    return commune_record(get_object_or_404(Commune, insee_code=insee_code[:5]))


# --- data·inclusion ------------------------------------------------------------------------------
def _export_page(request, queryset, params, export):
    total = queryset.count()
    rows, next_cursor = paginate(queryset, params.cursor, params.limit)
    if rows:
        request.api_last_modified = max(row.updated_at for row in rows)
    result = export(rows)
    return {
        "total": total,
        "next_cursor": next_cursor,
        "next": next_link(request, next_cursor),
        "results": result.records,
        "rapport": [entry.as_dict() for entry in result.report],
    }


@api.get(
    "/data-inclusion/structures",
    response={200: StructureExportPage, **ERRORS},
    tags=["data·inclusion"],
    summary="Structures au format data·inclusion v1",
    description=(
        "Chaque enregistrement est validé par le modèle `Structure` de data-inclusion-schema. "
        "`rapport` liste les fiches de la page exportées sans certains champs ou ignorées."
    ),
)
def data_inclusion_structures(request, params: Query[filters.PageParams]):
    return _export_page(request, di.exportable_organisations(), params, di.export_structures)


@api.get(
    "/data-inclusion/services",
    response={200: ServiceExportPage, **ERRORS},
    tags=["data·inclusion"],
    summary="Services au format data·inclusion v1",
    description=(
        "Chaque enregistrement est validé par le modèle `Service` de data-inclusion-schema. "
        "Les contacts réservés aux professionnels ne sont jamais exportés, ni les modes de "
        "mobilisation (`telephoner`, `envoyer-un-courriel`, `utiliser-lien-mobilisation`) "
        "dont l'enregistrement ne porte pas le contact."
    ),
)
def data_inclusion_services(request, params: Query[filters.PageParams]):
    return _export_page(request, di.exportable_services(), params, di.export_services)


@api.get(
    "/data-inclusion/rapport",
    response={200: ExportReport, **ERRORS},
    tags=["data·inclusion"],
    summary="Rapport de l'export data·inclusion",
    description="Toutes les fiches exportées incomplètement ou ignorées, avec la raison.",
)
def data_inclusion_report(request):
    structures, services = di.export_all()
    latest = [
        Organisation.objects.public().aggregate(latest=Max("updated_at"))["latest"],
        Service.objects.public().aggregate(latest=Max("updated_at"))["latest"],
    ]
    dates = [d for d in latest if d]
    request.api_last_modified = max(dates) if dates else None
    return {
        "structures_exportees": len(structures.records),
        "services_exportes": len(services.records),
        "rapport": list(di.iter_report(structures, services)),
    }

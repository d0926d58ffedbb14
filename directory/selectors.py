"""Querysets of the public directory pages (published entries only), with the related rows
each page needs fetched up front."""

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Case, Count, Func, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import JSONObject

from . import duplicates
from .models import Commune, Organisation, Service


def public_organisations():
    return Organisation.objects.public().select_related("commune")


def public_services():
    return Service.objects.public().select_related("organisation__commune", "commune")


def merged_survivor(**lookup) -> Organisation | None:
    """The public entry a merged organisation (found by `lookup`: slug=…, pk=…) now lives
    in, or None when there is no such merged entry or its survivor is not public."""
    merged = Organisation.objects.filter(merged_into__isnull=False, **lookup).first()
    if merged is None:
        return None
    survivor = duplicates.survivor_of(merged)
    return public_organisations().filter(pk=survivor.pk).first()


def organisation_page(slug: str) -> Organisation | None:
    return (
        public_organisations()
        # Tag names in the same query as the organisation (one query less per page).
        .annotate(
            tag_names=ArrayAgg(
                "tags__name", distinct=True, filter=Q(tags__isnull=False), default=Value([])
            )
        )
        .prefetch_related(
            Prefetch(
                "services",
                queryset=Service.objects.public().select_related("commune").order_by("name"),
                to_attr="public_services",
            ),
        )
        .filter(slug=slug)
        .first()
    )


def service_page(slug: str) -> Service | None:
    """The service with its itinerary stops as `stop_rows` (dicts, in order), in one query."""
    stop = JSONObject(
        place_label="stops__place_label",
        address="stops__address",
        commune="stops__commune__name",
        opening_hours="stops__opening_hours",
    )
    return (
        public_services()
        .annotate(
            stop_rows=ArrayAgg(
                stop,
                filter=Q(stops__isnull=False),
                order_by=("stops__sort_order", "stops__pk"),
                default=Value([]),
            )
        )
        .filter(slug=slug)
        .first()
    )


def services_in_commune(commune: Commune, category: str = ""):
    """Services placed in the commune, or whose eligibility zone names it (or its EPCI).
    Département-wide services placed elsewhere are left to search and orientation: listing
    them on every commune page would drown the local ones."""
    located_here = Q(commune=commune) | Q(commune__isnull=True, organisation__commune=commune)
    named = Q(
        eligibility_zone__overlap=[code for code in (commune.insee_code, commune.epci_code) if code]
    )
    services = public_services().filter(located_here | named)
    if category:
        services = services.filter(categories__contains=[category])
    return services.annotate(
        here=Case(When(located_here, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("here", "name")


def services_in_category(category: str, commune: Commune | None = None):
    services = public_services().filter(categories__contains=[category])
    if commune is not None:
        services = services.filter(
            Q(commune=commune)
            | Q(commune__isnull=True, organisation__commune=commune)
            | Q(eligibility_zone__overlap=commune.zone_codes)
            | Q(
                eligibility_zone=[],
                organisation__commune__departement_code=commune.departement_code,
            )
        )
    return services.order_by("name")


class Unnest(Func):
    function = "unnest"


def category_counts() -> dict[str, int]:
    """Number of public services per category, in one query."""
    rows = (
        Service.objects.public()
        .annotate(category=Unnest("categories"))
        .values("category")
        .annotate(total=Count("id"))
        .values_list("category", "total")
    )
    return dict(rows)

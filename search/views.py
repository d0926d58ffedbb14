"""Search page, autocomplete and CSV export. Thin: input → `SearchQuery` → backend → HTML."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import counters
from core.csv import BOM, line_writer
from core.languages import in_reader_language
from core.phones import phone_display

from . import places
from .query import (
    CANDIDATE_LIMIT,
    FACET_TITLES,
    FACETS,
    MAX_PER_PAGE,
    MAX_RADIUS_KM,
    QueryError,
    SearchQuery,
    facet_label,
    search,
    suggest,
)
from .registry import facet_labels, viewer_is_professional
from .text import clean

RADIUS_CHOICES = (1, 2, 5, 10, 20)
# Parameters that belong to the search form (the page shows their current values).
FORM_PARAMS = (
    "q",
    "type",
    "thematique",
    "public",
    "commune",
    "mode_accueil",
    "frais",
    "categorie",
    "pres_de",
    "adresse",
    "rayon",
    "tri",
    "ouvert",
)


class Place:
    """Where "près de" points to, resolved from the form."""

    def __init__(self, label: str = "", latitude=None, longitude=None) -> None:
        self.label = label
        self.latitude = latitude
        self.longitude = longitude


def _resolve_place(params) -> Place | None:
    """A commune of the list, a free address (geocoded when possible) or raw lat/lon."""
    code = clean(params.get("pres_de"), 5)
    address = clean(params.get("adresse"), 200)
    if address and places.can_geocode():
        found = places.geocode(address, code)
        if found is None:
            raise QueryError(_("Adresse introuvable : vérifiez-la ou choisissez une commune."))
        return Place(found.name, found.latitude, found.longitude)
    if code:
        commune = places.commune(code)
        if commune is None:
            raise QueryError(_("Commune inconnue : choisissez-la dans la liste."))
        return Place(commune.name, commune.latitude, commune.longitude)
    return None


def build_query(request, place: Place | None = None, **overrides) -> SearchQuery:
    """The search of the form. "Près de" a place orders by distance (relevance breaks ties)
    unless the form asks for relevance (`tri=relevance`)."""
    params = request.GET
    for name, value in params.items():
        if "\x00" in value or "\x00" in name:
            raise QueryError(_("La recherche contient des caractères non valides."))
    if place is None:
        place = _resolve_place(params)
    extra = dict(overrides)
    if place is not None:
        extra["near"] = (place.latitude, place.longitude)
        extra.setdefault("order", params.get("tri") or "distance")
        if not params.get("rayon"):
            extra.setdefault("radius_km", None)
    return SearchQuery.from_params(
        params, user_is_professional=viewer_is_professional(request.user), **extra
    )


def _zero_result_help(query: SearchQuery) -> dict:
    """What to try when nothing matches: a wider radius, no filters, related categories."""
    help_ = {"wider_radius": None, "without_filters": None, "categories": []}
    if query.radius_km and query.radius_km < MAX_RADIUS_KM:
        wider = min(MAX_RADIUS_KM, query.radius_km * 2)
        help_["wider_radius"] = f"{wider:g}"
    if query.has_filters and query.text:
        broader = search(
            replace(
                query,
                **{attr: () for attr, _prefix in FACETS.values()},
                commune="",
                radius_km=None,
                open_now=False,
                page=1,
                per_page=1,
            )
        )
        if broader.total:
            help_["without_filters"] = (
                broader.total,
                "?" + urlencode({"q": query.text}),
            )
            help_["categories"] = [
                (value.label, "?" + urlencode({"q": query.text, "categorie": value.value}))
                for value in broader.facets.get("category", [])[:6]
            ]
    if not help_["categories"]:
        help_["categories"] = [
            (label, "?" + urlencode({"categorie": value}))
            for value, label in list(facet_labels("category").items())[:8]
        ]
    return help_


def _page(results) -> tuple[Page, list[int]]:
    """The results' page as a Django `Page` (the shape components/pagination.html reads) and
    the page numbers to link: the first, the last and two on each side of the current one."""
    paginator = Paginator(range(results.num_pages * results.per_page), results.per_page)
    numbers = sorted(
        {1, results.num_pages, *range(results.page - 2, results.page + 3)}
        & set(paginator.page_range)
    )
    return paginator.get_page(results.page), numbers


def _in_reader_language(items: list) -> list:
    """Hits and suggestions with the address in the reader's language: the index stores the
    French address (indexing runs in the default language), English lives under /en/."""
    if get_language() == settings.LANGUAGE_CODE:
        return items
    return [replace(item, url=in_reader_language(item.url)) for item in items]


@require_GET
def search_page(request):
    params = request.GET
    context = {
        "form": {key: params.getlist(key) for key in FORM_PARAMS},
        "q": clean(params.get("q")),
        "radius_choices": RADIUS_CHOICES,
        "communes": places.communes(),
        "can_geocode": places.can_geocode(),
        "facet_titles": FACET_TITLES,
        "error": "",
        "results": None,
        "sorted_from": "",
        "facets": [],
        "active_filters": 0,
    }
    status = 200
    try:
        place = _resolve_place(params)
        query = build_query(request, place)
    except QueryError as error:
        context["error"] = str(error)
        status = 400
    else:
        if params.get("format") == "csv":
            return _csv_response(query, request)
        results = search(query)
        if not results.hits and query.text and query.page == 1:
            counters.note_zero_result_search(query.text)
        results = replace(results, hits=_in_reader_language(results.hits))
        page_obj, page_numbers = _page(results)
        context.update(
            results=results,
            facets=[
                {"name": name, "title": FACET_TITLES[name], "param": _param(name), "values": v}
                for name, v in results.facets.items()
                if v
            ],
            page_obj=page_obj,
            page_numbers=page_numbers,
            zero_help=_zero_result_help(query) if not results.hits else {},
            searched=bool(query.text or query.has_filters or query.near),
            sorted_from=place.label if query.order == "distance" else "",
            active_filters=_active_filters(query),
        )
    template = "search/search.html"
    if request.htmx and not request.htmx.boosted:
        template = "search/_results.html"
    return render(request, template, context, status=status)


def _active_filters(query: SearchQuery) -> int:
    """How many filters narrow the search (each checked value, and a radius): the count the
    filters' disclosure shows while it is closed."""
    return sum(len(values) for values in query.filters().values()) + (query.radius_km is not None)


def _param(facet: str) -> str:
    return {"kind": "type", "category": "categorie"}.get(facet, facet)


def _csv_rows(query: SearchQuery, request):
    yield BOM
    writer = line_writer(delimiter=";" if request.GET.get("sep") == ";" else ",")
    yield writer.writerow(
        [
            _("Type"),
            _("Titre"),
            _("Organisation"),
            _("Commune"),
            _("Distance (km)"),
            _("Thématiques"),
            _("Publics"),
            _("Téléphone"),
            _("Adresse web"),
        ]
    )
    page = 1
    while True:
        results = search(replace(query, page=page, per_page=MAX_PER_PAGE))
        for hit in results.hits:
            yield writer.writerow(
                [
                    str(hit.kind_label),
                    hit.title,
                    hit.extra.get("organisation", ""),
                    hit.commune_name,
                    "" if hit.distance_km is None else f"{hit.distance_km:.1f}",
                    " | ".join(str(facet_label("thematique", t)) for t in hit.thematiques),
                    " | ".join(str(facet_label("public", p)) for p in hit.publics),
                    phone_display(hit.extra.get("phone", "")),
                    request.build_absolute_uri(hit.url),
                ]
            )
        if not results.has_next or page * MAX_PER_PAGE >= CANDIDATE_LIMIT:
            break
        page += 1


def _csv_response(query: SearchQuery, request) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _csv_rows(query, request), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="recherche-maillage.csv"'
    return response


@require_GET
def suggest_view(request):
    """Autocomplete: JSON by default, an HTML list for htmx (or `format=html`)."""
    prefix = clean(request.GET.get("q"), 60)
    if "\x00" in request.GET.get("q", ""):
        return JsonResponse({"error": _("Caractères non valides.")}, status=400)
    suggestions = _in_reader_language(
        suggest(prefix, user_is_professional=viewer_is_professional(request.user))
    )
    if request.htmx or request.GET.get("format") == "html":
        return render(
            request, "search/_suggestions.html", {"suggestions": suggestions, "q": prefix}
        )
    return JsonResponse(
        {
            "query": prefix,
            "suggestions": [
                {"title": s.title, "url": s.url, "kind": s.kind, "label": str(s.kind_label)}
                for s in suggestions
            ],
        }
    )

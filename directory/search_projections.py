"""How directory entries appear in search (`search.registry`).

Organisations and services are indexed once published. A service shows its organisation's
name, phone and place when it has none of its own, so saving an organisation reindexes its
services too. Contacts marked for professionals only stay out of public documents: the
document itself stays public (people must find the service), only its phone is left out.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from search.places import Place, register_place_provider
from search.registry import (
    Projection,
    SearchDoc,
    object_url,
    register,
    register_facet_labels,
    tag_names,
)

from .geocoding import GeocoderUnavailable, geocode_address
from .label_translations import vocabulary_label
from .models import Commune, Organisation, Service
from .opening import closures_as_json, interval_horizon, open_intervals
from .vocabularies import (
    AT_HOME,
    MODE_ACCUEIL_LABELS,
    NATIONAL_VOCABULARIES,
    Category,
    Status,
    Typology,
)

register_facet_labels("mode_accueil", MODE_ACCUEIL_LABELS)

# The national labels of the facets, read in the reader's language when shown (a published
# translation, else French: directory/label_translations.py).
_lazy_label = lazy(vocabulary_label, str)
for _facet, _vocabulary in (
    ("thematique", "thematiques"),
    ("public", "publics"),
    ("mode_accueil", "modes_accueil"),
    ("frais", "frais"),
):
    register_facet_labels(
        _facet,
        {code: _lazy_label(_vocabulary, code) for code in NATIONAL_VOCABULARIES[_vocabulary]},
    )


def _opening(doc: SearchDoc, hours: str, closures: tuple) -> SearchDoc:
    """The hours and closures on the document: in `extra` for the cards' status (no query
    per card), as open intervals for « ouvert maintenant » and the closed-last order."""
    doc.extra["opening"] = {"hours": hours or "", "closures": closures_as_json(closures)}
    doc.open_intervals = open_intervals(hours, closures)
    doc.opening_known_until = interval_horizon()
    return doc


register_facet_labels("category", dict(Category.choices))


def _typology_keywords(typology: str) -> list[str]:
    """ "CCAS" and "Centre communal d'action sociale" from the typology choice."""
    if not typology:
        return []
    label = str(Typology(typology).label)
    return [typology, *(part.strip() for part in label.split("—"))]


@register
class OrganisationProjection(Projection):
    kind = "organisation"
    label = _("Organisation")
    model = Organisation

    def queryset(self):
        return (
            Organisation.objects.filter(status=Status.PUBLISHED, merged_into__isnull=True)
            .select_related("commune")
            .prefetch_related("tags")
        )

    def is_indexable(self, obj) -> bool:
        return (
            obj.status == Status.PUBLISHED
            and obj.merged_into_id is None  # a merged duplicate leaves search
            and bool(object_url(obj))
        )

    def document(self, obj) -> SearchDoc:
        commune = obj.commune
        latitude, longitude = obj.latitude, obj.longitude
        if latitude is None and commune is not None:
            latitude, longitude = commune.latitude, commune.longitude
        body = "\n".join(
            part
            for part in (obj.description, obj.address, obj.accessibility, obj.closure_message)
            if part
        )
        doc = SearchDoc(
            title=obj.name,
            url=object_url(obj),
            body=body,
            keywords=[*_typology_keywords(obj.typology), *tag_names(obj)],
            publics=list(obj.publics),
            categories=[],
            commune_code=commune.insee_code if commune else "",
            commune_name=commune.name if commune else "",
            latitude=latitude,
            longitude=longitude,
            updated_at=obj.updated_at,
            extra={
                "organisation": obj.name,
                "kind": obj.kind,
                "typology": obj.typology,
                "phone": obj.phone,
                "address": obj.address,
            },
        )
        return _opening(doc, obj.opening_hours, obj.closures)

    def related_to(self, obj):
        if obj.pk is None:
            return []
        return list(obj.services.all())


@register
class ServiceProjection(Projection):
    kind = "service"
    label = _("Service")
    model = Service

    def queryset(self):
        return (
            Service.objects.filter(status=Status.PUBLISHED, organisation__status=Status.PUBLISHED)
            .select_related("organisation", "organisation__commune", "commune")
            .prefetch_related("tags", "stops__commune")
        )

    def is_indexable(self, obj) -> bool:
        return (
            obj.status == Status.PUBLISHED
            and obj.organisation.status == Status.PUBLISHED
            and bool(object_url(obj))
        )

    def document(self, obj) -> SearchDoc:
        organisation = obj.organisation
        commune = obj.effective_commune
        latitude, longitude = obj.latitude, obj.longitude
        if latitude is None:
            latitude, longitude = organisation.latitude, organisation.longitude
        if latitude is None and commune is not None:
            latitude, longitude = commune.latitude, commune.longitude
        stops = [f"{stop.place_label} {stop.commune.name}" for stop in obj.stops.all()]
        body = "\n".join(
            part
            for part in (
                obj.description,
                obj.publics_details,
                obj.access_conditions,
                obj.fees_details,
                obj.effective_address,
                obj.closure_message,
                *stops,
            )
            if part
        )
        keywords = [
            organisation.name,
            *_typology_keywords(organisation.typology),
            *(str(Category(c).label) for c in obj.categories if c in Category.values),
            *tag_names(obj),
        ]
        doc = SearchDoc(
            title=obj.name,
            url=object_url(obj),
            body=body,
            keywords=keywords,
            thematiques=list(obj.thematiques),
            publics=list(obj.effective_publics),
            categories=list(obj.categories),
            commune_code=commune.insee_code if commune else "",
            commune_name=commune.name if commune else "",
            latitude=latitude,
            longitude=longitude,
            updated_at=max(obj.updated_at, organisation.updated_at),
            modes_accueil=list(obj.reception_modes),
            frais=[obj.fees] if obj.fees else [],
            extra={
                "organisation": organisation.name,
                "phone": "" if obj.contact_is_professional_only else obj.effective_phone,
                "at_home": AT_HOME in obj.reception_modes,
                "mobile": bool(stops),
            },
        )
        return _opening(doc, obj.effective_opening_hours, obj.closures)


class DirectoryPlaces:
    """Communes and address geocoding for the search page's "près de"."""

    def communes(self):
        return [
            Place(c.insee_code, c.name, c.latitude, c.longitude)
            for c in Commune.objects.served().only("insee_code", "name", "latitude", "longitude")
        ]

    def geocode(self, address: str, commune_code: str = ""):
        commune = Commune.objects.filter(insee_code=commune_code).first() if commune_code else None
        if commune is None and not address:
            return None
        try:
            result = geocode_address(address, "", commune)
        except GeocoderUnavailable as exc:
            result = exc.fallback
        if result is None:
            return None
        return Place(commune_code, result.label or address, result.latitude, result.longitude)


register_place_provider(DirectoryPlaces())

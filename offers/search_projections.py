"""How the marketplace appears in search (`search.registry`), imported by `search.apps`.

- ESS service offers (kind "offer") and vacant premises (kind "premises") are public once a
  moderator publishes them, like the marketplace's own lists: documents are public.
- Project needs (kind "need") have no public list: they are written for landlords, who look
  for projects to host. They are indexed for professionals only.

Only published entries are indexed, and premises only while available (the daily
`close_expired` may not have run yet). Saving reindexes and deleting unindexes on commit
(`connect_signals`), so a refusal, a closure or an archive removes the document: it is
re-read through `queryset()`, which keeps published entries only. Renaming an organisation
reindexes its entries, whose documents show its name.
"""

from __future__ import annotations

from data_inclusion.schema import v1
from django.utils.translation import gettext_lazy as _

from core.places import departement_name
from directory.models import Commune, Organisation
from search.registry import (
    VISIBILITY_PROFESSIONAL,
    VISIBILITY_PUBLIC,
    Projection,
    SearchDoc,
    object_url,
    register,
    register_dependents,
    register_facet_labels,
    tag_names,
)

from .models import Premises, ProjectNeed, ServiceOffer, premises_available_q
from .vocabularies import (
    Audience,
    OccupationType,
    OfferFamily,
    OfferTarget,
    OfferType,
    PremisesType,
    PricingModel,
    ProjectType,
    Status,
    Usage,
)

register_facet_labels("category", {f"offer:{v}": label for v, label in OfferType.choices})
register_facet_labels("category", {f"premises:{v}": label for v, label in PremisesType.choices})
register_facet_labels("category", {f"need:{v}": label for v, label in ProjectType.choices})

_THEMATIQUES = {m.value for m in v1.Thematique}
_PUBLICS = {m.value for m in v1.Public}

# Our offer types in the national vocabulary (data·inclusion thematiques), for facets.
OFFER_THEMATIQUES = {
    OfferType.SENIOR_CONCIERGE: ["logement-hebergement--se-maintenir-dans-le-logement"],
    OfferType.SOCIAL_CAFE: ["remobilisation--lien-social"],
    OfferType.TALK_GROUPS: [
        "remobilisation--lien-social",
        "remobilisation--bien-etre-confiance-en-soi",
    ],
    OfferType.DIGITAL_WORKSHOPS: [
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    OfferType.SMALL_REPAIRS: ["logement-hebergement--se-maintenir-dans-le-logement"],
    OfferType.MEAL_DELIVERY: ["equipement-et-alimentation--alimentation"],
    OfferType.ACCOMPANIED_TRANSPORT: ["mobilite--etre-accompagne-dans-son-parcours-mobilite"],
    OfferType.OUTREACH: ["remobilisation--lien-social"],
    OfferType.PHONE_CONTACT: ["remobilisation--lien-social"],
    OfferType.MOBILE_DESK: [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
    ],
    OfferType.ENERGY_SAVING: ["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
}

# The audiences of a project need in the national vocabulary (data·inclusion publics).
AUDIENCE_PUBLICS = {
    Audience.ELDERLY: "seniors",
    Audience.DISABLED: "personnes-en-situation-de-handicap",
    Audience.YOUTH: "jeunes",
    Audience.FAMILIES: "familles",
    Audience.EVERYONE: "tous-publics",
}


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value)) if value else ""


def _labels(choices, values) -> list[str]:
    return [_label(choices, v) for v in values if v]


def _communes(codes) -> list[Commune]:
    """The communes of these INSEE codes, in the order given (unknown codes are skipped)."""
    if not codes:
        return []
    by_code = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


def _place(commune: Commune | None, latitude=None, longitude=None) -> dict:
    """Facet and coordinates: the object's own point, else its commune's centre."""
    if latitude is None and commune is not None:
        latitude, longitude = commune.latitude, commune.longitude
    return {
        "commune_code": commune.insee_code if commune else "",
        "commune_name": commune.name if commune else "",
        "latitude": latitude,
        "longitude": longitude,
    }


def _join(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


@register
class OfferProjection(Projection):
    kind = "offer"
    label = _("Offre de l'ESS")
    model = ServiceOffer

    def queryset(self):
        return (
            ServiceOffer.objects.filter(status=Status.PUBLISHED)
            .select_related("provider", "provider__commune")
            .prefetch_related("tags")
        )

    def is_indexable(self, obj) -> bool:
        return obj.status == Status.PUBLISHED and bool(object_url(obj))

    def document(self, obj: ServiceOffer) -> SearchDoc:
        provider = obj.provider
        covered = _communes(obj.coverage_communes)
        if len(covered) == 1:
            # One commune: the offer is there.
            place = _place(covered[0])
        else:
            # The whole département or several communes: placed where the provider is.
            place = _place(provider.commune, provider.latitude, provider.longitude)
        coverage = (
            ", ".join(c.name for c in covered)
            if covered
            else str(
                _("Tout le département (%(name)s)")
                % {"name": departement_name(obj.coverage_departement)}
            )
        )
        return SearchDoc(
            title=obj.title,
            url=object_url(obj),
            body=_join(
                obj.description, obj.capacity, _("Intervient à : %(zone)s") % {"zone": coverage}
            ),
            keywords=[
                provider.name,
                _label(OfferType, obj.offer_type),
                _label(OfferFamily, obj.family),
                *_labels(OfferTarget, obj.targets),
                *tag_names(obj),
            ],
            thematiques=[t for t in OFFER_THEMATIQUES.get(obj.offer_type, []) if t in _THEMATIQUES],
            categories=[f"offer:{obj.offer_type}"],
            frais=[
                v1.Frais.GRATUIT.value
                if obj.pricing_model == PricingModel.FREE
                else v1.Frais.PAYANT.value
            ],
            visibility=VISIBILITY_PUBLIC,
            updated_at=obj.updated_at,
            extra={
                "organisation": provider.name,
                "offer_type": obj.offer_type,
                "family": obj.family,
                "coverage": coverage,
                "pricing": _label(PricingModel, obj.pricing_model),
            },
            **place,
        )


@register
class PremisesProjection(Projection):
    kind = "premises"
    label = _("Local disponible")
    model = Premises

    def queryset(self):
        return (
            Premises.objects.filter(status=Status.PUBLISHED)
            .filter(premises_available_q())
            .select_related("landlord", "commune", "residence")
            .prefetch_related("tags", "lots")
        )

    def is_indexable(self, obj) -> bool:
        return obj.status == Status.PUBLISHED and obj.is_available() and bool(object_url(obj))

    def document(self, obj: Premises) -> SearchDoc:
        residence = obj.residence
        lots = [str(lot) for lot in obj.lots.all()]
        keywords = [
            obj.landlord.name,
            _label(PremisesType, obj.premises_type),
            _label(OccupationType, obj.occupation_type),
            *_labels(Usage, obj.allowed_usages),
            *tag_names(obj),
        ]
        if residence is not None:
            keywords.append(residence.name)
        if obj.pmr_accessible:
            keywords.append(str(_("Accessible aux personnes à mobilité réduite")))
        if obj.is_erp:
            keywords.append(str(_("Établissement recevant du public (ERP)")))
        return SearchDoc(
            title=obj.title,
            url=object_url(obj),
            body=_join(
                obj.description,
                obj.address or (residence.address if residence else ""),
                _("%(surface)s m²") % {"surface": obj.total_surface},
                *lots,
            ),
            keywords=keywords,
            categories=[f"premises:{obj.premises_type}"],
            frais=[v1.Frais.GRATUIT.value if obj.free_of_charge else v1.Frais.PAYANT.value],
            visibility=VISIBILITY_PUBLIC,
            updated_at=obj.updated_at,
            extra={
                "organisation": obj.landlord.name,
                "premises_type": obj.premises_type,
                "surface": obj.total_surface,
                "available_from": obj.available_from.isoformat() if obj.available_from else "",
                "pmr": obj.pmr_accessible,
            },
            **_place(obj.commune, obj.latitude, obj.longitude),
        )


@register
class NeedProjection(Projection):
    kind = "need"
    label = _("Besoin de local")
    model = ProjectNeed

    def queryset(self):
        return ProjectNeed.objects.filter(status=Status.PUBLISHED).select_related(
            "organisation", "center_commune"
        )

    def is_indexable(self, obj) -> bool:
        return obj.status == Status.PUBLISHED and bool(object_url(obj))

    def document(self, obj: ProjectNeed) -> SearchDoc:
        zone = _communes(obj.zone_communes)
        commune = obj.center_commune or (zone[0] if zone else None)
        zone_names = ", ".join(c.name for c in zone)
        return SearchDoc(
            title=obj.title,
            url=object_url(obj),
            body=_join(
                obj.description,
                _("Surface : %(min)s à %(max)s m²")
                % {"min": obj.surface_min, "max": obj.surface_max},
                _("Recherché à : %(zone)s") % {"zone": zone_names} if zone_names else "",
            ),
            keywords=[
                obj.organisation.name,
                _label(ProjectType, obj.project_type),
                *_labels(Usage, obj.usages),
                *_labels(Audience, obj.audiences),
            ],
            publics=sorted(
                {AUDIENCE_PUBLICS[a] for a in obj.audiences if a in AUDIENCE_PUBLICS} & _PUBLICS
            ),
            categories=[f"need:{obj.project_type}"],
            # No public list of needs: they are meant for landlords.
            visibility=VISIBILITY_PROFESSIONAL,
            updated_at=obj.updated_at,
            extra={
                "organisation": obj.organisation.name,
                "project_type": obj.project_type,
                "start_date": obj.start_date.isoformat() if obj.start_date else "",
            },
            **_place(commune, obj.latitude, obj.longitude),
        )


def organisation_entries(organisation) -> list:
    """The documents show the organisation's name: they are reindexed when it is saved."""
    if organisation.pk is None:
        return []
    return [
        *ServiceOffer.objects.filter(provider=organisation, status=Status.PUBLISHED).only("pk"),
        *Premises.objects.filter(landlord=organisation, status=Status.PUBLISHED).only("pk"),
        *ProjectNeed.objects.filter(organisation=organisation, status=Status.PUBLISHED).only("pk"),
    ]


register_dependents(Organisation, organisation_entries)

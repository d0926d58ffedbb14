"""Output schemas of the API, one per resource, and the records built from the models.

Field names are French, like data·inclusion's. The `*_record` functions are plain: a model
instance (with what the list query preloaded) in, a dict out; `partner` says whether the
caller may see the contacts reserved for professionals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from data_inclusion.schema import v1
from django.conf import settings
from ninja import Field, Schema

from directory.opening import temporary_notices
from directory.vocabularies import thematiques_for


class ApiErrorDetail(Schema):
    parametre: str = Field(description="Paramètre en cause.")
    message: str


class ApiError(Schema):
    detail: str = Field(description="Message d'erreur, en français.")
    erreurs: list[ApiErrorDetail] = Field(default_factory=list)


class CommuneRef(Schema):
    code_insee: str
    nom: str


class Page(Schema):
    total: int = Field(description="Nombre de résultats répondant aux filtres.")
    next_cursor: str | None = Field(description="Curseur de la page suivante (null : fin).")
    next: str | None = Field(description="Lien de la page suivante (null : fin).")


class Closure(Schema):
    du: date | None
    au: date | None
    message: str


class OrganisationOut(Schema):
    id: int
    nom: str
    nature: str
    typologie: str
    siret: str
    finess: str
    adresse: str
    complement_adresse: str
    code_postal: str
    commune: CommuneRef | None
    latitude: float | None
    longitude: float | None
    telephone: str
    courriel: str
    site_web: str
    horaires_accueil: str
    accessibilite: str
    description: str
    publics: list[str]
    reseaux_porteurs: list[str]
    fermeture_temporaire: Closure | None
    avis_temporaires: list[str] = Field(
        default_factory=list,
        description=(
            "Avis en cours ou dans les 30 jours, en clair : fermeture temporaire à venir, "
            "horaires modifiés sur une période (périodes datées de horaires_accueil), message."
        ),
    )
    source: str
    source_amont: str = Field(
        "",
        description=(
            "Producteur d'origine d'une fiche reçue par un agrégateur (dora, soliguide… pour "
            "une fiche importée de data·inclusion) ; vide sinon."
        ),
    )
    date_maj: date
    modifie_le: datetime
    url: str
    distance_km: float | None = None


class ServiceOut(Schema):
    id: int
    nom: str
    organisation_id: int
    organisation_nom: str
    description: str
    types: list[str]
    thematiques: list[str] = Field(
        description="Thématiques nationales, y compris celles des catégories du portail."
    )
    categories: list[str]
    publics: list[str]
    publics_precisions: str
    frais: str
    frais_precisions: str
    conditions_acces: str
    modes_accueil: list[str]
    zone_eligibilite: list[str]
    modes_mobilisation: list[str]
    mobilisable_par: list[str]
    lien_mobilisation: str
    mobilisation_precisions: str
    commune: CommuneRef | None
    adresse: str
    code_postal: str
    latitude: float | None
    longitude: float | None
    horaires_accueil: str
    fermeture_temporaire: Closure | None = Field(
        None,
        description=(
            "Fermeture temporaire du service lui-même ; celle de son organisation "
            "s'applique aussi (voir l'organisation)."
        ),
    )
    avis_temporaires: list[str] = Field(
        default_factory=list,
        description=(
            "Avis en cours ou dans les 30 jours, en clair : fermeture temporaire à venir, "
            "horaires modifiés sur une période (périodes datées de horaires_accueil), message."
        ),
    )
    contact_reserve_professionnels: bool = Field(
        description="Téléphone et courriel fournis seulement aux partenaires (clé d'API)."
    )
    telephone: str | None
    courriel: str | None
    date_maj: date
    modifie_le: datetime
    url: str
    distance_km: float | None = None


class OfferOut(Schema):
    id: int
    titre: str
    description: str
    famille: str
    type: str
    structure_id: int
    structure_nom: str
    communes_couvertes: list[str]
    departement_couvert: str
    cibles: list[str]
    tarification: str
    montant: Decimal | None
    capacite: str
    publiee_le: datetime | None
    modifie_le: datetime
    url: str


class LotOut(Schema):
    designation: str
    surface: int
    etage: int
    disponible_du: date | None


class PremisesOut(Schema):
    id: int
    titre: str
    description: str
    bailleur_id: int
    bailleur_nom: str
    type: str
    adresse: str
    commune: CommuneRef
    latitude: float | None
    longitude: float | None
    surface_totale: int
    gratuit: bool
    loyer: Decimal | None
    charges: Decimal | None
    type_occupation: str
    erp: bool
    accessible_pmr: bool
    ascenseur: bool
    usages: list[str]
    disponible_du: date
    disponible_jusqu_au: date | None
    lots: list[LotOut]
    publiee_le: datetime | None
    modifie_le: datetime
    url: str
    distance_km: float | None = None


class OccurrenceOut(Schema):
    debut: datetime
    fin: datetime
    annulee: bool


class EventOut(Schema):
    id: int
    titre: str
    resume: str
    type: str
    debut: datetime
    fin: datetime
    recurrence: str
    lieu: str
    en_ligne: bool
    commune: CommuneRef | None
    publics: list[str]
    accessibilite: list[str]
    organisateur_id: int | None
    organisateur_nom: str | None
    gratuit: bool
    tarif: Decimal | None
    places_par_seance: int | None
    inscriptions_ouvertes: bool
    prochaines_seances: list[OccurrenceOut]
    modifie_le: datetime | None
    url: str
    distance_km: float | None = None


class CommuneOut(Schema):
    code_insee: str
    nom: str
    codes_postaux: list[str]
    departement: str
    epci_code: str
    epci_nom: str
    latitude: float
    longitude: float
    population: int | None


class OrganisationPage(Page):
    results: list[OrganisationOut]


class ServicePage(Page):
    results: list[ServiceOut]


class OfferPage(Page):
    results: list[OfferOut]


class PremisesPage(Page):
    results: list[PremisesOut]


class EventListPage(Page):
    results: list[EventOut]


class CommunePage(Page):
    results: list[CommuneOut]


class ReportEntryOut(Schema):
    kind: str = Field(description="« structure » ou « service ».")
    id: int = Field(description="Identifiant de la fiche dans le portail.")
    name: str
    status: str = Field(description="« partiel » (exportée sans certains champs) ou « ignoré ».")
    reasons: list[str]


class StructureExportPage(Page):
    results: list[v1.Structure]
    rapport: list[ReportEntryOut] = Field(
        description="Fiches de cette page exportées incomplètement ou ignorées, et pourquoi."
    )


class ServiceExportPage(Page):
    results: list[v1.Service]
    rapport: list[ReportEntryOut]


class ExportReport(Schema):
    structures_exportees: int
    services_exportes: int
    rapport: list[ReportEntryOut]


# --- Records ------------------------------------------------------------------------------------
def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def _commune(commune) -> dict | None:
    return {"code_insee": commune.insee_code, "nom": commune.name} if commune else None


def _distance(instance) -> float | None:
    distance = getattr(instance, "distance_m", None)
    return round(distance / 1000, 3) if distance is not None else None


def _closure(entry) -> dict | None:
    if entry.closed_from or entry.closed_until:
        return {"du": entry.closed_from, "au": entry.closed_until, "message": entry.closure_message}
    return None


def organisation_record(organisation) -> dict[str, Any]:
    closure = _closure(organisation)
    return {
        "id": organisation.pk,
        "nom": organisation.name,
        "nature": organisation.kind,
        "typologie": organisation.typology,
        "siret": organisation.siret,
        "finess": organisation.finess,
        "adresse": organisation.address,
        "complement_adresse": organisation.address_complement,
        "code_postal": organisation.postcode,
        "commune": _commune(organisation.commune),
        "latitude": organisation.latitude,
        "longitude": organisation.longitude,
        "telephone": organisation.phone,
        "courriel": organisation.email,
        "site_web": organisation.website,
        "horaires_accueil": organisation.opening_hours,
        "accessibilite": organisation.accessibility,
        "description": organisation.description,
        "publics": list(organisation.publics),
        "reseaux_porteurs": list(organisation.reseaux_porteurs),
        "fermeture_temporaire": closure,
        "avis_temporaires": temporary_notices(organisation.opening_hours, organisation.closures),
        "source": organisation.source,
        "source_amont": organisation.upstream_source,
        "date_maj": organisation.date_maj,
        "modifie_le": organisation.updated_at,
        "url": absolute(organisation.get_absolute_url()),
        "distance_km": _distance(organisation),
    }


def service_record(service, partner: bool) -> dict[str, Any]:
    organisation = service.organisation
    hidden = service.contact_is_professional_only and not partner
    return {
        "id": service.pk,
        "nom": service.name,
        "organisation_id": organisation.pk,
        "organisation_nom": organisation.name,
        "description": service.description,
        "types": list(service.types),
        "thematiques": thematiques_for(service.categories, service.thematiques),
        "categories": list(service.categories),
        "publics": list(service.effective_publics),
        "publics_precisions": service.publics_details,
        "frais": service.fees,
        "frais_precisions": service.fees_details,
        "conditions_acces": service.access_conditions,
        "modes_accueil": list(service.reception_modes),
        "zone_eligibilite": list(service.eligibility_zone),
        "modes_mobilisation": list(service.mobilisation_modes),
        "mobilisable_par": list(service.mobilised_by),
        "lien_mobilisation": service.mobilisation_link,
        "mobilisation_precisions": service.mobilisation_details,
        "commune": _commune(service.effective_commune),
        "adresse": service.effective_address,
        "code_postal": service.effective_postcode,
        "latitude": service.latitude if service.latitude is not None else organisation.latitude,
        "longitude": (
            service.longitude if service.longitude is not None else organisation.longitude
        ),
        "horaires_accueil": service.effective_opening_hours,
        "fermeture_temporaire": _closure(service),
        "avis_temporaires": temporary_notices(service.effective_opening_hours, service.closures),
        "contact_reserve_professionnels": service.contact_is_professional_only,
        "telephone": None if hidden else service.effective_phone,
        "courriel": None if hidden else service.effective_email,
        "date_maj": service.date_maj,
        "modifie_le": service.updated_at,
        "url": absolute(service.get_absolute_url()),
        "distance_km": _distance(service),
    }


def offer_record(offer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "titre": offer.title,
        "description": offer.description,
        "famille": offer.family,
        "type": offer.offer_type,
        "structure_id": offer.provider_id,
        "structure_nom": offer.provider.name,
        "communes_couvertes": list(offer.coverage_communes),
        "departement_couvert": offer.coverage_departement,
        "cibles": list(offer.targets),
        "tarification": offer.pricing_model,
        "montant": offer.price_amount,
        "capacite": offer.capacity,
        "publiee_le": offer.published_at,
        "modifie_le": offer.updated_at,
        "url": absolute(offer.get_absolute_url()),
    }


def premises_record(premises) -> dict[str, Any]:
    residence = premises.residence
    address = premises.address or (residence.address if residence else "")
    return {
        "id": premises.pk,
        "titre": premises.title,
        "description": premises.description,
        "bailleur_id": premises.landlord_id,
        "bailleur_nom": premises.landlord.name,
        "type": premises.premises_type,
        "adresse": address,
        "commune": _commune(premises.commune),
        "latitude": premises.latitude,
        "longitude": premises.longitude,
        "surface_totale": premises.total_surface,
        "gratuit": premises.free_of_charge,
        "loyer": premises.rent,
        "charges": premises.charges,
        "type_occupation": premises.occupation_type,
        "erp": premises.is_erp,
        "accessible_pmr": premises.pmr_accessible,
        "ascenseur": premises.has_lift,
        "usages": list(premises.allowed_usages),
        "disponible_du": premises.available_from,
        "disponible_jusqu_au": premises.available_until,
        "lots": [
            {
                "designation": lot.label,
                "surface": lot.surface,
                "etage": lot.floor,
                "disponible_du": lot.available_from,
            }
            for lot in premises.lots.all()
        ],
        "publiee_le": premises.published_at,
        "modifie_le": premises.updated_at,
        "url": absolute(premises.get_absolute_url()),
        "distance_km": _distance(premises),
    }


def event_record(event, request=None) -> dict[str, Any]:
    organiser = event.organiser
    return {
        "id": event.pk,
        "titre": event.title,
        "resume": event.summary,
        "type": event.event_type,
        "debut": event.start,
        "fin": event.end,
        "recurrence": event.recurrence,
        "lieu": event.place_label(),
        "en_ligne": event.is_online,
        "commune": _commune(event.commune),
        "publics": list(event.audiences),
        "accessibilite": list(event.accessibility),
        "organisateur_id": organiser.pk if organiser else None,
        "organisateur_nom": organiser.name if organiser else None,
        "gratuit": event.is_free,
        "tarif": event.price_amount,
        "places_par_seance": event.capacity,
        "inscriptions_ouvertes": event.registration_open,
        "prochaines_seances": [
            {"debut": o.start, "fin": o.end, "annulee": o.cancelled}
            for o in event.upcoming_occurrences
        ],
        "modifie_le": event.last_published_at,
        "url": event.get_full_url(request) or "",
        "distance_km": _distance(event),
    }


def commune_record(commune) -> dict[str, Any]:
    return {
        "code_insee": commune.insee_code,
        "nom": commune.name,
        "codes_postaux": list(commune.postcodes),
        "departement": commune.departement_code,
        "epci_code": commune.epci_code,
        "epci_nom": commune.epci_name,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
        "population": commune.population,
    }

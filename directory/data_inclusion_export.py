"""Export of the public directory in the data·inclusion v1 format (DESIGN.md §5).

Each organisation becomes a `Structure`, each service a `Service`. Records are built as
plain dicts and validated with the pydantic models of `data_inclusion.schema.v1`, the same
the national validator uses, then serialised with `model_dump(mode="json")`.

Nothing is dropped silently: a record exported with a field left out (a value the schema
refuses, a second service type that v1 cannot carry…) is reported as *partial*, a record
that cannot be exported at all as *skipped*, each with the reason, in French.

Professional-only contacts are never exported: the export is open data.

Honesty of what a record claims:

- **Modes de mobilisation match the contacts carried.** In v1, `modes_mobilisation` and
  `mobilisable_par` are two independent sets: the schema cannot say "telephoner, but for
  professionals only" (`mobilisable_par=["professionnels"]` would claim the whole service is
  reserved to professionals, which is false when only the contact is). And v1 defines
  `telephoner` as "call the number of the service" and `envoyer-un-courriel` as "write to its
  address" (its quality score counts such a mode without the contact as a defect). So a mode
  whose contact the record does not carry — withheld because it is for professionals only,
  missing, or refused by the schema — is left out of `modes_mobilisation` (set to None when
  nothing remains), the same for `utiliser-lien-mobilisation` without `lien_mobilisation`,
  and each omission is reported (*partial*).
- **SIRET where known**: the organisation's SIRET, checked (14 digits, Luhn key) and
  compacted ("732 829 320 00074" → "73282932000074"); an invalid one is reported, not sent.
- **`date_maj`** is the entry's last *verification* (`verified_at`: the one-click link,
  « J'ai vérifié », a moderator's publication, or for an imported entry never verified here
  the source's own date — `directory.freshness`; an edit is not a verification), serialised
  as an ISO date — never the time of the export. Only
  a date in the future (typing error, or a Paris date already on the next day while the
  validator's `date.today()` is not) would make the schema refuse the whole record: it is
  then brought back to today, and reported."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date

from data_inclusion.schema import v1
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from .models import Organisation, Service
from .opening import hours_with_closures
from .validators import normalize_siret
from .vocabularies import export_modes_accueil, thematiques_for

# Records imported from data·inclusion are already published there: re-exporting them
# would duplicate them in the national dataset.
DATA_INCLUSION_SOURCE = "data-inclusion"
ACCESLIBRE_PREFIX = "https://acceslibre.beta.gouv.fr/"
PARTIAL = "partiel"
SKIPPED = "ignoré"


def source_name() -> str:
    """Our producer identifier in data·inclusion (`settings.DATA_INCLUSION_SOURCE`)."""
    return getattr(settings, "DATA_INCLUSION_SOURCE", "maillage")


def structure_id(organisation_pk: int) -> str:
    return f"{source_name()}--structure-{organisation_pk}"


def service_id(service_pk: int) -> str:
    return f"{source_name()}--service-{service_pk}"


@dataclass
class ReportEntry:
    """Why a record was not exported completely."""

    kind: str  # "structure" or "service"
    id: int
    name: str
    status: str  # PARTIAL or SKIPPED
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ExportResult:
    records: list[dict] = field(default_factory=list)
    report: list[ReportEntry] = field(default_factory=list)


# --- Queries ----------------------------------------------------------------------------------
def exportable_organisations():
    return Organisation.objects.public().select_related("commune").order_by("pk")


def exportable_services():
    return (
        Service.objects.public()
        .select_related("organisation", "organisation__commune", "commune")
        .order_by("pk")
    )


# --- Helpers ------------------------------------------------------------------------------------
def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def _text(value: str) -> str | None:
    value = (value or "").strip()
    return value or None


def _date_maj(entry, report: ReportEntry) -> date:
    """The entry's last verification date (`ModeratedEntry.date_maj`). The schema refuses a
    date after its own `date.today()` (typing error, or Paris already on the next day): only
    then is it brought back, and said."""
    latest = min(timezone.localdate(), date.today())
    if entry.date_maj > latest:
        report.reasons.append(
            _("Date de mise à jour dans le futur (%(date)s) : exportée au %(today)s.")
            % {"date": entry.date_maj.isoformat(), "today": latest.isoformat()}
        )
        return latest
    return entry.date_maj


def _siret(organisation: Organisation, entry: ReportEntry) -> str | None:
    """The organisation's SIRET as 14 digits, or None (an invalid one is reported)."""
    try:
        return normalize_siret(organisation.siret) or None
    except DjangoValidationError as error:
        entry.reasons.append(
            _("SIRET non exporté : %(message)s") % {"message": " ".join(error.messages)}
        )
        return None


# A mode of mobilisation and the field of the record it needs (v1 ModeMobilisation).
MODE_CONTACT_FIELDS = {
    v1.ModeMobilisation.TELEPHONER.value: "telephone",
    v1.ModeMobilisation.ENVOYER_UN_COURRIEL.value: "courriel",
    v1.ModeMobilisation.UTILISER_LIEN_MOBILISATION.value: "lien_mobilisation",
}


def _drop_modes_without_contact(record: dict, entry: ReportEntry) -> None:
    """Leave out of a validated service record every mode whose contact it does not carry."""
    modes = record.get("modes_mobilisation") or []
    kept = [
        mode
        for mode in modes
        if mode not in MODE_CONTACT_FIELDS or record.get(MODE_CONTACT_FIELDS[mode])
    ]
    for mode in modes:
        if mode not in kept:
            entry.reasons.append(
                _("Mode de mobilisation « %(mode)s » non exporté : pas de %(field)s exporté.")
                % {"mode": mode, "field": MODE_CONTACT_FIELDS[mode]}
            )
    record["modes_mobilisation"] = kept or None


def _validate(model, record: dict, entry: ReportEntry, required: set[str]) -> dict | None:
    """Validate `record`; drop optional fields the schema refuses (noting why), skip the
    record when a required field is refused."""
    for _attempt in range(len(record) + 1):
        try:
            return model.model_validate(record).model_dump(mode="json")
        except ValidationError as error:
            fields = {str(problem["loc"][0]) for problem in error.errors() if problem["loc"]}
            blocking = fields & required
            if blocking or not fields:
                entry.status = SKIPPED
                entry.reasons.extend(
                    _("%(field)s refusé par le schéma : %(message)s")
                    % {"field": ".".join(map(str, p["loc"])) or "?", "message": p["msg"]}
                    for p in error.errors()
                )
                return None
            for name in sorted(fields):
                message = next(
                    p["msg"] for p in error.errors() if p["loc"] and str(p["loc"][0]) == name
                )
                entry.reasons.append(
                    _("%(field)s non exporté (valeur refusée par le schéma : %(message)s)")
                    % {"field": name, "message": message}
                )
                record.pop(name, None)
    return None  # pragma: no cover - each attempt removes at least one field


def _finish(entry: ReportEntry, report: list[ReportEntry]) -> None:
    if entry.reasons:
        if entry.status != SKIPPED:
            entry.status = PARTIAL
        report.append(entry)


# --- Structures -------------------------------------------------------------------------------
STRUCTURE_REQUIRED = {"source", "id", "nom", "date_maj"}


def structure_record(organisation: Organisation, entry: ReportEntry) -> dict | None:
    """The validated data·inclusion structure of an organisation, or None (see `entry`)."""
    if organisation.source == DATA_INCLUSION_SOURCE:
        entry.status = SKIPPED
        entry.reasons.append(
            _("Fiche importée de data·inclusion (%(id)s) : déjà publiée à la source.")
            % {"id": organisation.source_id}
        )
        return None
    commune = organisation.commune
    accessibility = organisation.accessibility.strip()
    record = {
        "source": source_name(),
        "id": structure_id(organisation.pk),
        "nom": organisation.name.strip(),
        "date_maj": _date_maj(organisation, entry),
        "description": _text(organisation.description),
        "lien_source": _absolute(organisation.get_absolute_url()),
        "siret": _siret(organisation, entry),
        "commune": commune.name if commune else None,
        "code_postal": organisation.postcode or None,
        "code_insee": commune.insee_code if commune else None,
        "adresse": _text(organisation.address),
        "complement_adresse": _text(organisation.address_complement),
        "latitude": organisation.latitude,
        "longitude": organisation.longitude,
        "telephone": organisation.phone or None,
        "courriel": organisation.email or None,
        "site_web": organisation.website or None,
        "horaires_accueil": _text(
            hours_with_closures(organisation.opening_hours, organisation.closures)
        ),
        # v1 wants a link to acceslibre; our free-text description has no place there.
        "accessibilite_lieu": accessibility
        if accessibility.startswith(ACCESLIBRE_PREFIX)
        else None,
        "reseaux_porteurs": list(organisation.reseaux_porteurs) or None,
    }
    if len(record["nom"]) > 150:
        entry.reasons.append(_("Nom tronqué à 150 caractères."))
        record["nom"] = record["nom"][:150].rstrip()
    return _validate(v1.Structure, record, entry, STRUCTURE_REQUIRED)


def export_structures(organisations: Iterable[Organisation] | None = None) -> ExportResult:
    result = ExportResult()
    if organisations is None:
        organisations = exportable_organisations().iterator(chunk_size=500)
    for organisation in organisations:
        entry = ReportEntry("structure", organisation.pk, organisation.name, PARTIAL)
        record = structure_record(organisation, entry)
        if record is not None:
            result.records.append(record)
        _finish(entry, result.report)
    return result


# --- Services -----------------------------------------------------------------------------------
SERVICE_REQUIRED = {"source", "id", "structure_id", "nom", "description", "date_maj"}


def _publics(values: list[str], entry: ReportEntry) -> list[str] | None:
    publics = list(dict.fromkeys(values))
    everyone = v1.Public.TOUS_PUBLICS.value
    if everyone in publics and len(publics) > 1:
        # v1 forbids "tous-publics" with other values: the specific ones say more.
        publics.remove(everyone)
        entry.reasons.append(_("« Tous publics » retiré : combiné à des publics précis."))
    return publics or None


def service_record(service: Service, entry: ReportEntry) -> dict | None:
    """The validated data·inclusion service, or None (see `entry`)."""
    organisation = service.organisation
    if service.source == DATA_INCLUSION_SOURCE:
        entry.status = SKIPPED
        entry.reasons.append(
            _("Fiche importée de data·inclusion (%(id)s) : déjà publiée à la source.")
            % {"id": service.source_id}
        )
        return None
    if organisation.source == DATA_INCLUSION_SOURCE:
        entry.status = SKIPPED
        entry.reasons.append(
            _("Sa structure vient de data·inclusion : le service y serait sans structure.")
        )
        return None
    commune = service.effective_commune
    types = list(dict.fromkeys(service.types))
    if len(types) > 1:
        entry.reasons.append(
            _("Plusieurs types (%(types)s) : seul « %(kept)s » est exporté (v1 n'en prend qu'un).")
            % {"types": ", ".join(types), "kept": types[0]}
        )
    thematiques = thematiques_for(service.categories, service.thematiques)
    if not thematiques:
        entry.reasons.append(_("Aucune thématique nationale (ni catégorie qui s'y rattache)."))
    zone = list(service.eligibility_zone)
    if not zone and organisation.commune_id:
        zone = [organisation.commune.departement_code]
    hidden_contact = service.contact_is_professional_only
    if hidden_contact:
        entry.reasons.append(_("Contact réservé aux professionnels : non exporté."))
    record = {
        "source": source_name(),
        "id": service_id(service.pk),
        "structure_id": structure_id(organisation.pk),
        "nom": service.name.strip()[:150].rstrip(),
        "description": service.description.strip(),
        "lien_source": _absolute(service.get_absolute_url()),
        "date_maj": _date_maj(service, entry),
        "type": types[0] if types else None,
        "thematiques": thematiques or None,
        "frais": service.fees or None,
        "frais_precisions": _text(service.fees_details),
        "publics": _publics(service.effective_publics, entry),
        "publics_precisions": _text(service.publics_details),
        "conditions_acces": _text(service.access_conditions),
        "commune": commune.name if commune else None,
        "code_postal": service.effective_postcode or None,
        "code_insee": commune.insee_code if commune else None,
        "adresse": _text(service.effective_address),
        "complement_adresse": _text(
            service.address_complement if service.address else organisation.address_complement
        ),
        "latitude": service.latitude if service.latitude is not None else organisation.latitude,
        "longitude": (
            service.longitude if service.longitude is not None else organisation.longitude
        ),
        "telephone": None if hidden_contact else (service.effective_phone or None),
        "courriel": None if hidden_contact else (service.effective_email or None),
        "modes_accueil": export_modes_accueil(service.reception_modes) or None,
        "zone_eligibilite": zone or None,
        "lien_mobilisation": service.mobilisation_link or None,
        "modes_mobilisation": list(service.mobilisation_modes) or None,
        "mobilisable_par": list(service.mobilised_by) or None,
        "mobilisation_precisions": _text(service.mobilisation_details),
        # The schema has no closure field: closures go in as dated `off` rules.
        "horaires_accueil": _text(
            hours_with_closures(service.effective_opening_hours, service.closures)
        ),
    }
    if len(service.name.strip()) > 150:
        entry.reasons.append(_("Nom tronqué à 150 caractères."))
    validated = _validate(v1.Service, record, entry, SERVICE_REQUIRED)
    if validated is not None:
        _drop_modes_without_contact(validated, entry)
    return validated


def export_services(services: Iterable[Service] | None = None) -> ExportResult:
    """Services as data·inclusion records. A service whose structure cannot be exported is
    skipped (reported): it would point at nothing."""
    result = ExportResult()
    if services is None:
        services = exportable_services().iterator(chunk_size=500)
    exportable_structures: dict[int, bool] = {}
    for service in services:
        entry = ReportEntry("service", service.pk, service.name, PARTIAL)
        organisation_pk = service.organisation_id
        if organisation_pk not in exportable_structures:
            probe = ReportEntry("structure", organisation_pk, "", PARTIAL)
            exportable_structures[organisation_pk] = (
                structure_record(service.organisation, probe) is not None
            )
        if not exportable_structures[organisation_pk]:
            entry.status = SKIPPED
            entry.reasons.append(_("Sa structure n'a pas pu être exportée."))
            result.report.append(entry)
            continue
        record = service_record(service, entry)
        if record is not None:
            result.records.append(record)
        _finish(entry, result.report)
    return result


def export_all() -> tuple[ExportResult, ExportResult]:
    """The whole public directory: structures, then the services that can point at them."""
    return export_structures(), export_services()


def iter_report(*results: ExportResult) -> Iterator[dict]:
    for result in results:
        for entry in result.report:
            yield entry.as_dict()

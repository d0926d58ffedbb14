"""data·inclusion schema v1 (https://www.data.inclusion.gouv.fr): structures and services.

Accepted input: a JSON list of structures and a JSON list of services (two files), or one
JSON object `{"structures": [...], "services": [...]}`. Each record is validated with the
schema's own pydantic models (`data_inclusion.schema.v1.Structure` / `Service`); a record that
fails is reported with its position ("structure n° 3") and the schema's messages, the others
are kept.

Mapping: ids are already unique across producers ("dora--42"), so every record is stored with
source "data-inclusion" (the feed) and its id as source id, and keeps its producer (the
record's own `source`: dora, soliguide…) as upstream source; services find their structure through
`structure_id`. data·inclusion has no typology: the networks (`reseaux_porteurs`) give one
when they name a kind of actor we know (CCAS, France Services, CAF…), and the nature; the
rest are medico-social actors."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pydantic
from data_inclusion.schema import v1
from django.utils.translation import gettext as _

from directory.models import OrganisationKind
from directory.validators import ZONE_CODE_RE
from directory.vocabularies import Typology

from . import normalize
from .records import OrganisationRecord, ParsedFile, RowError, ServiceRecord

SOURCE = "data-inclusion"

R = v1.ReseauPorteur
# Network → (typology, kind).
NETWORK_TYPOLOGY: dict[str, tuple[str, str]] = {
    R.CCAS_CIAS: (Typology.CCAS, OrganisationKind.PUBLIC_BODY),
    R.FRANCE_SERVICE: (Typology.FRANCE_SERVICES, OrganisationKind.PUBLIC_BODY),
    R.CAF: (Typology.CAF, OrganisationKind.PUBLIC_BODY),
    R.CPAM: (Typology.CPAM, OrganisationKind.PUBLIC_BODY),
    R.CNAM: (Typology.CPAM, OrganisationKind.PUBLIC_BODY),
    R.MDPH: (Typology.MDPH, OrganisationKind.PUBLIC_BODY),
    R.COMMUNES: (Typology.MAIRIE, OrganisationKind.PUBLIC_BODY),
    R.DEPARTEMENTS: (Typology.DEPARTEMENT, OrganisationKind.PUBLIC_BODY),
    R.MAISONS_DES_SOLIDARITES: (Typology.CDAS, OrganisationKind.PUBLIC_BODY),
    R.CMP: (Typology.CMP, OrganisationKind.MEDICO_SOCIAL),
    R.CSAPA: (Typology.CSAPA, OrganisationKind.MEDICO_SOCIAL),
    R.CIDFF: (Typology.CIDFF, OrganisationKind.ESS),
    R.POINTS_CONSEIL_BUDGET: (Typology.POINT_CONSEIL_BUDGET, OrganisationKind.ESS),
    R.PIMMS_MEDIATION: (Typology.PIMMS, OrganisationKind.ESS),
}


class UnreadableFile(ValueError):
    """The file is not JSON in one of the accepted shapes (French message)."""


def load_json(content: bytes | str) -> Any:
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(_("Fichier JSON illisible : %(error)s") % {"error": error}) from error


def split_payload(payload: Any, *, default: str) -> tuple[list, list]:
    """(structures, services) of a decoded file: a bare list is of kind `default`."""
    if isinstance(payload, dict):
        structures, services = payload.get("structures", []), payload.get("services", [])
        if not isinstance(structures, list) or not isinstance(services, list):
            raise UnreadableFile(_("« structures » et « services » doivent être des listes."))
        if not structures and not services:
            raise UnreadableFile(_("Aucune liste « structures » ni « services » dans le fichier."))
        return structures, services
    if isinstance(payload, list):
        return (payload, []) if default == "structures" else ([], payload)
    raise UnreadableFile(_("Le fichier doit contenir une liste d'enregistrements."))


def _explain(error: pydantic.ValidationError) -> str:
    parts = []
    for detail in error.errors():
        location = ".".join(str(part) for part in detail["loc"]) or _("enregistrement")
        parts.append(f"{location} : {detail['msg']}")
    return " ; ".join(parts)


def _zone(codes, warnings: list[str]) -> list[str]:
    kept = []
    for code in codes or []:
        code = str(code).strip().upper()
        if code in {"FRANCE", "99100"}:
            continue  # national services: our empty zone means the organisation's département
        if ZONE_CODE_RE.match(code):
            kept.append(code)
        else:
            warnings.append(_("Code de zone « %(code)s » ignoré.") % {"code": code})
    return sorted(set(kept))


def _structure_record(position: int, structure: v1.Structure) -> OrganisationRecord:
    warnings: list[str] = []
    networks = sorted(str(network.value) for network in structure.reseaux_porteurs or [])
    typology, kind = "", OrganisationKind.MEDICO_SOCIAL
    for network in networks:
        if network in NETWORK_TYPOLOGY:
            typology, kind = NETWORK_TYPOLOGY[network]
            break
    return OrganisationRecord(
        source=SOURCE,
        source_id=structure.id,
        upstream_source=normalize.text(structure.source),
        name=normalize.text(structure.nom),
        line=position,
        kind=kind,
        typology=typology,
        siret=normalize.siret(structure.siret, warnings),
        address=normalize.text(structure.adresse),
        address_complement=normalize.text(structure.complement_adresse),
        postcode=normalize.postcode(structure.code_postal, warnings),
        insee_code=normalize.text(structure.code_insee).upper(),
        phone=normalize.phone(structure.telephone, warnings),
        email=normalize.email(structure.courriel, warnings),
        website=str(structure.site_web) if structure.site_web else "",
        opening_hours=normalize.hours(structure.horaires_accueil, warnings),
        description=(structure.description or "").strip(),
        latitude=normalize.coordinate(structure.latitude, -90, 90),
        longitude=normalize.coordinate(structure.longitude, -180, 180),
        updated_on=structure.date_maj,
        reseaux_porteurs=networks,
        warnings=warnings,
    )


def _quality_score(item: dict, warnings: list[str]) -> float | None:
    """The API's `score_qualite` (not part of the schema: absent from files)."""
    value = item.get("score_qualite")
    if value is None:
        return None
    try:
        score = float(value)
    except (TypeError, ValueError):
        score = -1.0
    if not 0 <= score <= 1:
        warnings.append(_("Score de qualité « %(value)s » ignoré.") % {"value": value})
        return None
    return score


def _service_record(position: int, service: v1.Service, item: dict) -> ServiceRecord:
    warnings: list[str] = []

    def values(items) -> list[str]:
        return sorted(str(item.value) for item in items or [])

    return ServiceRecord(
        source=SOURCE,
        source_id=service.id,
        upstream_source=normalize.text(service.source),
        structure_source_id=service.structure_id,
        name=normalize.text(service.nom),
        line=position,
        description=(service.description or "").strip(),
        types=[service.type.value] if service.type else [],
        thematiques=values(service.thematiques),
        publics=values(service.publics),
        publics_details=(service.publics_precisions or "").strip(),
        fees=service.frais.value if service.frais else "",
        fees_details=(service.frais_precisions or "").strip(),
        access_conditions=(service.conditions_acces or "").strip(),
        modes_accueil=values(service.modes_accueil),
        eligibility_zone=_zone(service.zone_eligibilite, warnings),
        mobilisation_modes=values(service.modes_mobilisation),
        mobilisable_by=values(service.mobilisable_par),
        mobilisation_details=(service.mobilisation_precisions or "").strip(),
        mobilisation_link=str(service.lien_mobilisation) if service.lien_mobilisation else "",
        phone=normalize.phone(service.telephone, warnings),
        email=normalize.email(service.courriel, warnings),
        opening_hours=normalize.hours(service.horaires_accueil, warnings),
        address=normalize.text(service.adresse),
        address_complement=normalize.text(service.complement_adresse),
        postcode=normalize.postcode(service.code_postal, warnings),
        insee_code=normalize.text(service.code_insee).upper(),
        latitude=normalize.coordinate(service.latitude, -90, 90),
        longitude=normalize.coordinate(service.longitude, -180, 180),
        updated_on=service.date_maj,
        quality_score=_quality_score(item, warnings),
        warnings=warnings,
    )


def _in_scope(insee_code: str, prefixes: tuple[str, ...] | None) -> bool:
    return prefixes is None or insee_code.startswith(prefixes)


def parse_records(
    structures: Iterable[Any],
    services: Iterable[Any],
    *,
    departements: set[str] | None = None,
) -> ParsedFile:
    """Validate and map decoded records (dicts from a file or from the API, any iterables:
    the structures are read before the services). With `departements`, structures located
    elsewhere (and their services) are skipped; services of a structure that failed are
    reported."""
    parsed = ParsedFile()
    prefixes = tuple(departements) if departements else None
    kept_structures: set[str] = set()
    failed: set[str] = set()
    out_of_scope: set[str] = set()
    for position, item in enumerate(structures, start=1):
        where = _("structure n° %(n)s") % {"n": position}
        try:
            structure = v1.Structure.model_validate(item)
        except pydantic.ValidationError as error:
            source_id = str(item.get("id", "")) if isinstance(item, dict) else ""
            name = str(item.get("nom", "")) if isinstance(item, dict) else ""
            parsed.errors.append(
                RowError(position, f"{where} — {_explain(error)}", source_id=source_id, name=name)
            )
            failed.add(source_id)
            continue
        if not _in_scope(normalize.text(structure.code_insee).upper(), prefixes):
            parsed.skipped += 1
            out_of_scope.add(structure.id)
            continue
        parsed.organisations.append(_structure_record(position, structure))
        kept_structures.add(structure.id)
    for position, item in enumerate(services, start=1):
        where = _("service n° %(n)s") % {"n": position}
        try:
            service = v1.Service.model_validate(item)
        except pydantic.ValidationError as error:
            source_id = str(item.get("id", "")) if isinstance(item, dict) else ""
            name = str(item.get("nom", "")) if isinstance(item, dict) else ""
            parsed.errors.append(
                RowError(
                    position,
                    f"{where} — {_explain(error)}",
                    source_id=source_id,
                    name=name,
                    entity="service",
                )
            )
            continue
        if service.structure_id in kept_structures:
            pass
        elif service.structure_id in failed:
            parsed.errors.append(
                RowError(
                    position,
                    _("%(where)s — sa structure « %(structure)s » est en erreur.")
                    % {"where": where, "structure": service.structure_id},
                    source_id=service.id,
                    name=service.nom,
                    entity="service",
                )
            )
            continue
        elif service.structure_id in out_of_scope:
            parsed.skipped += 1
            continue
        parsed.services.append(_service_record(position, service, item))
    return parsed


def parse(
    structures_content: bytes | str | None = None,
    services_content: bytes | str | None = None,
    *,
    departements: set[str] | None = None,
) -> ParsedFile:
    """Parse one combined file (in `structures_content`) or a structures and a services file.
    Raises UnreadableFile when a file is not usable at all."""
    structures: list = []
    services: list = []
    if structures_content is not None:
        found_structures, found_services = split_payload(
            load_json(structures_content), default="structures"
        )
        structures.extend(found_structures)
        services.extend(found_services)
    if services_content is not None:
        found_structures, found_services = split_payload(
            load_json(services_content), default="services"
        )
        structures.extend(found_structures)
        services.extend(found_services)
    return parse_records(structures, services, departements=departements)

"""FiNESS+ open-data flow of the structures, published by the ANS on data.gouv.fr
(`finess-structures-*.json`; schema `flux/out/data.gouv/structure/schema-structures-v1.json`
of the ansforge/finess repository).

One JSON document: `{"schemaVersion", "generatedAt", "gco": […], "gcc": […], "pmej": […]}`.
`pmej` holds the legal entities (EJ, « personnes morales »), each with its geographic
establishments (`ege`, the ET). The national file is several hundred megabytes: it is read as
a stream with ijson, one legal entity at a time, never whole in memory.

Fields read (names as published; the schema and the published files differ in a few
spellings, both are accepted):
- EJ `informationsGeneralesPMEJ` (schema: `informationsGeneralesPmej`): `numFinessPm`,
  `denominationLonguePmSmsse`, `denominationPm`, `dateFermeture`; its `etatObjet`.
- ET `informationsGeneralesEGE`: `numFinessEge`, `nomEgeLong`, `nomEgeCourt`, `siret`,
  `dateFermeture`; `categorieentiteGeographiqueExercice` (schema:
  `categorieEntiteGeographiqueExercice`, a coding `{code, system}`; the files give the code),
  the FINESS category (NOS TRE-R397), mapped as for the etalab CSV (`finess.CATEGORY_TYPOLOGY`);
  `etatObjet` (TRE-R386: `A` actif, `I` inactif; a coding or the code).
- Both: `adresse[]` (the main one, `usageAdresse` 03, else the first): `numeroVoie`,
  `typeVoie`, `libelleVoie`, `complementVoie`, `lieuDit`, `complementPointGeographique`,
  `codePostal`, `cogCommune` (INSEE code), `coordonneesGeographique` {`coordonneeX`
  longitude, `coordonneeY` latitude, in WGS84 degrees as published: no projection is named,
  none is applied; values outside degrees are dropped and the address geocoded};
  `contact[].telecom` {`telephone`, `courriel`}; `dateDerniereMaj` (a date or
  `{dateEvenement}`).

A closed EJ or ET (inactive state, or a closing date today or before) goes to
`ParsedFile.closed`: the entry is archived if we list it, and not created otherwise.
Legal entities and establishments share FINESS numbers' namespace and the etalab CSV's
source ("finess"), so both formats update the same entries."""

from __future__ import annotations

import io
from datetime import date
from typing import BinaryIO

import ijson
from django.utils.translation import gettext as _

from directory import validators
from directory.models import OrganisationKind

from . import normalize
from .finess import CATEGORY_TYPOLOGY, SOURCE, STREET_TYPES
from .records import OrganisationRecord, ParsedFile, RowError

ACTIVE = "A"
MAIN_ADDRESS = "03"


class UnreadableFile(ValueError):
    """Not a FiNESS+ JSON flow (French message)."""


def _code(value) -> str:
    """A coding as published: the code itself, or `{"code": …, "system": …}`."""
    if isinstance(value, dict):
        value = value.get("code")
    return str(value).strip() if value not in (None, "") else ""


def _first(mapping: dict, *names: str):
    for name in names:
        if mapping.get(name) not in (None, ""):
            return mapping[name]
    return None


def _date(value) -> date | None:
    if isinstance(value, dict):
        value = value.get("dateEvenement")
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _main_address(entity: dict) -> dict:
    addresses = [a for a in entity.get("adresse") or () if isinstance(a, dict)]
    for address in addresses:
        if _code(address.get("usageAdresse")) == MAIN_ADDRESS:
            return address
    return addresses[0] if addresses else {}


def _street(address: dict) -> str:
    number = " ".join(
        str(part).strip()
        for part in (address.get("numeroVoie"), address.get("complementVoie"))
        if part
    )
    kind = _code(address.get("typeVoie"))
    parts = [number, STREET_TYPES.get(kind.upper(), kind), address.get("libelleVoie") or ""]
    street = " ".join(str(part).strip() for part in parts if part)
    lieudit = (address.get("lieuDit") or "").strip()
    if lieudit:
        street = f"{street}, {lieudit}" if street else lieudit
    return normalize.text(street)


def _coordinates(address: dict, warnings: list[str]) -> tuple[float, float] | None:
    point = address.get("coordonneesGeographique")
    if not isinstance(point, dict) or not (point.get("coordonneeX") or point.get("coordonneeY")):
        return None
    longitude = normalize.coordinate(point.get("coordonneeX"), -180, 180)
    latitude = normalize.coordinate(point.get("coordonneeY"), -90, 90)
    if latitude is None or longitude is None:
        warnings.append(_("Coordonnées hors degrés WGS84, adresse à géocoder."))
        return None
    if str(point.get("directionLatitude") or "").upper() == "S":
        latitude = -abs(latitude)
    if str(point.get("directionLongitude") or "").upper() in ("W", "O"):
        longitude = -abs(longitude)
    return round(latitude, 7), round(longitude, 7)


def _contact(entity: dict, warnings: list[str]) -> tuple[str, str]:
    phone = email = ""
    for contact in entity.get("contact") or ():
        telecom = contact.get("telecom") if isinstance(contact, dict) else None
        if not isinstance(telecom, dict):
            continue
        phone = phone or normalize.phone(telecom.get("telephone") or "", warnings)
        email = email or normalize.email(telecom.get("courriel") or "", warnings)
    return phone, email


def _is_closed(state, closing: date | None, today: date) -> bool:
    inactive = bool(_code(state)) and _code(state) != ACTIVE
    return inactive or (closing is not None and closing <= today)


def _record(
    number,
    name,
    entity: dict,
    infos: dict,
    position: int,
    *,
    category: str = "",
    siret: str = "",
) -> OrganisationRecord | RowError:
    number = str(number or "").strip().upper()
    name = normalize.text(name or "")
    if not validators.FINESS_RE.match(number):
        return RowError(
            position, _("N° FINESS « %(value)s » invalide.") % {"value": number}, name=name
        )
    if not name:
        return RowError(position, _("Raison sociale manquante."), source_id=number)
    address = _main_address(entity)
    code = str(address.get("cogCommune") or "").strip().upper()
    if not normalize.INSEE_RE.match(code):
        return RowError(
            position,
            _("Code commune « %(value)s » invalide.") % {"value": code},
            source_id=number,
            name=name,
        )
    warnings: list[str] = []
    phone, email = _contact(entity, warnings)
    record = OrganisationRecord(
        source=SOURCE,
        source_id=number,
        name=name,
        line=position,
        kind=OrganisationKind.MEDICO_SOCIAL,
        typology=CATEGORY_TYPOLOGY.get(category, ""),
        category_label=(
            _("Catégorie FINESS %(code)s") % {"code": category}
            if category and category not in CATEGORY_TYPOLOGY
            else ""
        ),
        siret=normalize.siret(siret or "", warnings),
        finess=number,
        address=_street(address),
        address_complement=normalize.text(address.get("complementPointGeographique") or ""),
        postcode=str(address.get("codePostal") or "").strip()[:5],
        insee_code=code,
        phone=phone,
        email=email,
        updated_on=_date(_first(entity, "dateDerniereMaj") or infos.get("dateDerniereMaj")),
        warnings=warnings,
    )
    coordinates = _coordinates(address, warnings)
    if coordinates is not None:
        record.latitude, record.longitude = coordinates
    return record


def _elsewhere(entity: dict, prefixes: tuple[str, ...] | None) -> bool:
    """Left out before anything else is read: its commune is in another département."""
    if not prefixes:
        return False
    code = str(_main_address(entity).get("cogCommune") or "").strip().upper()
    return bool(code) and not code.startswith(prefixes)


def _keep(parsed: ParsedFile, record: OrganisationRecord | RowError, closed: bool) -> None:
    if isinstance(record, RowError):
        parsed.errors.append(record)
    elif closed:
        parsed.closed.append(record)
    else:
        parsed.organisations.append(record)


def _malformed(position: int, what: str) -> RowError:
    return RowError(position, _("Enregistrement mal formé : %(what)s.") % {"what": what})


def parse(
    content: bytes | BinaryIO,
    *,
    departements: set[str] | None = None,
    today: date | None = None,
) -> ParsedFile:
    """Parse a FiNESS+ structures flow (bytes, or a binary stream read piece by piece). Only
    the EJ and ET whose INSEE commune code starts with one of `departements` are kept (all
    when None); the others count as skipped. `position` (the report's "line") is the
    record's rank in the file, EJ and ET counted in reading order."""
    today = today or date.today()
    prefixes = tuple(departements) if departements else None
    stream = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    parsed = ParsedFile()
    position = 0
    try:
        for legal in ijson.items(stream, "pmej.item", use_float=True):
            position += 1
            if not isinstance(legal, dict):
                parsed.errors.append(_malformed(position, _("entité juridique non objet")))
                continue
            infos = _first(legal, "informationsGeneralesPMEJ", "informationsGeneralesPmej")
            if not isinstance(infos, dict):
                parsed.errors.append(
                    _malformed(position, _("informations générales de l'entité juridique"))
                )
            elif _elsewhere(legal, prefixes):
                parsed.skipped += 1
            else:
                record = _record(
                    infos.get("numFinessPm"),
                    _first(infos, "denominationLonguePmSmsse", "denominationPm"),
                    legal,
                    infos,
                    position,
                )
                closed = _is_closed(
                    _first(legal, "etatObjet") or infos.get("etatObjet"),
                    _date(infos.get("dateFermeture")),
                    today,
                )
                _keep(parsed, record, closed)
            establishments = legal.get("ege") or []
            if not isinstance(establishments, list):
                establishments = [establishments]
            for establishment in establishments:
                position += 1
                general = (
                    establishment.get("informationsGeneralesEGE")
                    if isinstance(establishment, dict)
                    else None
                )
                if not isinstance(general, dict):
                    parsed.errors.append(
                        _malformed(position, _("informations générales de l'établissement"))
                    )
                    continue
                if _elsewhere(establishment, prefixes):
                    parsed.skipped += 1
                    continue
                record = _record(
                    general.get("numFinessEge"),
                    _first(general, "nomEgeLong", "nomEgeCourt"),
                    establishment,
                    general,
                    position,
                    category=_code(
                        _first(
                            establishment,
                            "categorieentiteGeographiqueExercice",
                            "categorieEntiteGeographiqueExercice",
                        )
                    ),
                    siret=str(_first(general, "siret") or _first(establishment, "siret") or ""),
                )
                closed = _is_closed(
                    establishment.get("etatObjet"), _date(general.get("dateFermeture")), today
                )
                _keep(parsed, record, closed)
    except ijson.JSONError as error:
        raise UnreadableFile(
            _("Fichier FiNESS+ illisible (JSON invalide) : %(error)s") % {"error": error}
        ) from error
    if position == 0 and not parsed.errors:
        raise UnreadableFile(
            _("Aucune entité juridique : un flux FiNESS+ des structures a un tableau « pmej ».")
        )
    return parsed

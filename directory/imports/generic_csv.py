"""Generic CSV of organisations (and optionally one service per row), for partners' lists.

Format: UTF-8 (with or without BOM), a header row, `;` or `,` as separator (detected from the
header). Header names are matched without case, accents or punctuation ("Code postal",
"code_postal" and "CODE POSTAL" are the same column); unknown columns are ignored.

| column                                 | content                                               |
|----------------------------------------|-------------------------------------------------------|
| identifiant                            | your id for the row; else the SIRET, else name+commune|
| nom (required)                         | name of the organisation                              |
| nature                                 | médico-social, ESS, bailleur social, organisme public, |
|                                        | porteur de projet (default: médico-social)            |
| type de structure (or typologie)       | CCAS, CLIC, SAAD, SSIAD, CMP, association… (code or   |
|                                        | label); otherwise kept as a keyword                   |
| siret, finess                          | checked; a malformed value is dropped with a warning  |
| adresse, complément d'adresse          |                                                       |
| code postal                            | 5 digits, must belong to the commune                  |
| commune (required)                     | INSEE code of the commune (93066), or "code insee"    |
| téléphone, email (or courriel),        | phone becomes E.164; site gets https:// if missing    |
| site (or site web, site internet)      |                                                       |
| horaires                               | OpenStreetMap opening_hours ("Mo-Fr 09:00-12:00")     |
| description                            | presentation of the organisation                      |
| latitude, longitude                    | WGS84 decimal degrees; else the address is geocoded   |
| service                                | name of a service of the organisation (optional)      |
| description du service                 | required when "service" is filled                     |
| thématiques, publics, types, frais,    | data·inclusion values (slug or French label), several |
| modes d'accueil                        | separated by "|" or ","                               |

Rows are imported under the source given to the import (default "csv") and matched on
source + identifiant, so importing the same file again updates the rows in place."""

from __future__ import annotations

import csv
import io
import re

from data_inclusion.schema import v1
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import OrganisationKind
from directory.vocabularies import MODE_ACCUEIL_CHOICES, Typology

from . import normalize
from .records import OrganisationRecord, ParsedFile, RowError, ServiceRecord

DEFAULT_SOURCE = "csv"

# Folded header → record attribute.
HEADERS = {
    "identifiant": "source_id",
    "id": "source_id",
    "nom": "name",
    "nature": "kind",
    "type de structure": "typology",
    "typologie": "typology",
    "siret": "siret",
    "finess": "finess",
    "adresse": "address",
    "complement d adresse": "address_complement",
    "complement adresse": "address_complement",
    "code postal": "postcode",
    "commune": "insee_code",
    "code insee": "insee_code",
    "telephone": "phone",
    "email": "email",
    "courriel": "email",
    "site": "website",
    "site web": "website",
    "site internet": "website",
    "horaires": "opening_hours",
    "description": "description",
    "latitude": "latitude",
    "longitude": "longitude",
    "service": "service",
    "description du service": "service_description",
    "thematiques": "thematiques",
    "publics": "publics",
    "types": "types",
    "types de service": "types",
    "frais": "fees",
    "modes d accueil": "modes_accueil",
}

KIND_NAMES = {
    **{normalize.fold(str(label)): value for value, label in OrganisationKind.choices},
    **{normalize.fold(value): value for value in OrganisationKind.values},
    "medico social": OrganisationKind.MEDICO_SOCIAL,
    "ess": OrganisationKind.ESS,
    "bailleur": OrganisationKind.LANDLORD,
    "bailleur social": OrganisationKind.LANDLORD,
    "organisme public": OrganisationKind.PUBLIC_BODY,
    "porteur de projet": OrganisationKind.PROJECT_HOLDER,
}

MULTI_SEPARATOR = re.compile(r"[|,]")


class UnreadableFile(ValueError):
    """The file cannot be read as a CSV with a header (French message)."""


def _vocabulary(choices) -> dict[str, str]:
    """Folded slug and folded French label → slug."""
    mapping = {}
    for value, label in choices:
        mapping[normalize.fold(str(value))] = value
        mapping[normalize.fold(str(label))] = value
    return mapping


def _enum_vocabulary(enum) -> dict[str, str]:
    return _vocabulary([(member.value, member.label) for member in enum])


THEMATIQUES = _enum_vocabulary(v1.Thematique)
PUBLICS = _enum_vocabulary(v1.Public)
TYPES = _enum_vocabulary(v1.TypeService)
FEES = _enum_vocabulary(v1.Frais)
MODES_ACCUEIL = _vocabulary(MODE_ACCUEIL_CHOICES)


def _typologies() -> dict[str, str]:
    mapping = {}
    for value, label in Typology.choices:
        label = str(label)
        mapping[normalize.fold(value)] = value
        mapping[normalize.fold(label)] = value
        # "CCAS — Centre communal d'action sociale": both halves name it.
        for part in label.split(" — "):
            mapping.setdefault(normalize.fold(part), value)
    return mapping


TYPOLOGIES = _typologies()


def decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _(
                "Le fichier n'est pas encodé en UTF-8 (octet illisible en position %(position)s) : "
                "enregistrez-le en « CSV UTF-8 »."
            )
            % {"position": error.start}
        ) from error


def detect_delimiter(header_line: str) -> str:
    """`;` or `,`: whichever splits the header into more columns."""
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def _values(raw: str, vocabulary: dict[str, str], label: str, warnings: list[str]) -> list[str]:
    found = []
    for item in MULTI_SEPARATOR.split(raw or ""):
        item = item.strip()
        if not item:
            continue
        value = vocabulary.get(normalize.fold(item))
        if value is None:
            warnings.append(
                _("%(field)s : « %(value)s » inconnu, ignoré.") % {"field": label, "value": item}
            )
        else:
            found.append(value)
    return sorted(set(found))


def parse(content: bytes | str, *, source: str = DEFAULT_SOURCE) -> ParsedFile:
    """Parse a generic CSV. Raises UnreadableFile when the file itself is unusable."""
    text = decode(content)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise UnreadableFile(_("Le fichier est vide ou sa première ligne (les en-têtes) aussi."))
    reader = csv.reader(io.StringIO(text), delimiter=detect_delimiter(lines[0]))
    header = next(reader)
    columns = [HEADERS.get(normalize.fold(name)) for name in header]
    if "name" not in columns:
        raise UnreadableFile(
            _("Colonne « nom » introuvable dans les en-têtes : %(headers)s.")
            % {"headers": ", ".join(header)}
        )
    if "insee_code" not in columns:
        raise UnreadableFile(_("Colonne « commune » (code INSEE) introuvable dans les en-têtes."))
    parsed = ParsedFile()
    for fields in reader:
        line = reader.line_num
        if not any(field.strip() for field in fields):
            continue
        if len(fields) > len(columns):
            parsed.errors.append(
                RowError(
                    line,
                    _("%(found)s champs pour %(expected)s colonnes : séparateur dans une valeur ?")
                    % {"found": len(fields), "expected": len(columns)},
                )
            )
            continue
        row = {
            column: value.strip()
            for column, value in zip(columns, fields, strict=False)
            if column is not None
        }
        result = _row(line, row, source)
        if isinstance(result, RowError):
            parsed.errors.append(result)
            continue
        organisation, service = result
        parsed.organisations.append(organisation)
        if service is not None:
            parsed.services.append(service)
    return parsed


def _row(
    line: int, row: dict[str, str], source: str
) -> RowError | tuple[OrganisationRecord, ServiceRecord | None]:
    name = normalize.text(row.get("name"))
    insee_code = normalize.text(row.get("insee_code")).upper()
    if not name:
        return RowError(line, _("Nom manquant."), source_id=row.get("source_id", ""))
    if not normalize.INSEE_RE.match(insee_code):
        return RowError(
            line,
            _("Commune : code INSEE attendu (5 caractères, par exemple 93066), lu « %(value)s ».")
            % {"value": insee_code},
            name=name,
        )
    warnings: list[str] = []
    kind_text = normalize.fold(row.get("kind", ""))
    kind = KIND_NAMES.get(kind_text, OrganisationKind.MEDICO_SOCIAL)
    if kind_text and kind_text not in KIND_NAMES:
        warnings.append(
            _("Nature « %(value)s » inconnue : acteur médico-social retenu.")
            % {"value": row["kind"]}
        )
    typology_text = normalize.text(row.get("typology"))
    typology = TYPOLOGIES.get(normalize.fold(typology_text), "")
    siret = normalize.siret(row.get("siret"), warnings)
    source_id = normalize.text(row.get("source_id")) or siret or slugify(f"{name}-{insee_code}")
    latitude = normalize.coordinate(row.get("latitude"), -90, 90)
    longitude = normalize.coordinate(row.get("longitude"), -180, 180)
    if (latitude is None) != (longitude is None) or (
        (row.get("latitude") or row.get("longitude")) and latitude is None
    ):
        warnings.append(_("Coordonnées incomplètes ou hors limites, adresse à géocoder."))
        latitude = longitude = None
    organisation = OrganisationRecord(
        source=source,
        source_id=source_id,
        name=name,
        line=line,
        kind=kind,
        typology=typology,
        category_label="" if typology else typology_text,
        siret=siret,
        finess=normalize.finess(row.get("finess"), warnings),
        address=normalize.text(row.get("address")),
        address_complement=normalize.text(row.get("address_complement")),
        postcode=normalize.postcode(row.get("postcode"), warnings),
        insee_code=insee_code,
        phone=normalize.phone(row.get("phone"), warnings),
        email=normalize.email(row.get("email"), warnings),
        website=normalize.website(row.get("website"), warnings),
        opening_hours=normalize.hours(row.get("opening_hours"), warnings),
        description=(row.get("description") or "").strip(),
        latitude=latitude,
        longitude=longitude,
        warnings=warnings,
    )
    service_name = normalize.text(row.get("service"))
    if not service_name:
        return organisation, None
    service_description = (row.get("service_description") or "").strip()
    if not service_description:
        warnings.append(
            _("Service « %(name)s » ignoré : sa description est obligatoire.")
            % {"name": service_name}
        )
        return organisation, None
    service_warnings: list[str] = []
    service = ServiceRecord(
        source=source,
        source_id=f"{source_id}--{slugify(service_name)}",
        structure_source_id=source_id,
        name=service_name,
        line=line,
        description=service_description,
        thematiques=_values(
            row.get("thematiques", ""), THEMATIQUES, _("Thématiques"), service_warnings
        ),
        publics=_values(row.get("publics", ""), PUBLICS, _("Publics"), service_warnings),
        types=_values(row.get("types", ""), TYPES, _("Types"), service_warnings),
        modes_accueil=_values(
            row.get("modes_accueil", ""), MODES_ACCUEIL, _("Modes d'accueil"), service_warnings
        ),
        warnings=service_warnings,
    )
    fees = _values(row.get("fees", ""), FEES, _("Frais"), service_warnings)
    service.fees = fees[0] if len(fees) == 1 else ""
    return organisation, service

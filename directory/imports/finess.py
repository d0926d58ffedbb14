"""FINESS establishments, "etalab" extract (data.gouv.fr "FINESS Extraction du Fichier des
établissements", file `etalab-cs1100507-stock-<date>.csv`).

Format: `;`-separated, ISO-8859-1, no header row. The first line is a comment such as
`finess;etalab;96;2026-03-11`. Two kinds of rows follow, told apart by their first field
(the ministry's description of the data set numbers the columns; the order below was checked
against published readers of the same file):

`structureet` rows, the establishment: 32 fields in the current layout, 31 in the older one
(before `numuai`, the Education nationale number, was appended as the last field; its line is
read the same, without it). Some extracts end every line with a separator: trailing empty
fields beyond the layout are dropped. Each line's layout is told by its field count.
 1 section (= "structureet")   12 lieuditbp            23 siret
 2 nofinesset (FINESS ET no.)  13 commune (3 digits)   24 codeape
 3 nofinessej (legal entity)   14 departement          25 codemft
 4 rs (raison sociale)         15 libdepartement       26 libmft
 5 rslongue                    16 ligneacheminement    27 codesph
 6 complrs                        ("93200 ST DENIS")   28 libsph
 7 compldistrib                17 telephone            29 dateouv
 8 numvoie                     18 telecopie            30 dateautor
 9 typvoie (R, AV, BD…)        19 categetab            31 datemaj
10 voie                        20 libcategetab         32 numuai
11 compvoie (B, T…)            21 categagretab
                               22 libcategagretab

`geolocalisation` rows (6 fields): section, nofinesset, coordxet, coordyet, sourcecoordet,
datemaj. `sourcecoordet` reads like "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93": its last
part names the projection — Lambert 93 (EPSG:2154) in metropolitan France, UTM zones
overseas. Coordinates are converted to WGS84 with pyproj.

Overseas départements use letters in `departement` (9A Guadeloupe … 9F Mayotte); their
INSEE commune code is "97" + the 3-digit `commune`.

Every establishment is a medico-social organisation (kind). Categories we know map onto our
typologies; the others keep FINESS's category label.

The file is read line by line from a binary stream (a national extract never sits in memory
whole); only the establishments of the wanted départements are kept until their
`geolocalisation` rows, which come after all the `structureet` rows, are read."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import BinaryIO

from django.utils.translation import gettext as _
from pyproj import Transformer

from directory import validators
from directory.models import OrganisationKind
from directory.vocabularies import Typology

from . import normalize
from .records import OrganisationRecord, ParsedFile, RowError

SOURCE = "finess"
ENCODING = "iso-8859-1"

STRUCTURE_COLUMNS = (
    "section",
    "nofinesset",
    "nofinessej",
    "rs",
    "rslongue",
    "complrs",
    "compldistrib",
    "numvoie",
    "typvoie",
    "voie",
    "compvoie",
    "lieuditbp",
    "commune",
    "departement",
    "libdepartement",
    "ligneacheminement",
    "telephone",
    "telecopie",
    "categetab",
    "libcategetab",
    "categagretab",
    "libcategagretab",
    "siret",
    "codeape",
    "codemft",
    "libmft",
    "codesph",
    "libsph",
    "dateouv",
    "dateautor",
    "datemaj",
    "numuai",
)
# The older layout: the same fields without the last one (`numuai`).
STRUCTURE_COLUMNS_31 = STRUCTURE_COLUMNS[:31]
GEOLOCATION_COLUMNS = ("section", "nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemaj")

# FINESS category (categetab) → our typology. Codes from the FINESS nomenclature (NOS
# TRE_R66 "Catégorie d'établissement"); 460 and 209 were renamed SAA / SAAS by the 2023
# reform of home services but keep their codes.
CATEGORY_TYPOLOGY = {
    "354": Typology.SSIAD,  # Service de soins infirmiers à domicile
    "460": Typology.SAAD,  # Service d'aide et d'accompagnement à domicile (SAA)
    "209": Typology.SPASAD,  # Service polyvalent d'aide et de soins à domicile (SAAS)
    "463": Typology.CLIC,  # Centre local d'information et de coordination P.A.
    "156": Typology.CMP,  # Centre médico-psychologique
    "446": Typology.SAVS,  # Service d'accompagnement à la vie sociale
    "445": Typology.SAMSAH,  # Service d'accompagnement médico-social adultes handicapés
    "197": Typology.CSAPA,  # Centre de soins, d'accompagnement et de prévention en addictologie
    "500": Typology.EHPAD,  # Etablissement d'hébergement pour personnes âgées dépendantes
    "202": Typology.RESIDENCE_AUTONOMIE,  # Résidence autonomie (ex-logement foyer)
    "214": Typology.CHRS,  # Centre d'hébergement et de réinsertion sociale
}

# Projection named at the end of `sourcecoordet` → EPSG code.
CRS_BY_NAME = {
    "LAMBERT_93": 2154,  # RGF93 / Lambert-93
    "UTM_N20": 5490,  # RGAF09 / UTM 20N: Guadeloupe, Martinique
    "UTM_N21": 4467,  # RGSPM06 / UTM 21N: Saint-Pierre-et-Miquelon
    "UTM_N22": 2972,  # RGFG95 / UTM 22N: Guyane
    "UTM_S38": 4471,  # RGM04 / UTM 38S: Mayotte
    "UTM_S40": 2975,  # RGR92 / UTM 40S: La Réunion
}
# When `sourcecoordet` names no projection: by FINESS département.
CRS_BY_DEPARTEMENT = {"9A": 5490, "9B": 5490, "9C": 2972, "9D": 2975, "9E": 4467, "9F": 4471}
LAMBERT_93 = 2154

STREET_TYPES = {
    "ALL": "Allée",
    "AV": "Avenue",
    "BD": "Boulevard",
    "CHE": "Chemin",
    "CRS": "Cours",
    "ESP": "Esplanade",
    "IMP": "Impasse",
    "PAS": "Passage",
    "PL": "Place",
    "QUA": "Quai",
    "R": "Rue",
    "RTE": "Route",
    "SEN": "Sentier",
    "SQ": "Square",
    "VLA": "Villa",
}
POSTCODE_PREFIX_RE = re.compile(r"^(\d{5})\b")
BP_RE = re.compile(r"^(BP|CS|TSA)\b", re.IGNORECASE)


@cache
def _transformer(epsg: int) -> Transformer:
    return Transformer.from_crs(epsg, 4326, always_xy=True)


def to_wgs84(x: float, y: float, epsg: int = LAMBERT_93) -> tuple[float, float]:
    """(latitude, longitude) in WGS84 of projected coordinates (x = easting, y = northing)."""
    longitude, latitude = _transformer(epsg).transform(x, y)
    return latitude, longitude


def crs_of(sourcecoordet: str, departement: str = "") -> int:
    """EPSG code of a geolocation row, from the projection it names or its département."""
    name = sourcecoordet.rsplit(",", 1)[-1].strip().upper()
    if name in CRS_BY_NAME:
        return CRS_BY_NAME[name]
    return CRS_BY_DEPARTEMENT.get(departement.upper(), LAMBERT_93)


def insee_code(departement: str, commune: str) -> str:
    departement, commune = departement.strip().upper(), commune.strip()
    if len(departement) == 2 and departement[0] == "9" and departement[1].isalpha():
        return f"97{commune}"
    return f"{departement}{commune}"


def street_address(row: dict[str, str]) -> str:
    number = " ".join(part for part in (row["numvoie"], row["compvoie"]) if part)
    street_type = STREET_TYPES.get(row["typvoie"].upper(), row["typvoie"])
    parts = [number, street_type, row["voie"]]
    lieudit = row["lieuditbp"]
    address = " ".join(part for part in parts if part)
    if lieudit and not BP_RE.match(lieudit):
        address = f"{address}, {lieudit}" if address else lieudit
    return normalize.text(address)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def lines_of(content: bytes | str | BinaryIO) -> Iterator[str]:
    """The text lines of `content`: bytes or str at once, or a binary stream (file, upload)
    read line by line."""
    if isinstance(content, str):
        yield from io.StringIO(content)
    elif isinstance(content, bytes | bytearray):
        yield from io.StringIO(content.decode(ENCODING))
    else:
        yield from io.TextIOWrapper(content, encoding=ENCODING, newline="")


def _rows(content) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines_of(content), delimiter=";", quotechar='"')
    for row in reader:
        yield reader.line_num, row


def _columns(section: str, fields: list[str]) -> tuple[str, ...] | None:
    """The layout of a line, told by its field count once trailing separators are dropped
    (None: no layout has that many fields)."""
    if section == "structureet":
        layouts = (STRUCTURE_COLUMNS, STRUCTURE_COLUMNS_31)
    else:
        layouts = (GEOLOCATION_COLUMNS,)
    while len(fields) > len(layouts[0]) and not fields[-1].strip():
        fields.pop()  # a trailing separator
    for columns in layouts:
        if len(fields) == len(columns):
            return columns
    return None


def parse(content: bytes | str | BinaryIO, *, departements: set[str] | None = None) -> ParsedFile:
    """Parse a FINESS etalab extract (bytes, or a binary stream read line by line). Only
    establishments whose INSEE commune code starts with one of `departements` are kept (all
    when None); the others count as skipped."""
    parsed = ParsedFile()
    prefixes = tuple(departements) if departements else None
    structures: list[tuple[int, dict[str, str], str]] = []
    coordinates: dict[str, tuple[int, dict[str, str]]] = {}
    left_out: set[str] = set()  # establishments of other départements: their coordinates too
    for line, fields in _rows(content):
        if not fields or not any(field.strip() for field in fields):
            continue
        section = fields[0].strip()
        if section == "finess":  # the comment line opening the file
            continue
        if section not in ("structureet", "geolocalisation"):
            parsed.errors.append(
                RowError(line, _("Type de ligne « %(section)s » inconnu.") % {"section": section})
            )
            continue
        columns = _columns(section, fields)
        if columns is None:
            expected = len(STRUCTURE_COLUMNS if section == "structureet" else GEOLOCATION_COLUMNS)
            parsed.errors.append(
                RowError(
                    line,
                    _("%(found)s champs au lieu de %(expected)s pour une ligne %(section)s.")
                    % {"found": len(fields), "expected": expected, "section": section},
                    source_id=fields[1].strip() if len(fields) > 1 else "",
                )
            )
            continue
        row = {name: value.strip() for name, value in zip(columns, fields, strict=True)}
        if section == "structureet":
            code = insee_code(row["departement"], row["commune"])
            if prefixes and not code.startswith(prefixes):
                parsed.skipped += 1
                left_out.add(row["nofinesset"])
                continue
            structures.append((line, row, code))
        elif row["nofinesset"] not in left_out:
            coordinates[row["nofinesset"]] = (line, row)

    for line, row, code in structures:
        record_or_error = _record(line, row, code, coordinates.get(row["nofinesset"]))
        if isinstance(record_or_error, RowError):
            parsed.errors.append(record_or_error)
        else:
            parsed.organisations.append(record_or_error)
    return parsed


def _record(
    line: int, row: dict[str, str], code: str, geolocation: tuple[int, dict[str, str]] | None
) -> OrganisationRecord | RowError:
    number = row["nofinesset"]
    name = normalize.text(row["rslongue"] or row["rs"])
    if not validators.FINESS_RE.match(number):
        return RowError(line, _("N° FINESS « %(value)s » invalide.") % {"value": number}, name=name)
    if not name:
        return RowError(line, _("Raison sociale manquante."), source_id=number)
    if not normalize.INSEE_RE.match(code):
        return RowError(
            line,
            _("Code commune « %(value)s » invalide.") % {"value": code},
            source_id=number,
            name=name,
        )
    warnings: list[str] = []
    postcode_match = POSTCODE_PREFIX_RE.match(row["ligneacheminement"])
    category = row["categetab"]
    record = OrganisationRecord(
        source=SOURCE,
        source_id=number,
        name=name,
        line=line,
        kind=OrganisationKind.MEDICO_SOCIAL,
        typology=CATEGORY_TYPOLOGY.get(category, ""),
        category_label="" if category in CATEGORY_TYPOLOGY else row["libcategetab"],
        siret=normalize.siret(row["siret"], warnings),
        finess=number,
        address=street_address(row),
        address_complement=normalize.text(row["compldistrib"]),
        postcode=postcode_match.group(1) if postcode_match else "",
        insee_code=code,
        phone=normalize.phone(row["telephone"], warnings),
        updated_on=_date(row["datemaj"]),
        warnings=warnings,
    )
    if geolocation is not None:
        geo_line, geo = geolocation
        x = normalize.coordinate(geo["coordxet"], -1e7, 1e8)
        y = normalize.coordinate(geo["coordyet"], -1e7, 1e8)
        if x is None or y is None:
            warnings.append(
                _("Coordonnées illisibles ligne %(line)s, adresse à géocoder.") % {"line": geo_line}
            )
        else:
            latitude, longitude = to_wgs84(x, y, crs_of(geo["sourcecoordet"], row["departement"]))
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:  # inf outside the projection
                record.latitude, record.longitude = round(latitude, 7), round(longitude, 7)
            else:
                warnings.append(
                    _("Coordonnées illisibles ligne %(line)s, adresse à géocoder.")
                    % {"line": geo_line}
                )
    return record

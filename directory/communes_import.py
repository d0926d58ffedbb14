"""Communes from public files: INSEE's official geographic code (COG) and a file of centroids
and postcodes (used by `manage.py import_communes`).

- The COG commune file, `v_commune_YYYY.csv` (UTF-8, `,`): TYPECOM, COM, REG, DEP, CTCD, ARR,
  TNCC, NCC, NCCENR, LIBELLE, CAN, COMPARENT. Only TYPECOM=COM rows become communes (COM is
  the INSEE code, LIBELLE the name, DEP the département). Communes déléguées and associées
  (COMD, COMA) are skipped. The municipal arrondissements of Paris, Lyon and Marseille (ARM)
  are not communes of their own either: their postcodes go to their parent commune
  (COMPARENT), and so does the mean of their centroids when the parent has none (La Poste
  lists Paris, Lyon and Marseille only by arrondissement).
- The centroids: La Poste's « Base officielle des codes postaux » (`laposte_hexasmal`, `;`):
  `#Code_commune_INSEE;Nom_de_la_commune;Code_postal;Libellé_d_acheminement;Ligne_5;
  coordonnees_gps` with `coordonnees_gps` as « latitude, longitude » (the older data.gouv
  layout `Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;
  coordonnees_gps` too), or any file with `code_commune_insee`, `code_postal`, `latitude` and
  `longitude` columns (data.gouv « Communes de France – base des codes postaux »). One line per
  postcode (and per « ligne 5 »): a commune's postcodes are gathered, its first coordinates
  kept. Lines without coordinates only bring their postcode.
- Optionally INSEE's composition of EPCI, exported as CSV: CODGEO, LIBGEO, EPCI, LIBEPCI, DEP,
  REG (the same columns work for a file of établissements publics territoriaux).

Files are read line by line (a national file never sits in memory; only the centroids of the
chosen départements are kept). Rows are upserted by INSEE code: a rerun changes nothing, an
existing commune keeps its URL slug, a new homonym of another département gets the
département in its slug (« saint-denis-974 »). Unknown and malformed lines are reported with
their file and line number and skipped."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from directory.models import Commune

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
POSTCODE = re.compile(r"^\d{5}$")
EPCI_CODE = re.compile(r"^\d{9}$")
COORDINATES = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,/;]\s*(-?\d+(?:\.\d+)?)\s*$")
KNOWN_TYPES = {"COM", "COMD", "COMA", "ARM"}
BATCH = 1000
COG_COLUMNS = ("typecom", "com", "dep", "libelle", "comparent")


class CommuneFileError(Exception):
    """A file that cannot be read at all (missing, wrong columns, wrong encoding)."""


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return _("%(file)s, ligne %(line)s : %(message)s") % {
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Place:
    postcodes: list[str] = field(default_factory=list)
    point: tuple[float, float] | None = None

    def add_postcode(self, postcode: str) -> None:
        if postcode not in self.postcodes:
            self.postcodes.append(postcode)


def departement_of(insee_code: str) -> str:
    """« 93066 » → « 93 », « 97411 » → « 974 », « 2A004 » → « 2A »."""
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


def parse_departements(text: str | Iterable[str]) -> set[str]:
    codes = text.split(",") if isinstance(text, str) else text
    codes = {code.strip().upper() for code in codes if code.strip()}
    wrong = sorted(code for code in codes if not DEPARTEMENT_CODE.match(code))
    if wrong:
        raise CommuneFileError(
            _("Code de département invalide : %(codes)s.") % {"codes": ", ".join(wrong)}
        )
    return codes


def _rows(path: Path, strict_encoding: bool) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row keyed by lower-case column name) of a `;` or `,` separated file."""
    errors = "strict" if strict_encoding else "replace"
    try:
        handle = path.open(encoding="utf-8-sig", errors=errors, newline="")
    except OSError as error:
        raise CommuneFileError(
            _("Lecture impossible de %(path)s : %(error)s") % {"path": path, "error": error}
        ) from error
    with handle:
        try:
            first = handle.readline()
            delimiter = ";" if first.count(";") > first.count(",") else ","
            header = [
                name.strip().lstrip("#").strip().lower()
                for name in next(csv.reader([first], delimiter=delimiter))
            ]
            reader = csv.reader(handle, delimiter=delimiter)
            for values in reader:
                line = reader.line_num + 1
                if not any(value.strip() for value in values):
                    continue
                if len(values) != len(header):
                    yield (
                        line,
                        {
                            "": _("%(found)s champs au lieu de %(expected)s")
                            % {"found": len(values), "expected": len(header)}
                        },
                    )
                    continue
                yield (
                    line,
                    {name: value.strip() for name, value in zip(header, values, strict=True)},
                )
        except UnicodeDecodeError as error:
            raise CommuneFileError(
                _("%(file)s : encodage illisible (UTF-8 attendu) : %(error)s")
                % {"file": path.name, "error": error}
            ) from error
        except csv.Error as error:
            raise CommuneFileError(
                _("%(file)s : fichier CSV illisible : %(error)s")
                % {"file": path.name, "error": error}
            ) from error


def _require(path: Path, row: dict, columns: Iterable[str]) -> None:
    if "" in row:
        return
    missing = [column for column in columns if column not in row]
    if missing:
        raise CommuneFileError(
            _("%(file)s : colonnes manquantes : %(missing)s (colonnes lues : %(read)s).")
            % {"file": path.name, "missing": ", ".join(missing), "read": ", ".join(row)}
        )


def _chosen(code: str, departements: set[str] | None) -> bool:
    return departements is None or departement_of(code) in departements


class Importer:
    def __init__(
        self,
        cog: Path,
        centroids: Path,
        epci: Path | None = None,
        departements: Iterable[str] | None = None,
    ):
        self.cog = Path(cog)
        self.centroids = Path(centroids)
        self.epci = Path(epci) if epci else None
        self.departements = set(departements) if departements is not None else None
        self.result = Result()
        self.existing: dict[str, Commune] = {}
        self.slugs: set[str] = set()
        self.new: list[Commune] = []

    def problem(self, path: Path, line: int, message: str) -> None:
        self.result.problems.append(Problem(path.name, line, message))

    # --- COG -----------------------------------------------------------------------------
    def cog_rows(self, report: bool) -> Iterator[tuple[int, dict[str, str]]]:
        """The COG's well-formed rows; with `report`, malformed ones are reported (once: the
        file is read twice)."""
        checked = False
        for line, row in _rows(self.cog, strict_encoding=True):
            if not checked:
                _require(self.cog, row, COG_COLUMNS)
                checked = "" not in row
            if "" in row:
                if report:
                    self.problem(
                        self.cog, line, _("ligne mal formée (%(why)s).") % {"why": row[""]}
                    )
                continue
            yield line, row

    def known_codes(self) -> tuple[set[str], dict[str, str]]:
        """First pass: every code of the COG in the chosen départements, and the parent
        commune of each municipal arrondissement."""
        codes: set[str] = set()
        parents: dict[str, str] = {}
        for _line, row in self.cog_rows(report=True):
            code = row["com"]
            if not COMMUNE_CODE.match(code) or not _chosen(code, self.departements):
                continue
            codes.add(code)
            if row["typecom"] == "ARM" and COMMUNE_CODE.match(row["comparent"]):
                parents[code] = row["comparent"]
        return codes, parents

    # --- centroids and postcodes ---------------------------------------------------------
    def places(self, known: set[str]) -> dict[str, Place]:
        places: dict[str, Place] = {}
        checked = False
        for line, row in _rows(self.centroids, strict_encoding=False):
            if not checked and "" not in row:
                _require(self.centroids, row, ("code_commune_insee", "code_postal"))
                if "coordonnees_gps" not in row:
                    _require(self.centroids, row, ("latitude", "longitude"))
                checked = True
            if "" in row:
                self.problem(
                    self.centroids, line, _("ligne mal formée (%(why)s).") % {"why": row[""]}
                )
                continue
            code = row["code_commune_insee"].upper()
            if not COMMUNE_CODE.match(code):
                self.problem(
                    self.centroids, line, _("code commune invalide « %(code)s ».") % {"code": code}
                )
                continue
            if not _chosen(code, self.departements):
                continue
            if code not in known:
                self.problem(
                    self.centroids, line, _("commune %(code)s inconnue du COG.") % {"code": code}
                )
                continue
            postcode = row["code_postal"]
            if not POSTCODE.match(postcode):
                self.problem(
                    self.centroids,
                    line,
                    _("code postal invalide « %(code)s ».") % {"code": postcode},
                )
                continue
            if "coordonnees_gps" in row:
                text = row["coordonnees_gps"]
            else:
                text = f"{row['latitude']},{row['longitude']}" if row["latitude"] else ""
            point = None
            if text:
                point = _point(text)
                if point is None:
                    self.problem(
                        self.centroids,
                        line,
                        _("coordonnées invalides « %(text)s ».") % {"text": text},
                    )
                    continue
            place = places.setdefault(code, Place())
            place.add_postcode(postcode)
            if place.point is None:
                place.point = point
        return places

    # --- EPCI ------------------------------------------------------------------------------
    def epcis(self, known: set[str]) -> dict[str, tuple[str, str]]:
        if self.epci is None:
            return {}
        epcis: dict[str, tuple[str, str]] = {}
        checked = False
        for line, row in _rows(self.epci, strict_encoding=True):
            if not checked and "" not in row:
                _require(self.epci, row, ("codgeo", "epci", "libepci"))
                checked = True
            if "" in row:
                self.problem(self.epci, line, _("ligne mal formée (%(why)s).") % {"why": row[""]})
                continue
            code = row["codgeo"].upper()
            if not COMMUNE_CODE.match(code):
                self.problem(
                    self.epci, line, _("code commune invalide « %(code)s ».") % {"code": code}
                )
                continue
            if not _chosen(code, self.departements):
                continue
            if code not in known:
                self.problem(
                    self.epci, line, _("commune %(code)s inconnue du COG.") % {"code": code}
                )
                continue
            if row["epci"] == "ZZZZZZZZZ":  # INSEE's code for a commune in no EPCI
                epcis[code] = ("", "")
            elif EPCI_CODE.match(row["epci"]):
                epcis[code] = (row["epci"], row["libepci"])
            else:
                self.problem(
                    self.epci, line, _("code EPCI invalide « %(code)s ».") % {"code": row["epci"]}
                )
        return epcis

    # --- upsert ----------------------------------------------------------------------------
    def run(self) -> Result:
        known, parents = self.known_codes()
        places = self.places(known)
        epcis = self.epcis(known)
        _fold_arrondissements(places, parents)
        # One query each rather than one per line (a national file has 35 000 communes).
        self.existing = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=known)}
        self.slugs = set(Commune.objects.values_list("slug", flat=True))
        with transaction.atomic():
            for line, row in self.cog_rows(report=False):
                kind = row["typecom"]
                if kind not in KNOWN_TYPES:
                    self.problem(
                        self.cog, line, _("type de commune inconnu « %(kind)s ».") % {"kind": kind}
                    )
                    continue
                if kind != "COM":
                    continue
                self.upsert(line, row, places, epcis)
            self.flush()
        return self.result

    def flush(self) -> None:
        """Create the new communes in bulk: no receiver cares about a new commune (nothing
        is cached or indexed for it yet); updates go through save() and its signals."""
        Commune.objects.bulk_create(self.new)
        self.new = []

    def upsert(self, line: int, row: dict, places: dict, epcis: dict) -> None:
        code, name, departement = row["com"].upper(), row["libelle"], row["dep"].upper()
        if not COMMUNE_CODE.match(code):
            self.problem(self.cog, line, _("code commune invalide « %(code)s ».") % {"code": code})
            return
        if not _chosen(code, self.departements):
            return
        if not name or not DEPARTEMENT_CODE.match(departement):
            self.problem(
                self.cog,
                line,
                _("commune %(code)s sans nom ou sans département valide.") % {"code": code},
            )
            return
        values: dict = {"name": name, "departement_code": departement}
        place = places.get(code)
        if place and place.postcodes:
            values["postcodes"] = sorted(place.postcodes)
        if place and place.point:
            values["latitude"], values["longitude"] = place.point
        if code in epcis:
            values["epci_code"], values["epci_name"] = epcis[code]
        commune = self.existing.get(code)
        if commune is None:
            if "latitude" not in values:
                self.problem(
                    self.cog,
                    line,
                    _("commune %(code)s (%(name)s) absente du fichier des centres.")
                    % {"code": code, "name": name},
                )
                return
            slug = free_slug(name, departement, code, self.slugs)
            self.slugs.add(slug)
            self.existing[code] = Commune(insee_code=code, slug=slug, **values)
            self.new.append(self.existing[code])
            if len(self.new) >= BATCH:
                self.flush()
            self.result.created += 1
            return
        changed = [key for key, value in values.items() if getattr(commune, key) != value]
        if not changed:
            self.result.unchanged += 1
            return
        for key in changed:
            setattr(commune, key, values[key])
        commune.save(update_fields=changed)
        self.result.updated += 1


def _point(text: str) -> tuple[float, float] | None:
    match = COORDINATES.match(text)
    if not match:
        return None
    latitude, longitude = float(match[1]), float(match[2])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return round(latitude, 6), round(longitude, 6)


def _fold_arrondissements(places: dict[str, Place], parents: dict[str, str]) -> None:
    """Paris, Lyon, Marseille: the postcodes of their arrondissements, and the mean of their
    centroids when the commune has none of its own."""
    points: dict[str, list[tuple[float, float]]] = {}
    for arrondissement, parent in parents.items():
        place = places.pop(arrondissement, None)
        if place is None:
            continue
        target = places.setdefault(parent, Place())
        for postcode in place.postcodes:
            target.add_postcode(postcode)
        if place.point:
            points.setdefault(parent, []).append(place.point)
    for parent, found in points.items():
        if places[parent].point is None:
            places[parent].point = (
                round(sum(p[0] for p in found) / len(found), 6),
                round(sum(p[1] for p in found) / len(found), 6),
            )


def free_slug(name: str, departement: str, code: str, taken: set[str]) -> str:
    """The commune's name as a slug; a homonym already there gets its département, then its
    INSEE code."""
    base = slugify(name) or code.lower()
    for slug in (base, f"{base}-{departement.lower()}", f"{base}-{code.lower()}"):
        if slug not in taken:
            return slug
    raise CommuneFileError(
        _("Aucun identifiant d'URL libre pour %(name)s (%(code)s).") % {"name": name, "code": code}
    )


def import_communes(
    cog: Path, centroids: Path, epci: Path | None = None, departements: Iterable[str] | None = None
) -> Result:
    return Importer(cog, centroids, epci, departements).run()

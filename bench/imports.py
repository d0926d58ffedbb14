"""FINESS imports at national scale (issue #16 part 4): a generated FiNESS+ JSON flow of
100 000 establishments and an etalab CSV extract of the same size, each imported into a fresh
database. Prints the wall time, records per second and the peak RSS of the importing process
(targets: under 2 minutes and under 300 MB each).

    .venv/bin/python bench/imports.py [--establishments 100000] [--only json|csv]
                                      [--departements 93] [--all-in-departement]

The files are generated (same content every run: seeded) in /tmp/maillage-bench-imports/,
written as they are generated: a national file of 100 000 establishments of which `--kept`
(default 1 500, the order of a département's share of FINESS) are in communes of the 93 and
the others elsewhere in France, under one legal entity for four establishments in the JSON
flow (the legal entities are records too: 125 000), with coordinates (Lambert 93 in the CSV,
WGS84 in the JSON, as published) so that no geocoding is queued; one establishment in a
hundred is closed in the JSON (not created). The portal keeps the 93 (`--departements`): the
whole file is read, the 93's establishments loaded. `--departements 2A` keeps none (the read
alone); `--kept 100000` puts every establishment in the 93 (all loaded);
`--all-in-departement` measures both: the national file (`--kept` in the 93), then a file
whose establishments are all in the 93.

Each import runs in its own process (`manage.py`-like child, test settings: search indexing
on save as in production) on a fresh copy of the template database `maillage_bench_imports_tpl`
(created, migrated and given the communes of the 93 on first use; the development database is
never touched), through `runner.execute` like the command and the Celery task: parse (a
stream), load in batches, report. The child measures its own wall time and peak RSS
(`getrusage`, RSS of the whole process, Django included; its RSS before the import is printed
too).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://maillage@127.0.0.1:5544")
TEMPLATE_DB = "maillage_bench_imports_tpl"
BENCH_DB = "maillage_bench_imports"
WORK = Path("/tmp/maillage-bench-imports")  # noqa: S108
TARGET_SECONDS = 120
TARGET_MB = 300
ESTABLISHMENTS_PER_LEGAL_ENTITY = 4

WORDS = (
    "Tilleuls",
    "Marronniers",
    "Glycines",
    "Acacias",
    "Lilas",
    "Roses",
    "Peupliers",
    "Cèdres",
    "Oliviers",
    "Platanes",
    "Hirondelles",
    "Mésanges",
    "Sources",
    "Jardins",
    "Coteaux",
    "Vergers",
)
CATEGORIES = (
    ("500", "Etablissement d'hébergement pour personnes âgées dépendantes", "EHPAD"),
    ("202", "Résidences autonomie", "Résidence autonomie"),
    ("214", "Centre Hébergement & Réinsertion Sociale (C.H.R.S.)", "CHRS"),
    ("354", "Service de Soins Infirmiers A Domicile (S.S.I.A.D)", "SSIAD"),
    ("460", "Service autonomie aide (SAA)", "Service d'aide à domicile"),
    ("189", "Centre Médico-Psycho-Pédagogique (C.M.P.P.)", "CMPP"),
)
STREET_TYPES = ("R", "AV", "BD", "PL", "ALL", "CHE")


def environment(database: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{database}",
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "TEST_RUN_ID": "_bench_imports",
    }


def admin_connection():
    import psycopg

    return psycopg.connect(f"{SERVER}/maillage", autocommit=True)


def prepare_template() -> None:
    with admin_connection() as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE_DB]
        ).fetchone()
        if exists:
            return
        connection.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
    print(f"Préparation de {TEMPLATE_DB} (migrations, communes du 93)…", flush=True)
    env = environment(TEMPLATE_DB)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0", "--skip-checks"],
        cwd=ROOT,
        check=True,
        env=env,
    )
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from demo.directory import load_communes; load_communes()",
        ],
        cwd=ROOT,
        check=True,
        env=env,
    )


def fresh_database() -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BENCH_DB}" TEMPLATE "{TEMPLATE_DB}"')


def communes() -> list[tuple[str, str, str, float, float]]:
    """(INSEE code, postcode, name, latitude, longitude) of the template's communes."""
    import psycopg

    with psycopg.connect(f"{SERVER}/{TEMPLATE_DB}") as connection:
        rows = connection.execute(
            "SELECT insee_code, postcodes, name, latitude, longitude FROM directory_commune "
            "ORDER BY insee_code"
        ).fetchall()
    return [
        (code, (postcodes or [""])[0], name, float(lat), float(lon))
        for code, postcodes, name, lat, lon in rows
    ]


# Elsewhere in France: (département, latitude, longitude) of a point in it.
ELSEWHERE = (
    ("13", 43.53, 5.45),
    ("33", 44.84, -0.58),
    ("59", 50.63, 3.06),
    ("69", 45.76, 4.84),
    ("75", 48.86, 2.35),
    ("31", 43.60, 1.44),
    ("44", 47.22, -1.55),
    ("67", 48.58, 7.75),
)


def place(rng: random.Random, number: int, places, kept: int, count: int):
    """A commune of the 93 for `kept` establishments out of `count` (spread evenly), another
    département's for the others (their communes are unknown to the directory: the import
    leaves them out by their code, before anything is loaded)."""
    if kept >= count or number % (count // max(kept, 1)) == 0:
        return rng.choice(places)
    departement, latitude, longitude = rng.choice(ELSEWHERE)
    code = f"{departement}{rng.randint(1, 400):03d}"
    return code, f"{departement}000", "AILLEURS", latitude, longitude


def establishment(rng: random.Random, number: int, places, kept: int, count: int) -> dict:
    code, postcode, commune_name, latitude, longitude = place(rng, number, places, kept, count)
    category, label, prefix = rng.choice(CATEGORIES)
    name = f"{prefix} Les {rng.choice(WORDS)} {rng.choice(WORDS)} {number:06d}"
    return {
        "number": f"93{number:07d}",
        "name": name,
        "category": category,
        "label": label,
        "street_number": str(rng.randint(1, 180)),
        "street_type": rng.choice(STREET_TYPES),
        "street": f"DES {rng.choice(WORDS).upper()}",
        "insee": code,
        "postcode": postcode,
        "commune": commune_name.upper(),
        "phone": f"01{rng.randint(40, 49)}{rng.randint(0, 999999):06d}",
        "latitude": round(latitude + rng.uniform(-0.01, 0.01), 6),
        "longitude": round(longitude + rng.uniform(-0.01, 0.01), 6),
        "updated": f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }


def write_csv(path: Path, count: int, places, kept: int) -> None:
    """The etalab extract: ISO-8859-1, `;`, the current 32-field layout, then the
    geolocalisation rows (Lambert 93)."""
    from pyproj import Transformer

    to_lambert = Transformer.from_crs(4326, 2154, always_xy=True)
    rng = random.Random(16)
    coordinates = []
    with path.open("w", encoding="iso-8859-1", newline="") as out:
        out.write("finess;etalab;96;2026-11-30\r\n")
        for index in range(count):
            e = establishment(rng, index, places, kept, count)
            commune = e["insee"][2:]
            fields = [
                "structureet", e["number"], f"93{index // 4 + 5_000_000:07d}",
                e["name"][:38].upper(), e["name"], "", "", e["street_number"],
                e["street_type"], e["street"], "", "", commune, e["insee"][:2], "",
                f"{e['postcode']} {e['commune']}", e["phone"], "", e["category"], e["label"],
                "4401", "Etablissements", "", "", "", "", "", "", "2001-01-01",
                "2001-01-01", e["updated"], "",
            ]  # fmt: skip
            out.write(";".join(fields) + "\r\n")
            x, y = to_lambert.transform(e["longitude"], e["latitude"])
            coordinates.append((e["number"], x, y, e["updated"]))
        for number, x, y, updated in coordinates:
            out.write(
                f"geolocalisation;{number};{x:.1f};{y:.1f};"
                f"1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;{updated}\r\n"
            )


def _address(e: dict) -> list[dict]:
    return [
        {
            "usageAdresse": "03",
            "numeroVoie": e["street_number"],
            "typeVoie": e["street_type"],
            "libelleVoie": e["street"],
            "complementVoie": None,
            "complementPointGeographique": None,
            "lieuDit": None,
            "cogCommune": e["insee"],
            "ligneAcheminement": f"{e['postcode']} {e['commune']}",
            "codePostal": e["postcode"],
            "coordonneesGeographique": {
                "coordonneeX": str(e["longitude"]),
                "coordonneeY": str(e["latitude"]),
                "directionLatitude": "N",
                "directionLongitude": "E",
                "cleInInteropBAN": None,
                "scoreBAN": None,
            },
        }
    ]


def _contact(e: dict) -> list[dict]:
    return [
        {
            "typeContact": {"roleContact": "01"},
            "telecom": {"telephone": e["phone"], "telecopie": None, "courriel": None},
        }
    ]


def write_json(path: Path, count: int, places, kept: int) -> None:
    """The FiNESS+ structures flow, one legal entity at a time (never whole in memory)."""
    rng = random.Random(16)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"schemaVersion": "v1.0.0", "generatedAt": "2026-11-30T04:00:00Z", ')
        out.write('"gco": [], "gcc": [], "pmej": [')
        for start in range(0, count, ESTABLISHMENTS_PER_LEGAL_ENTITY):
            establishments = [
                establishment(rng, index, places, kept, count)
                for index in range(start, min(count, start + ESTABLISHMENTS_PER_LEGAL_ENTITY))
            ]
            head = establishments[0]
            legal = {
                "informationsGeneralesPMEJ": {
                    "pmSmsseId": f"PM{start:08d}",
                    "numFinessPm": f"93{start // 4 + 5_000_000:07d}",
                    "denominationPm": f"GESTIONNAIRE {start:06d}",
                    "denominationLonguePmSmsse": f"Association gestionnaire {start:06d}",
                    "siren": None,
                    "dateCreation": "1990-01-01",
                    "dateFermeture": None,
                },
                "adresse": _address(head),
                "contact": _contact(head),
                "engagement": [],
                "evenement": [],
                "etatObjet": "A",
                "dateDerniereMaj": f"{head['updated']}T00:00:00",
                "ege": [
                    {
                        "informationsGeneralesEGE": {
                            "egeId": f"EG{e['number']}",
                            "numFinessEge": e["number"],
                            "nomEgeCourt": e["name"][:38].upper(),
                            "nomEgeLong": e["name"],
                            "siret": None,
                            "dateOuverture": "2001-01-01",
                            "dateFermeture": "2024-06-30" if rng.random() < 0.01 else None,
                        },
                        "categorieentiteGeographiqueExercice": e["category"],
                        "modefixationtarifaire": "40",
                        "typeBudget": [],
                        "adresse": _address(e),
                        "contact": _contact(e),
                        "engagement": [],
                        "evenement": [],
                        "roleEge": [],
                        "etatObjet": "A",
                        "dateDerniereMaj": f"{e['updated']}T00:00:00",
                    }
                    for e in establishments
                ],
            }
            out.write(("," if start else "") + json.dumps(legal, ensure_ascii=False))
        out.write("]}\n")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(kind: str, path: Path, departements: str) -> None:
    """Run one import in this process and print its figures as JSON on the last line."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from directory.imports.models import ImportRun
    from directory.imports.runner import execute

    before = rss_mb()
    run = ImportRun.objects.create(kind=kind, filename=path.name, departements=departements)
    started = time.perf_counter()
    with path.open("rb") as stream:
        run = execute(run, stream)
    seconds = time.perf_counter() - started
    figures = {
        "status": run.status,
        "message": run.message,
        "seconds": seconds,
        "total": run.total,
        "created": run.created_count,
        "skipped": run.skipped_count,
        "errors": run.error_count,
        "closed": run.closed_count,
        "rss_before_mb": before,
        "peak_rss_mb": rss_mb(),
    }
    print(json.dumps(figures))


def measure(kind: str, path: Path, departements: str) -> dict:
    fresh_database()
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), "--departements", departements],
        cwd=ROOT,
        env=environment(BENCH_DB),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--establishments", type=int, default=100_000)
    parser.add_argument("--only", choices=("json", "csv"))
    parser.add_argument(
        "--kept",
        type=int,
        default=1_500,
        help="établissements placés dans le 93 (les autres ailleurs) ; le 93 en compte "
        "de l'ordre de 1 500 dans FINESS",
    )
    parser.add_argument(
        "--all-in-departement",
        action="store_true",
        help="mesure aussi le cas où tous les établissements sont dans le 93 (tous chargés)",
    )
    parser.add_argument("--departements", default="93")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    options = parser.parse_args()
    if options.child:
        child(options.child[0], Path(options.child[1]), options.departements)
        return

    prepare_template()
    places = communes()
    WORK.mkdir(exist_ok=True)
    count = options.establishments
    formats = [("json", "finess_plus", write_json), ("csv", "finess", write_csv)]
    cases = [min(options.kept, count)] + ([count] if options.all_in_departement else [])
    for (name, kind, write), kept in itertools.product(formats, dict.fromkeys(cases)):
        if options.only and options.only != name:
            continue
        path = WORK / f"finess-{count}-{kept}.{name}"
        if not path.exists():
            started = time.perf_counter()
            write(path, count, places, kept)
            print(
                f"{path.name} : {path.stat().st_size / 1e6:.0f} Mo générés "
                f"en {time.perf_counter() - started:.1f} s",
                flush=True,
            )
        figures = measure(kind, path, options.departements)
        seconds = figures["seconds"]
        ok = (
            figures["status"] == "succeeded"
            and seconds < TARGET_SECONDS
            and figures["peak_rss_mb"] < TARGET_MB
        )
        print(
            f"{name:4} {count} établissements dont {kept} dans le 93, départements retenus "
            f"{options.departements} ({figures['total'] + figures['skipped']} enregistrements "
            f"lus) : "
            f"{seconds:.1f} s, {(figures['total'] + figures['skipped']) / seconds:.0f} enr./s, "
            f"{figures['created'] / seconds:.1f} créations/s, pic RSS "
            f"{figures['peak_rss_mb']:.0f} Mo (avant import {figures['rss_before_mb']:.0f} Mo) ; "
            f"{figures['created']} créés, {figures['skipped']} hors territoire, "
            f"{figures['errors']} en erreur, {figures['closed']} fermés — {figures['status']} "
            f"{figures['message']}— objectif < {TARGET_SECONDS} s et < {TARGET_MB} Mo : "
            f"{'atteint' if ok else 'MANQUÉ'}",
            flush=True,
        )


if __name__ == "__main__":
    main()

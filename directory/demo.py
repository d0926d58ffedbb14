"""Demo directory: the communes of Seine-Saint-Denis (93) and a few organisations."""

import csv
from pathlib import Path

from django.utils.text import slugify

from .models import Commune, Organisation, OrganisationKind

COMMUNES_CSV = Path(__file__).parent / "data" / "communes_93.csv"

DEMO_ORGANISATIONS = [
    ("Seine-Saint-Denis Habitat", OrganisationKind.LANDLORD, "93008"),
    ("Est Habitat Solidaire", OrganisationKind.LANDLORD, "93048"),
    ("Plaine Logis", OrganisationKind.LANDLORD, "93066"),
    ("Association Voisins Solidaires 93", OrganisationKind.ESS, "93055"),
    ("Coopérative Les Petits Travaux", OrganisationKind.ESS, "93001"),
    ("Collectif Habitat Inclusif de l'Est", OrganisationKind.PROJECT_HOLDER, "93010"),
]


def load_communes() -> int:
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for row in rows:
        Commune.objects.update_or_create(
            insee_code=row["insee_code"],
            defaults={
                "name": row["name"],
                "slug": slugify(row["name"]),
                "postcodes": row["postcodes"].split(","),
                "departement_code": row["insee_code"][:2],
                "epci_code": row["epci_code"],
                "epci_name": row["epci_name"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            },
        )
    return len(rows)


def load() -> str:
    communes = load_communes()
    by_code = {c.insee_code: c for c in Commune.objects.all()}
    for name, kind, insee in DEMO_ORGANISATIONS:
        Organisation.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "kind": kind, "commune": by_code[insee]}
        )
    return f"{communes} communes, {len(DEMO_ORGANISATIONS)} organisations"

"""Demo directory: the communes of Seine-Saint-Denis (93), about 200 organisations and 350
services covering every typology and category, and 20 residences. Deterministic and
idempotent: entries are keyed by slug, so loading twice changes nothing."""

import csv
import random
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from demo.directory_content import (
    ASSOCIATIONS,
    CATEGORY_SERVICE_NAMES,
    ESS_STRUCTURES,
    HOURS_AT_HOME,
    HOURS_HELPLINE,
    OPENING_HOURS,
    PROFILES,
    RESIDENCE_NAMES,
    SAAD_BRANDS,
    STREETS,
)
from directory.models import (
    Commune,
    ItineraryStop,
    Organisation,
    OrganisationKind,
    ReferentRole,
    Residence,
    ResidenceReferent,
    Service,
)
from directory.vocabularies import AT_HOME, Status, Typology, UpdateFrequency, thematiques_for

COMMUNES_CSV = Path(__file__).parent / "data" / "communes_93.csv"

# The foundation's organisations: demo accounts use these slugs.
DEMO_ORGANISATIONS = [
    ("Seine-Saint-Denis Habitat", OrganisationKind.LANDLORD, "93008"),
    ("Est Habitat Solidaire", OrganisationKind.LANDLORD, "93048"),
    ("Plaine Logis", OrganisationKind.LANDLORD, "93066"),
    ("Association Voisins Solidaires 93", OrganisationKind.ESS, "93055"),
    ("Coopérative Les Petits Travaux", OrganisationKind.ESS, "93001"),
    ("Collectif Habitat Inclusif de l'Est", OrganisationKind.PROJECT_HOLDER, "93010"),
]
FOUNDATION_TYPOLOGIES = {
    OrganisationKind.LANDLORD: Typology.BAILLEUR,
    OrganisationKind.ESS: Typology.ASSOCIATION,
    OrganisationKind.PROJECT_HOLDER: Typology.PORTEUR_PROJET,
}
GARDIEN_EMAIL = "gardien@maillage.example"


def commune_values() -> list[dict]:
    """The communes of the demo file as Commune field values (also the tests' one source)."""
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return [
        {
            "insee_code": row["insee_code"],
            "name": row["name"],
            "slug": slugify(row["name"]),
            "postcodes": row["postcodes"].split(","),
            "departement_code": row["insee_code"][:2],
            "epci_code": row["epci_code"],
            "epci_name": row["epci_name"],
            "latitude": float(row["latitude"]),
            "longitude": float(row["longitude"]),
        }
        for row in rows
    ]


def load_communes() -> int:
    values = commune_values()
    for fields in values:
        Commune.objects.update_or_create(insee_code=fields["insee_code"], defaults=fields)
    return len(values)


def demo_domain(text: str) -> str:
    """A valid DNS label from a name: data·inclusion rejects a label ending with "-"."""
    return slugify(text)[:40].strip("-")


class Builder:
    """Generates the demo entries from a seeded random source (same output every run)."""

    def __init__(self, communes: list[Commune]):
        self.random = random.Random(93)  # demo data, not security
        self.communes = communes
        self.by_epci: dict[str, list[Commune]] = {}
        for commune in communes:
            self.by_epci.setdefault(commune.epci_name, []).append(commune)
        self.organisations = 0
        self.services = 0
        self.today = timezone.localdate()
        self.verified_at = timezone.now()

    def phone(self) -> str:
        digits = [self.random.randint(0, 99) for _ in range(3)]
        return "01 4{} {:02d} {:02d} {:02d}".format(self.random.randint(1, 9), *digits)

    def address(self) -> str:
        return f"{self.random.randint(1, 180)} {self.random.choice(STREETS)}"

    def organisation(self, name, kind, typology, commune, description, hours=None, **extra):
        slug = slugify(name)[:220]
        email_domain = demo_domain(name)
        values = {
            "name": name,
            "kind": kind,
            "typology": typology,
            "commune": commune,
            "address": self.address(),
            "postcode": commune.postcodes[0],
            "latitude": commune.latitude + self.random.uniform(-0.006, 0.006),
            "longitude": commune.longitude + self.random.uniform(-0.008, 0.008),
            "geocoding_precision": "manual",
            "phone": self.phone(),
            "email": f"contact@{email_domain}.example",
            "website": f"https://{email_domain}.example",
            "opening_hours": hours or self.random.choice(OPENING_HOURS),
            "accessibility": self.random.choice(
                [
                    "Accès de plain-pied, accessible en fauteuil roulant.",
                    "Ascenseur ; toilettes adaptées ; boucle magnétique à l'accueil.",
                    "Deux marches à l'entrée : sonnette pour la rampe amovible.",
                    "",
                ]
            ),
            "description": description,
            "status": Status.PUBLISHED,
            "update_frequency": self.random.choice(list(UpdateFrequency)),
            "verified_at": self.verified_at,
            **extra,
        }
        organisation, _ = Organisation.objects.update_or_create(slug=slug, defaults=values)
        self.organisations += 1
        return organisation

    def service(self, organisation, spec: dict, zone: list[str]):
        name = spec["name"]
        slug = slugify(f"{name}-{organisation.slug}")[:220]
        modes = list(spec.get("modes", ["en-presentiel"]))
        if spec.get("at_home"):
            modes.append(AT_HOME)
        professionals_only = spec.get("professionals_only", False)
        mobilisation = ["telephoner", "envoyer-un-courriel"]
        if "en-presentiel" in modes:
            mobilisation.append("se-presenter")
        values = {
            "organisation": organisation,
            "name": name,
            "description": spec["description"],
            "categories": [str(c) for c in spec["categories"]],
            "thematiques": thematiques_for(spec["categories"], spec.get("thematiques", ())),
            "types": spec.get("types", ["accompagnement"]),
            "publics": spec.get("publics", []),
            "fees": spec.get("fees", "gratuit"),
            "fees_details": "Participation selon les ressources."
            if spec.get("fees") == "payant"
            else "",
            "access_conditions": "Sur rendez-vous." if not spec.get("at_home") else "",
            "reception_modes": modes,
            "eligibility_zone": zone,
            "mobilisation_modes": mobilisation,
            "mobilised_by": spec.get("mobilised_by", ["usagers", "professionnels"]),
            "contact_is_professional_only": professionals_only,
            "phone": self.phone() if professionals_only or self.random.random() < 0.5 else "",
            "email": (
                f"service@{demo_domain(organisation.slug)}.example" if professionals_only else ""
            ),
            "opening_hours": HOURS_AT_HOME
            if spec.get("at_home") and self.random.random() < 0.3
            else "",
            "status": Status.PUBLISHED,
            "verified_at": self.verified_at,
            "update_frequency": organisation.update_frequency,
        }
        service, _ = Service.objects.update_or_create(slug=slug, defaults=values)
        if spec.get("mobile"):
            self.itinerary(service, organisation.commune)
        self.services += 1
        return service

    def itinerary(self, service, home: Commune) -> None:
        neighbours = [c for c in self.by_epci[home.epci_name] if c != home][:2]
        places = [
            "Parvis de la mairie",
            "Marché couvert",
            "Pied de la résidence",
            "Place de la gare",
        ]
        schedules = ["Mo 09:30-12:00", "We 14:00-17:00", "Fr 09:30-12:30"]
        for order, commune in enumerate([home, *neighbours]):
            ItineraryStop.objects.update_or_create(
                service=service,
                sort_order=order,
                defaults={
                    "place_label": places[order % len(places)],
                    "address": self.address(),
                    "commune": commune,
                    "opening_hours": schedules[order % len(schedules)],
                },
            )

    def place(self, index: int) -> Commune:
        return self.communes[(index * 7 + 3) % len(self.communes)]

    def build_profiles(self) -> None:
        epcis = sorted(self.by_epci)
        for typology, (kind, pattern, description, count, services) in PROFILES.items():
            if count is None:
                targets = list(enumerate(self.communes))
            elif isinstance(count, tuple):
                by_code = {c.insee_code: c for c in self.communes}
                targets = [(i, by_code[code]) for i, code in enumerate(count)]
            else:
                targets = [(i, self.place(i + len(pattern))) for i in range(count)]
            for index, commune in targets:
                epci = epcis[index % len(epcis)]
                if "{epci}" in pattern:
                    commune = self.by_epci[epci][0]
                fields = {
                    "commune": commune.name,
                    "epci": epci,
                    "brand": SAAD_BRANDS[index % len(SAAD_BRANDS)],
                }
                name = pattern.format(**fields)
                hours = HOURS_AT_HOME if typology in {Typology.SAAD, Typology.SSIAD} else None
                organisation = self.organisation(
                    name, kind, typology, commune, description.format(**fields), hours
                )
                zone = self.zone_for(typology, commune)
                for spec in services:
                    self.service(organisation, spec, zone)

    def zone_for(self, typology, commune: Commune) -> list[str]:
        if typology in {Typology.CCAS, Typology.MAIRIE, Typology.SCHS, Typology.CLSM}:
            return [commune.insee_code]
        if typology in {Typology.SAAD, Typology.CLIC, Typology.CIAS, Typology.EMPP, Typology.EMG}:
            return [commune.epci_code]
        if typology in {Typology.CDAS, Typology.CMP, Typology.SSIAD}:
            neighbours = self.by_epci[commune.epci_name]
            start = neighbours.index(commune)
            return sorted({c.insee_code for c in (neighbours * 2)[start : start + 3]})
        return []  # the whole département

    def build_associations(self) -> None:
        catalogue = [(p, c, Typology.ASSOCIATION) for p, c in ASSOCIATIONS] + [
            (p, c, Typology.ESS) for p, c in ESS_STRUCTURES
        ]
        for index, (pattern, categories, typology) in enumerate(catalogue * 2):
            commune = self.place(index * 3 + 1)
            name = pattern.format(commune=commune.name)
            description = (
                f"{name} agit à {commune.name} et dans les communes voisines avec des "
                "bénévoles et des salariés, en lien avec les bailleurs et les services sociaux."
            )
            organisation = self.organisation(
                name, OrganisationKind.ESS, typology, commune, description
            )
            organisation.tags.set([str(c.label).lower() for c in categories])
            for category in categories:
                title, text = CATEGORY_SERVICE_NAMES.get(
                    category, (str(category.label), str(category.label))
                )
                self.service(
                    organisation,
                    {
                        "name": title,
                        "description": text,
                        "categories": [category],
                        "types": ["accompagnement"],
                        "publics": ["tous-publics"],
                        "at_home": category in {"adaptation-logement", "aide-a-domicile"},
                    },
                    [commune.insee_code] if index % 3 else [commune.epci_code],
                )

    def build_foundation(self, by_code: dict[str, Commune]) -> None:
        for name, kind, insee in DEMO_ORGANISATIONS:
            commune = by_code[insee]
            description = (
                f"{name} : bailleur social présent en Seine-Saint-Denis."
                if kind == OrganisationKind.LANDLORD
                else f"{name}, partenaire du réseau Maillage à {commune.name}."
            )
            self.organisation(
                name, kind, FOUNDATION_TYPOLOGIES[kind], commune, description, HOURS_HELPLINE
            )

    def build_residences(self, by_code: dict[str, Commune]) -> int:
        landlords = Organisation.objects.filter(
            slug__in=["seine-saint-denis-habitat", "est-habitat-solidaire", "plaine-logis"]
        ).order_by("slug")
        landlords = list(landlords)
        for index, base in enumerate(RESIDENCE_NAMES):
            landlord = landlords[index % len(landlords)]
            neighbours = self.by_epci[landlord.commune.epci_name]
            commune = neighbours[index % len(neighbours)]
            name = f"Résidence {base}"
            residence, _created = Residence.objects.update_or_create(
                slug=slugify(f"{name}-{commune.name}"),
                defaults={
                    "landlord": landlord,
                    "name": name,
                    "address": self.address(),
                    "commune": commune,
                    "postcode": commune.postcodes[0],
                    "latitude": commune.latitude + self.random.uniform(-0.005, 0.005),
                    "longitude": commune.longitude + self.random.uniform(-0.005, 0.005),
                    "geocoding_precision": "manual",
                    "units": self.random.choice([24, 48, 60, 96, 120, 210]),
                    "has_lift": self.random.random() < 0.6,
                    "accessibility": self.random.choice(
                        [
                            "Hall de plain-pied, ascenseur jusqu'au parking.",
                            "Trois marches au hall ; rampe côté jardin.",
                            "Interphone à défilement ; pas d'ascenseur.",
                        ]
                    ),
                },
            )
            build_referents(residence, landlord_index=landlords.index(landlord), index=index)
        return len(RESIDENCE_NAMES)


# The landlord's own contacts for each demo residence (« d'abord, votre bailleur »): role,
# label, whether tenants see it (public page and hall poster), hours. Numbers are made up
# from the landlord and the residence, without the random generator (the demo's other values
# stay what they were).
DEMO_REFERENTS = [
    (ReferentRole.CUSTOMER, "Accueil clientèle", True, "Mo-Fr 08:30-12:30,13:30-17:00"),
    (ReferentRole.MANAGER, "Responsable de secteur", False, "Mo-Fr 09:00-12:00,14:00-17:00"),
    (ReferentRole.CESF, "Conseillère en économie sociale et familiale", False, "Tu,Th 09:00-12:30"),
    (ReferentRole.SENIORS, "Service seniors", True, "Mo,We,Fr 09:00-12:00"),
]


def build_referents(residence: Residence, *, landlord_index: int, index: int) -> None:
    domain = slugify(residence.landlord.name)
    for number, (role, label, public, hours) in enumerate(DEMO_REFERENTS):
        ResidenceReferent.objects.update_or_create(
            residence=residence,
            role=role,
            defaults={
                "label": f"{label} — {residence.landlord.name}"
                if public
                else f"{label} (secteur {residence.commune.name})",
                "phone": f"01 4{landlord_index + 1} 5{number} {index:02d} {10 + number:02d}",
                "email": f"{role}@{domain}.example" if public or number == 1 else "",
                "opening_hours": hours,
                "is_public": public,
                "sort_order": number,
            },
        )


def load() -> str:
    communes_count = load_communes()
    communes = list(Commune.objects.order_by("insee_code"))
    by_code = {c.insee_code: c for c in communes}
    builder = Builder(communes)
    builder.build_foundation(by_code)
    builder.build_profiles()
    builder.build_associations()
    residences = builder.build_residences(by_code)
    return (
        f"{communes_count} communes, {Organisation.objects.count()} organisations, "
        f"{Service.objects.count()} services, {residences} résidences"
    )

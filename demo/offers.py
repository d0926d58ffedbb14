"""Demo marketplace: offers of the demo ESS associations, premises of the demo landlords, needs
of the demo project holder — matched at once so the demo shows matches. Idempotent."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from directory.models import Commune, Organisation, Residence
from offers import services
from offers.models import Premises, ProjectNeed, ServiceOffer
from offers.vocabularies import (
    Audience,
    OccupationType,
    OfferFamily,
    OfferTarget,
    OfferType,
    PremisesType,
    PricingModel,
    ProjectType,
    Status,
    Usage,
)

OFFERS = [
    (
        "association-voisins-solidaires-93",
        "Café social dans le hall de votre résidence",
        OfferFamily.SOCIAL_COHESION,
        OfferType.SOCIAL_CAFE,
        "Deux après-midi par semaine, un café convivial animé par nos bénévoles pour rompre "
        "l'isolement des locataires âgés et repérer les personnes en difficulté.",
        PricingModel.NEGOTIATED,
        None,
    ),
    (
        "association-voisins-solidaires-93",
        "Contact téléphonique régulier des locataires isolés",
        OfferFamily.VULNERABILITY,
        OfferType.PHONE_CONTACT,
        "Un appel par semaine aux locataires qui le souhaitent, avec alerte du gardien en cas "
        "d'inquiétude (absence de réponse, chute, moral en baisse).",
        PricingModel.PER_RESIDENT,
        Decimal("12"),
    ),
    (
        "association-voisins-solidaires-93",
        "Ateliers numériques : démarches en ligne",
        OfferFamily.DAILY_LIFE,
        OfferType.DIGITAL_WORKSHOPS,
        "Ateliers en petits groupes dans la salle commune : messagerie, espace CAF, "
        "rendez-vous médicaux en ligne, sécurité sur Internet.",
        PricingModel.FREE,
        None,
    ),
    (
        "cooperative-les-petits-travaux",
        "Petits travaux et adaptation du logement",
        OfferFamily.DAILY_LIFE,
        OfferType.SMALL_REPAIRS,
        "Pose de barres d'appui, changement d'ampoules, petites réparations : nos artisans "
        "interviennent chez les locataires âgés à la demande du bailleur.",
        PricingModel.PER_HOUR,
        Decimal("35"),
    ),
    (
        "cooperative-les-petits-travaux",
        "Maîtrise de l'énergie : visites éco-gestes",
        OfferFamily.PURCHASING_POWER,
        OfferType.ENERGY_SAVING,
        "Visite à domicile pour réduire les factures : réglages, petits équipements "
        "économes, lecture des factures.",
        PricingModel.NEGOTIATED,
        None,
    ),
]

# landlord slug, residence name, INSEE, title, type, surface, rent, charges, usages, pmr
PREMISES = [
    (
        "seine-saint-denis-habitat",
        "Résidence Les Tilleuls",
        "93008",
        "Local associatif en pied d'immeuble",
        PremisesType.ASSOCIATIVE,
        95,
        Decimal("650"),
        Decimal("80"),
        [Usage.RECEPTION, Usage.MEETINGS, Usage.CAFE],
        True,
    ),
    (
        "est-habitat-solidaire",
        "Résidence Croix-de-Chavaux",
        "93048",
        "Ancien commerce de 140 m² avec vitrine",
        PremisesType.SHOP,
        140,
        Decimal("1200"),
        Decimal("150"),
        [Usage.SHOP, Usage.CAFE, Usage.RECEPTION, Usage.THIRD_PLACE],
        True,
    ),
    (
        "plaine-logis",
        "Résidence Pleyel",
        "93066",
        "Salle commune disponible en semaine",
        PremisesType.COMMON_ROOM,
        60,
        None,
        None,
        [Usage.MEETINGS, Usage.RECEPTION],
        True,
    ),
    (
        "seine-saint-denis-habitat",
        "Résidence Les Tilleuls",
        "93008",
        "Deux logements pour un habitat partagé",
        PremisesType.DWELLING,
        130,
        Decimal("900"),
        Decimal("120"),
        [Usage.HOUSING],
        True,
    ),
]

NEEDS = [
    (
        "Café social pour les seniors de Bondy et alentours",
        ProjectType.SOCIAL_CAFE,
        [Usage.CAFE, Usage.RECEPTION],
        (60, 120),
        Decimal("900"),
        ("93010", 8.0),
        [Audience.ELDERLY, Audience.CARERS],
    ),
    (
        "Habitat inclusif pour six personnes âgées",
        ProjectType.INCLUSIVE_HOUSING,
        [Usage.HOUSING],
        (100, 200),
        Decimal("1200"),
        ("93010", 10.0),
        [Audience.ELDERLY, Audience.DISABLED],
    ),
    (
        "Tiers-lieu solidaire à Montreuil",
        ProjectType.THIRD_PLACE,
        [Usage.THIRD_PLACE, Usage.MEETINGS, Usage.SHOP],
        (100, 180),
        Decimal("1500"),
        None,
        [Audience.EVERYONE],
    ),
]


def _residence(landlord, name, commune) -> Residence:
    existing = Residence.objects.filter(landlord=landlord, commune=commune).first()
    if existing:
        return existing
    residence, _created = Residence.objects.get_or_create(
        slug=f"demo-{landlord.slug}-{commune.insee_code}",
        defaults={
            "landlord": landlord,
            "name": name,
            "address": "1 allée des Lilas",
            "commune": commune,
            "postcode": (commune.postcodes or ["93000"])[0],
            "latitude": commune.latitude,
            "longitude": commune.longitude,
            "has_lift": True,
        },
    )
    return residence


def load() -> str:
    now = timezone.now()
    today = timezone.localdate()
    organisations = {o.slug: o for o in Organisation.objects.all()}
    communes = {c.insee_code: c for c in Commune.objects.all()}
    published = {"status": Status.PUBLISHED, "published_at": now}

    for slug, title, family, offer_type, description, pricing, amount in OFFERS:
        ServiceOffer.objects.update_or_create(
            provider=organisations[slug],
            title=title,
            defaults={
                "family": family,
                "offer_type": offer_type,
                "description": description,
                "pricing_model": pricing,
                "price_amount": amount,
                "targets": [OfferTarget.LANDLORDS, OfferTarget.RESIDENTS],
                **published,
            },
        )

    premises_ids = []
    for slug, residence_name, insee, title, kind, surface, rent, charges, usages, pmr in PREMISES:
        landlord = organisations[slug]
        residence = _residence(landlord, residence_name, communes[insee])
        premises, _created = Premises.objects.update_or_create(
            landlord=landlord,
            title=title,
            defaults={
                "residence": residence,
                "address": residence.address,
                "commune": residence.commune,
                "premises_type": kind,
                "description": title,
                "total_surface": surface,
                "free_of_charge": rent is None,
                "rent": rent,
                "charges": charges,
                "occupation_type": OccupationType.ASSOCIATIVE_LEASE
                if rent
                else OccupationType.TEMPORARY,
                "pmr_accessible": pmr,
                "has_lift": True,
                "allowed_usages": usages,
                "available_from": today,
                **published,
            },
        )
        premises_ids.append(premises.pk)

    holder = organisations["collectif-habitat-inclusif-de-lest"]
    for title, project_type, usages, (smin, smax), budget, around, audiences in NEEDS:
        if around is None:
            zone = {"zone_communes": ["93048", "93006"], "center_commune": None, "radius_km": None}
        else:
            code, radius = around
            zone = {"zone_communes": [], "center_commune": communes[code], "radius_km": radius}
        ProjectNeed.objects.update_or_create(
            organisation=holder,
            title=title,
            defaults={
                "project_type": project_type,
                "description": title,
                "usages": usages,
                "surface_min": smin,
                "surface_max": smax,
                "budget_max": budget,
                "start_date": today + timedelta(days=30),
                "audiences": audiences,
                **zone,
                **published,
            },
        )

    matches = sum(len(services.match_premises(pk)) for pk in premises_ids)
    Premises.objects.filter(pk__in=premises_ids).update(announced_at=now)
    ProjectNeed.objects.filter(organisation=holder).update(announced_at=now)
    return (
        f"{len(OFFERS)} offres, {len(PREMISES)} locaux, {len(NEEDS)} besoins, "
        f"{matches} nouvelles correspondances"
    )

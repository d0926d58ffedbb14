"""Demo agenda: a realistic month of collective actions (seed 000) across several communes,
some weekly, one training full with a waitlist. Idempotent: pages are found by slug."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from directory.models import Commune, Organisation, OrganisationKind
from events.models import (
    Accessibility,
    Audience,
    EventIndexPage,
    EventPage,
    EventType,
    Registration,
    RegistrationStatus,
)
from events.recurrence import localise
from events.translations import source_events
from home.models import HomePage

ORGANISERS = {
    "bailleur": ("seine-saint-denis-habitat", OrganisationKind.LANDLORD),
    "bailleur_est": ("est-habitat-solidaire", OrganisationKind.LANDLORD),
    "bailleur_plaine": ("plaine-logis", OrganisationKind.LANDLORD),
    "asso": ("association-voisins-solidaires-93", OrganisationKind.ESS),
    "coop": ("cooperative-les-petits-travaux", OrganisationKind.ESS),
    "porteur": ("collectif-habitat-inclusif-de-lest", OrganisationKind.PROJECT_HOLDER),
}


def _organisation(key: str) -> Organisation | None:
    slug, kind = ORGANISERS[key]
    return (
        Organisation.objects.filter(slug=slug).first()
        or Organisation.objects.filter(kind=kind).order_by("pk").first()
        or Organisation.objects.order_by("pk").first()
    )


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return localise(datetime.combine(day, time(hour, minute)))


def _next_weekday(weekday: int, hour: int, minute: int = 0) -> datetime:
    today = timezone.localdate()
    days = (weekday - today.weekday()) % 7 or 7
    return _at(days, hour, minute)


def _text(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [("text", "".join(f"<p>{p}</p>" for p in paragraphs))]


def _events():
    """(slug, fields) of the demo events; places and organisers resolved at load time."""
    tuesday = _next_weekday(1, 10)
    return [
        (
            "forum-bien-vieillir-bobigny",
            {
                "title": "Forum « Bien vieillir en bas d'immeuble » à Bobigny",
                "event_type": EventType.FORUM_BIEN_VIEILLIR,
                "summary": "Stands des services d'aide à domicile, du CLIC, du CCAS et des "
                "associations du quartier, au pied de la résidence.",
                "body": _text(
                    [
                        "Venez rencontrer en une après-midi les personnes qui peuvent vous aider "
                        "à rester chez vous : aide à domicile, adaptation du logement, "
                        "portage de repas, activités près de chez vous.",
                        "Entrée libre, sans inscription. Un café est offert.",
                    ]
                ),
                "start": _at(6, 14),
                "end": _at(6, 17),
                "address": "Parvis de la résidence Paul-Éluard, rue de la Liberté",
                "commune": "93008",
                "organiser": "bailleur",
                "audiences": [Audience.OLDER_TENANTS, Audience.CARERS, Audience.EVERYONE],
                "accessibility": [Accessibility.WHEELCHAIR, Accessibility.HEARING_LOOP],
                "registration_open": False,
            },
        ),
        (
            "atelier-numerique-tablette-pantin",
            {
                "title": "Atelier numérique : prendre en main sa tablette",
                "event_type": EventType.ATELIER_NUMERIQUE,
                "summary": "Chaque mardi matin, en petit groupe : messages, appels vidéo avec "
                "la famille, démarches en ligne (CAF, ameli, impôts).",
                "body": _text(
                    [
                        "Apportez votre tablette ou votre téléphone si vous en avez un ; "
                        "l'association prête des tablettes sinon.",
                    ]
                ),
                "start": tuesday,
                "end": tuesday + timedelta(hours=2),
                "recurrence": "FREQ=WEEKLY;BYDAY=TU",
                "recurrence_exceptions": [(tuesday + timedelta(days=14)).date()],
                "place": "asso",
                "organiser": "asso",
                "audiences": [Audience.OLDER_TENANTS],
                "accessibility": [Accessibility.WHEELCHAIR, Accessibility.EASY_READ],
                "capacity": 8,
            },
        ),
        (
            "cafe-des-aidants-pantin",
            {
                "title": "Café des aidants",
                "event_type": EventType.GROUPE_PAROLE,
                "summary": "Un jeudi sur deux, un temps d'échange entre proches aidants, "
                "animé par une psychologue. Gratuit et confidentiel.",
                "start": _next_weekday(3, 14, 30),
                "end": _next_weekday(3, 16, 30),
                "recurrence": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                "place": "asso",
                "organiser": "asso",
                "audiences": [Audience.CARERS],
                "accessibility": [Accessibility.WHEELCHAIR],
                "capacity": 12,
            },
        ),
        (
            "permanence-mobile-clic-montreuil",
            {
                "title": "Permanence mobile du CLIC",
                "event_type": EventType.PERMANENCE_MOBILE,
                "summary": "Le minibus du CLIC s'installe devant la résidence : informations "
                "sur l'APA, l'aide à domicile et les démarches, sans rendez-vous.",
                "start": _next_weekday(2, 9, 30),
                "end": _next_weekday(2, 12, 30),
                "recurrence": "FREQ=WEEKLY;BYDAY=WE",
                "address": "Place du marché, devant la résidence des Ruffins",
                "commune": "93048",
                "organiser": "bailleur_est",
                "audiences": [Audience.OLDER_TENANTS, Audience.CARERS],
                "accessibility": [Accessibility.WHEELCHAIR],
                "registration_open": False,
            },
        ),
        (
            "rendez-vous-ess-aubervilliers",
            {
                "title": "Rendez-vous de l'ESS : services aux locataires âgés",
                "event_type": EventType.RENDEZ_VOUS_ESS,
                "summary": "Les structures de l'ESS présentent leurs services (conciergerie, "
                "petits travaux, transport accompagné) aux bailleurs et aux gardiens.",
                "start": _at(12, 18),
                "end": _at(12, 20),
                "place": "coop",
                "organiser": "coop",
                "audiences": [Audience.PROFESSIONALS, Audience.LANDLORDS, Audience.GARDIENS],
                "accessibility": [Accessibility.WHEELCHAIR],
                "capacity": 40,
            },
        ),
        (
            "reunion-porteurs-projets-bailleurs",
            {
                "title": "Réunion de mise en relation porteurs de projets / bailleurs",
                "event_type": EventType.MISE_EN_RELATION,
                "summary": "Habitat inclusif, tiers-lieux, cafés sociaux : les porteurs de "
                "projets présentent leurs besoins de locaux, les bailleurs leurs locaux vacants.",
                "start": _at(15, 10),
                "end": _at(15, 12),
                "online_url": "https://visio.maillage.example/mise-en-relation",
                "organiser": "porteur",
                "audiences": [Audience.LANDLORDS, Audience.PROJECT_HOLDERS],
                "capacity": 30,
            },
        ),
        (
            "formation-pssm-gardiens-saint-denis",
            {
                "title": "Formation des gardiens : premiers secours en santé mentale",
                "event_type": EventType.FORMATION_GARDIENS,
                "summary": "Une journée pour repérer une personne en souffrance psychique, "
                "engager le dialogue et l'orienter vers les bons interlocuteurs.",
                "body": [
                    (
                        "callout",
                        {
                            "kind": "info",
                            "title": "À prévoir",
                            "text": "Repas pris en charge. Inscription par votre responsable "
                            "de secteur ou directement ici.",
                            "attribution": "",
                        },
                    )
                ],
                "start": _at(9, 9),
                "end": _at(9, 17),
                "place": "bailleur_plaine",
                "organiser": "bailleur_plaine",
                "audiences": [Audience.GARDIENS],
                "accessibility": [Accessibility.WHEELCHAIR],
                "is_free": False,
                "price_amount": Decimal("120.00"),
                "price_details": "Prise en charge par le bailleur pour ses gardiens.",
                "capacity": 6,
            },
        ),
        (
            "temps-information-adapter-son-logement",
            {
                "title": "Temps d'information : adapter son logement quand on vieillit",
                "event_type": EventType.TEMPS_INFORMATION,
                "summary": "Quelles adaptations (douche, barres d'appui, volets), quelles aides "
                "(MaPrimeAdapt', caisses de retraite) et comment faire la demande au bailleur.",
                "start": _at(20, 14),
                "end": _at(20, 16),
                "place": "bailleur_est",
                "organiser": "bailleur_est",
                "audiences": [Audience.OLDER_TENANTS, Audience.CARERS],
                "accessibility": [Accessibility.WHEELCHAIR, Accessibility.SIGN_LANGUAGE],
                "capacity": 25,
            },
        ),
    ]


WAITLIST_DEMO = [
    ("Karim Haddad", 2),
    ("Sophie Lefèvre", 1),
    ("Moussa Traoré", 2),
    ("Nadia Benali", 1),
    ("Jean-Pierre Morel", 1),  # waitlisted
    ("Fatou Camara", 1),  # waitlisted
]


def ensure_index(home: HomePage) -> EventIndexPage:
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(
            title="Agenda",
            slug="evenements",
            intro="Les actions collectives des bailleurs, des acteurs médico-sociaux et de l'ESS.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _resolve(fields: dict) -> dict:
    fields = dict(fields)
    organiser = fields.pop("organiser")
    fields["organiser"] = _organisation(organiser)
    place = fields.pop("place", None)
    if place:
        fields["place_organisation"] = _organisation(place)
        if fields["place_organisation"] is None or fields["place_organisation"].commune_id is None:
            fields.pop("place_organisation")
            fields["address"] = "Salle municipale, place de la Mairie"
            fields["commune"] = "93008"
    insee = fields.pop("commune", None)
    if insee:
        fields["address_commune"] = Commune.objects.filter(insee_code=insee).first()
    return fields


def load() -> str:
    home = HomePage.objects.first()
    if home is None or not Organisation.objects.exists():
        return "ignoré : page d'accueil ou organisations absentes"
    index = ensure_index(home)
    created = 0
    for slug, fields in _events():
        if source_events(EventPage.objects.filter(slug=slug)).exists():
            continue
        event = EventPage(slug=slug, **_resolve(fields))
        index.add_child(instance=event)
        event.save_revision().publish()
        created += 1
    # Translations share the slug (demo/event_translations.py): the French event is the one.
    full = source_events(EventPage.objects).get(slug="formation-pssm-gardiens-saint-denis")
    occurrence = full.occurrences.order_by("start").first()
    if occurrence and not occurrence.registrations.exists():
        taken = 0
        for name, seats in WAITLIST_DEMO:
            fits = taken + seats <= (full.capacity or 0)
            Registration.objects.create(
                occurrence=occurrence,
                name=name,
                email=f"{slugify(name)}@exemple.org",
                seats=seats,
                status=RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITLISTED,
            )
            taken += seats if fits else 0
    total = source_events(EventPage.objects.live()).count()
    return f"agenda : {created} événement(s) créé(s), {total} publiés"

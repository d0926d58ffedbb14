"""Demo of what follows a first contact (issue #18, items 4–6): outcomes of matches (a visit
planned, an agreement signed), the register of agreements with a document for each, a
landlord's call for services with the provider found and its answer, and three calls for
projects (open, closing soon, closed). Runs after `demo.offers`. Idempotent: everything is
looked up by its title or its parties first."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from directory.models import Organisation, OrganisationKind, Residence
from funding.models import CallForProjects, CallKind
from funding.models import Status as FundingStatus
from offers import service_calls
from offers.models import (
    Agreement,
    AgreementDocument,
    Match,
    OutcomeChange,
    ServiceCall,
    ServiceCallAnswer,
)
from offers.vocabularies import AgreementKind, OfferFamily, OfferTarget, Outcome, Status

LANDLORD = "seine-saint-denis-habitat"
ASSOCIATION = "association-voisins-solidaires-93"
HOLDER = "collectif-habitat-inclusif-de-lest"

# A one-page PDF: what a signed agreement scan stands for in the demo.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _outcome(match: Match, target: str, by_organisation, visit_date=None) -> None:
    """Record an outcome once (no notification: demo data)."""
    if match.outcome == target:
        return
    OutcomeChange.objects.create(
        match=match,
        from_outcome=match.outcome,
        to_outcome=target,
        visit_date=visit_date,
        by_organisation=by_organisation,
    )
    match.outcome = target
    match.visit_date = visit_date if target == Outcome.VISIT_PLANNED else match.visit_date
    match.save(update_fields=["outcome", "visit_date"])


def _agreement(landlord, association, kind, scope, start, end, **fields) -> Agreement:
    agreement, _created = Agreement.objects.update_or_create(
        landlord=landlord,
        association=association,
        kind=kind,
        defaults={"scope": scope, "start_date": start, "end_date": end, **fields},
    )
    return agreement


def _document(agreement: Agreement, title: str, filename: str) -> None:
    if not agreement.documents.filter(title=title).exists():
        document = AgreementDocument(agreement=agreement, title=title)
        document.file.save(filename, ContentFile(PDF), save=False)
        document.save()


def _partnerships(organisations, today) -> int:
    landlord, association, holder = (organisations[s] for s in (LANDLORD, ASSOCIATION, HOLDER))
    matches = list(
        Match.objects.filter(premises__landlord=landlord, need__organisation=holder).order_by("pk")[
            :2
        ]
    )
    if matches:
        _outcome(matches[0], Outcome.VISIT_PLANNED, landlord, today + timedelta(days=7))
    if len(matches) > 1:
        _outcome(matches[1], Outcome.AGREEMENT_SIGNED, holder)
    lease = _agreement(
        landlord,
        holder,
        AgreementKind.TEMPORARY_OCCUPATION,
        "Occupation du local associatif de la résidence Les Tilleuls pour un café social.",
        today.replace(day=1),
        today.replace(day=1) + timedelta(days=364),
        free_of_charge=False,
        rent=Decimal("450"),
        match=matches[1] if len(matches) > 1 else None,
    )
    cross = _agreement(
        landlord,
        association,
        AgreementKind.CROSS_SERVICES,
        "Café social deux après-midi par semaine contre la mise à disposition de la salle commune.",
        today - timedelta(days=300),
        today + timedelta(days=45),
        free_of_charge=True,
        rent=None,
    )
    residence = Residence.objects.filter(landlord=landlord).order_by("pk").first()
    if residence:
        lease.residences.add(residence)
        cross.residences.add(residence)
    _document(lease, "Convention d'occupation signée", "convention-occupation-tilleuls.pdf")
    _document(cross, "Convention de prestations croisées", "prestations-croisees.pdf")
    return 2


def _service_call(organisations, today, now) -> int:
    landlord, association = organisations[LANDLORD], organisations[ASSOCIATION]
    residence = Residence.objects.filter(landlord=landlord).order_by("pk").first()
    call, _created = ServiceCall.objects.update_or_create(
        landlord=landlord,
        title="Animer le hall de la résidence Les Tilleuls",
        defaults={
            "description": "Un moment convivial mensuel dans le hall pour rompre l'isolement "
            "des locataires âgés, de janvier à juin.",
            "family": OfferFamily.SOCIAL_COHESION,
            "audience": [OfferTarget.RESIDENTS],
            "communes": [residence.commune.insee_code] if residence else [],
            "period_start": today + timedelta(days=30),
            "period_end": today + timedelta(days=210),
            "budget_min": Decimal("1500"),
            "budget_max": Decimal("3000"),
            "closes_on": today + timedelta(days=20),
            "status": Status.PUBLISHED,
            "published_at": now,
        },
    )
    if residence:
        call.residences.add(residence)
    service_calls.announce_call(call.pk, today)
    if call.matches.filter(provider=association).exists():
        ServiceCallAnswer.objects.update_or_create(
            call=call,
            provider=association,
            defaults={
                "message": "Nos bénévoles peuvent animer un café social le premier mardi de "
                "chaque mois, de 15 h à 17 h.",
                "proposed_price": Decimal("1800"),
                "terms": "Matériel fourni par l'association.",
            },
        )
    return call.matches.count()


CALLS = [
    # title, kind, funder, days to the deadline, themes, proposing organisation slug
    (
        "Appel à manifestation d'intérêt « Tiers-lieux au pied des immeubles »",
        CallKind.AMI,
        "Département de la Seine-Saint-Denis",
        45,
        ["lien-social"],
        None,
    ),
    (
        "Fonds d'initiatives solidaires de quartier",
        CallKind.FUND,
        "Association Voisins Solidaires 93",
        3,
        ["lien-social", "numerique"],
        ASSOCIATION,
    ),
    (
        "Appel à projets « Bien vieillir chez soi » 2026",
        CallKind.CALL_FOR_PROJECTS,
        "Conférence des financeurs de la Seine-Saint-Denis",
        -10,
        [],
        None,
    ),
]


def _calls_for_projects(organisations, now) -> int:
    for title, kind, funder, days, themes, proposer in CALLS:
        closed = days < 0
        CallForProjects.objects.update_or_create(
            title=title,
            defaults={
                "kind": kind,
                "funder": funder,
                "summary": "Soutenir les projets qui créent du lien entre les habitants des "
                "résidences sociales et les acteurs de l'ESS du territoire.",
                "deadline": (now + timedelta(days=days)).replace(
                    hour=12, minute=0, second=0, microsecond=0
                ),
                "eligible_kinds": [OrganisationKind.ESS, OrganisationKind.PROJECT_HOLDER],
                "themes": themes,
                "departement": "93",
                "amount_min": 2000,
                "amount_max": 15000,
                "amount_total": 120000,
                "link": "https://www.seinesaintdenis.fr/",
                "organisation": organisations[proposer] if proposer else None,
                "status": FundingStatus.CLOSED if closed else FundingStatus.PUBLISHED,
                "published_at": now - timedelta(days=30),
                "announced_at": now - timedelta(days=30),
            },
        )
    return len(CALLS)


def load() -> str:
    now = timezone.now()
    today = timezone.localdate()
    organisations = Organisation.objects.in_bulk([LANDLORD, ASSOCIATION, HOLDER], field_name="slug")
    agreements = _partnerships(organisations, today)
    providers = _service_call(organisations, today, now)
    calls = _calls_for_projects(organisations, now)
    return (
        f"{agreements} conventions, 1 appel à services ({providers} prestataires), "
        f"{calls} appels à projets"
    )

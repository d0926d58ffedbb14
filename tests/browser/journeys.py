"""Worlds and helpers of the visitor journeys (tests/browser/test_journeys_visitor.py).

Each world is a few rows written through the models (committed: the live server and the
Celery worker read them), shaped like what visitors meet in Seine-Saint-Denis: home help
in Montreuil and, 10 km away, in Saint-Denis; the carers' guide of the demo content; a
carers' group that is already full."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from directory.models import OrganisationKind
from directory.vocabularies import Category, Typology
from tests.accounts.factories import clear_test_cache
from tests.conftest import wait_until as poll_until
from tests.directory.factories import (
    OrganisationFactory,
    ResidenceFactory,
    ServiceFactory,
    real_commune,
)

PASSWORD = "motdepasse-solide-42"

# The focused element is the one keyboard users act on: it must match :focus-visible and the
# stylesheet must draw something for it (main.css: a 3 px outline and a dark ring).
FOCUS_IS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.matches(":focus-visible")) return "no focus-visible";
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return "focused element has no size";
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  if (!outline && style.boxShadow === "none") return "no outline nor ring drawn";
  return "";
}"""

# How long a test waits for the Celery worker (a match, a PDF, an email).
CELERY_TIMEOUT = 30.0


def wait_until(predicate, timeout: float = CELERY_TIMEOUT, what: str = "condition"):
    """Poll `predicate()` (a database read) until it returns something truthy, and return
    it; fail the test with `what` if it never does."""
    result = poll_until(predicate, timeout)
    if not result:
        raise AssertionError(f"{what}: still not true after {timeout} s")
    return result


def assert_focus_visible(page) -> None:
    problem = page.evaluate(FOCUS_IS_VISIBLE)
    assert not problem, f"{problem}: {page.evaluate('document.activeElement.outerHTML')[:200]}"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "download.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _communes():
    montreuil = real_commune("Montreuil")
    saint_denis = real_commune("Saint-Denis")
    for commune, population in ((montreuil, 111_000), (saint_denis, 113_000)):
        commune.population = population
        commune.save(update_fields=["population"])
    # The "près de" list is cached in the process (the live server's thread shares it).
    from search import places

    places.clear_cache()
    return montreuil, saint_denis


@dataclass
class HomeHelpWorld:
    montreuil: object
    service: object  # in Montreuil
    far_service: object  # in Saint-Denis, about 10 km away


def home_help_world() -> HomeHelpWorld:
    montreuil, saint_denis = _communes()
    near_org = OrganisationFactory(
        name="Âge et Vie à Domicile Montreuil", typology=Typology.SAAD, commune=montreuil,
        address="14 rue de Paris", postcode="93100", latitude=48.8600, longitude=2.4420,
        accessibility="Entrée de plain-pied, boucle magnétique à l'accueil.",
    )  # fmt: skip
    service = ServiceFactory(
        organisation=near_org,
        name="Aide à domicile des Murs-à-Pêches",
        description="Ménage, courses, repas et aide à la toilette pour rester chez soi.",
        categories=[Category.AIDE_A_DOMICILE.value],
        publics=["seniors"],
        reception_modes=["a-domicile"],
        mobilisation_modes=["telephoner"],
        mobilised_by=["usagers", "professionnels"],
        access_conditions="Personnes de 60 ans et plus vivant à Montreuil.",
        phone="+33148700101",
    )
    far_org = OrganisationFactory(
        name="Aide à domicile Plaine Saint-Denis", typology=Typology.SAAD, commune=saint_denis,
        address="2 place du Caquet", postcode="93200", latitude=48.9362, longitude=2.3574,
    )  # fmt: skip
    far_service = ServiceFactory(
        organisation=far_org,
        name="Aide à domicile du Franc-Moisin",
        description="Ménage, courses et repas à domicile.",
        categories=[Category.AIDE_A_DOMICILE.value],
        reception_modes=["a-domicile"],
        phone="+33149330000",
    )
    return HomeHelpWorld(montreuil=montreuil, service=service, far_service=far_service)


@dataclass
class GuideWorld:
    montreuil: object
    guide: object
    respite: object  # the Montreuil respite service the localised guide must name


def carers_guide_world() -> GuideWorld:
    """The demo carers' guide (steps, callouts, glossary term, contact blocks) and a respite
    service in Montreuil and one for Saint-Denis residents only: the commune chosen decides
    which one the guide shows."""
    from demo import guides as guides_demo

    montreuil, saint_denis = _communes()
    platform = OrganisationFactory(
        name="Plateforme de répit Est-Ensemble", typology=Typology.PLATEFORME_REPIT,
        commune=montreuil, latitude=48.8610, longitude=2.4430,
    )  # fmt: skip
    respite = ServiceFactory(
        organisation=platform,
        name="Relais des aidants de Montreuil",
        description="Écoute, répit à domicile et groupes de parole pour les aidants.",
        categories=[Category.REPIT_AIDANTS.value],
        phone="+33148706000",
    )
    other_platform = OrganisationFactory(
        name="Plateforme de répit Plaine Commune", typology=Typology.PLATEFORME_REPIT,
        commune=saint_denis, latitude=48.9360, longitude=2.3570,
    )  # fmt: skip
    ServiceFactory(
        organisation=other_platform,
        name="Relais des aidants de Saint-Denis",
        categories=[Category.REPIT_AIDANTS.value],
        eligibility_zone=["93066"],  # for Saint-Denis residents only
        phone="+33149336000",
    )
    index = guides_demo.ensure_index()
    guide = guides_demo.ensure_guide(index, guides_demo.AIDANTS)
    return GuideWorld(montreuil=montreuil, guide=guide, respite=respite)


@dataclass
class EventWorld:
    event: object
    occurrence: object


def full_event_world(capacity: int = 2) -> EventWorld:
    """A carers' group whose only session is full (one confirmed registration of every seat)."""
    from events.models import EventPage, EventType, RegistrationStatus
    from tests.security.world import event_index

    montreuil, _saint_denis = _communes()
    organiser = OrganisationFactory(
        name="Maison des aidants de Montreuil", kind=OrganisationKind.ESS, commune=montreuil,
        latitude=48.8620, longitude=2.4460,
    )  # fmt: skip
    start = (timezone.localtime() + timedelta(days=6)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    event = EventPage(
        title="Café des aidants",
        slug="cafe-des-aidants",
        event_type=EventType.GROUPE_PAROLE,
        summary="Un temps d'échange entre aidants, autour d'un café.",
        start=start,
        end=start + timedelta(hours=2),
        organiser=organiser,
        place_organisation=organiser,
        commune=montreuil,
        capacity=capacity,
    )
    event_index().add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    occurrence = event.occurrences.get()
    occurrence.registrations.create(
        name="Jeanne Martin",
        email="jeanne.martin@exemple.fr",
        seats=capacity,
        status=RegistrationStatus.CONFIRMED,
    )
    clear_test_cache()  # registration rate-limit counters of earlier journeys
    return EventWorld(event=event, occurrence=occurrence)


def gardien(residence, django_user_model, email: str = "gardien@exemple.fr"):
    """A verified gardien account of the residence's landlord, in charge of the residence."""
    from allauth.account.models import EmailAddress

    from directory.models import Membership, MembershipRole

    user = django_user_model.objects.create_user(email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Membership.objects.create(
        user=user, organisation=residence.landlord, role=MembershipRole.GARDIEN
    )
    residence.gardiens.add(user)
    return user


def residence_in(commune, name: str = "Résidence des Glycines"):
    landlord = OrganisationFactory(
        name="Montreuil Habitat", kind=OrganisationKind.LANDLORD, commune=commune
    )
    return ResidenceFactory(
        landlord=landlord, name=name, commune=commune, latitude=48.862, longitude=2.445
    )

"""Fixtures of the API tests: a small directory built with the apps' factories, partner
tokens, and generous rate limits (the rate-limit test sets its own)."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from api.models import ApiToken
from demo.home import ensure_home_page
from directory.models import OrganisationKind
from events.models import EventIndexPage, EventPage
from offers.vocabularies import Status as OfferStatus
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.events.factories import EventPageFactory
from tests.offers.factories import OfferFactory, PremisesFactory


def load_demo() -> None:
    """Every app's demo loader, in the order of `load_demo_data`."""
    from demo.management.commands.load_demo_data import DEMO_MODULES

    for module in DEMO_MODULES:
        module.load()


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.API_RATE_LIMITS = {"anonymous": (100_000, 60), "partner": (100_000, 60)}


@pytest.fixture
def organisation(saint_denis):
    return OrganisationFactory(
        name="CCAS de Saint-Denis", commune=saint_denis, latitude=48.9355, longitude=2.3580
    )


@pytest.fixture
def partner():
    """(token, clear key) of a partner organisation."""
    organisation = OrganisationFactory(name="Bailleur partenaire", kind=OrganisationKind.LANDLORD)
    return ApiToken.issue(organisation, "Outil de suivi")


@pytest.fixture
def event_index(db):
    home = ensure_home_page()
    existing = EventIndexPage.objects.first()
    if existing:
        return existing
    index = EventIndexPage(title="Agenda", slug="evenements")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_event(event_index, organisation):
    """Create and publish an event at the organisation's place."""

    def factory(**fields) -> EventPage:
        fields.setdefault("organiser", organisation)
        fields.setdefault("place_organisation", organisation)
        return EventPageFactory(parent=event_index, **fields)

    return factory


@pytest.fixture
def directory(saint_denis, montreuil, organisation, make_event):
    """A little of everything the API lists."""
    other = OrganisationFactory(
        name="Association Voisins de Montreuil",
        kind=OrganisationKind.ESS,
        commune=montreuil,
        latitude=48.8641,
        longitude=2.4470,
    )
    services = [
        ServiceFactory(organisation=organisation, name="Aide à domicile"),
        ServiceFactory(
            organisation=organisation,
            name="Écoute psychologique",
            categories=["sante-mentale"],
            thematiques=["sante--sante-mentale"],
            contact_is_professional_only=True,
            phone="+33148222222",
            email="equipe@ccas-saint-denis.example",
        ),
        ServiceFactory(organisation=other, name="Café des aidants", categories=["repit-aidants"]),
    ]
    offer = OfferFactory(provider=other, coverage_communes=["93048"])
    premises = PremisesFactory(commune=montreuil, status=OfferStatus.PUBLISHED)
    PremisesFactory(commune=montreuil, status=OfferStatus.DRAFT, title="Brouillon")
    event = make_event()
    return {
        "organisations": [organisation, other],
        "services": services,
        "offer": offer,
        "premises": premises,
        "event": event,
    }


@pytest.fixture
def keep_connection(db):
    """The real WSGI handler (Schemathesis runs) closes the database connection after each
    request, which would end the test's transaction: kept open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)

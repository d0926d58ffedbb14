from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from demo.home import ensure_home_page
from directory.models import Organisation, OrganisationKind
from events.models import EventIndexPage, EventPage
from tests.accounts.factories import clear_test_cache
from tests.events.factories import EventPageFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _reset_rate_limit():
    clear_test_cache()
    yield
    clear_test_cache()


@pytest.fixture
def organiser(bobigny):
    return Organisation.objects.create(
        name="Voisins Solidaires",
        slug="voisins-solidaires",
        kind=OrganisationKind.ESS,
        commune=bobigny,
    )


@pytest.fixture
def other_organisation(montreuil):
    return Organisation.objects.create(
        name="Est Habitat", slug="est-habitat", kind=OrganisationKind.LANDLORD, commune=montreuil
    )


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
def make_event(event_index, organiser):
    """Create and publish an event (publishing materialises its occurrences)."""

    def factory(publish=True, **fields) -> EventPage:
        fields.setdefault("organiser", organiser)
        fields.setdefault("place_organisation", organiser)
        return EventPageFactory(parent=event_index, publish=publish, **fields)

    return factory

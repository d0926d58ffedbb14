import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from demo.home import ensure_home_page
from directory.models import Organisation, OrganisationKind
from events.models import EventIndexPage, EventPage, EventType
from tests.accounts.factories import clear_test_cache

PARIS = ZoneInfo("Europe/Paris")
_slugs = itertools.count(1)


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
        start = fields.pop("start", timezone.now() + timedelta(days=3))
        values = {
            "title": f"Atelier numérique {next(_slugs)}",
            "event_type": EventType.ATELIER_NUMERIQUE,
            "summary": "Prendre en main sa tablette.",
            "start": start,
            "end": start + timedelta(hours=2),
            "organiser": organiser,
            "place_organisation": organiser,
            **fields,
        }
        values.setdefault("slug", f"evenement-{next(_slugs)}")
        event = EventPage(**values)
        event_index.add_child(instance=event)
        revision = event.save_revision()
        if publish:
            revision.publish()
            event.refresh_from_db()
        return event

    return factory

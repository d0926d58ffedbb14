import pytest
from django.core.cache import cache

from directory.models import OrganisationKind
from tests.directory.factories import OrganisationFactory, ResidenceFactory


@pytest.fixture(autouse=True)
def _fresh_glossary_cache():
    # Glossary terms are cached in Redis; a rolled-back test must not leak its terms.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_orientation_data(request):
    """The data migration's situations and glossary. A transactional test elsewhere may have
    flushed them from a reused test database: reload them (idempotent) when a test uses it."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from orientation import defaults
    from orientation.models import GlossaryTerm, Situation

    defaults.load_situations(Situation)
    defaults.load_glossary(GlossaryTerm, Situation)
    defaults.load_glossary_synonyms(GlossaryTerm)


@pytest.fixture
def landlord(montreuil):
    return OrganisationFactory(
        name="Office Public Test", kind=OrganisationKind.LANDLORD, commune=montreuil
    )


@pytest.fixture
def residence(landlord, montreuil):
    return ResidenceFactory(
        landlord=landlord,
        name="Résidence des Tilleuls",
        commune=montreuil,
        latitude=48.8620,
        longitude=2.4450,
        has_lift=True,
        accessibility="Entrée de plain-pied.",
    )

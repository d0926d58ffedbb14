import pytest

from tests.directory.factories import real_commune


@pytest.fixture
def commune(db):
    return real_commune("Montreuil")

import pytest

from .factories import montreuil


@pytest.fixture
def commune(db):
    return montreuil()

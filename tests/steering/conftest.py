import pytest

from orientation import candidates, defaults
from orientation.models import Situation


@pytest.fixture(autouse=True)
def _situations_and_a_fresh_directory(request):
    """The data migration's situations (a transactional test elsewhere may have flushed them
    from a reused test database) and a new directory generation, so that no gap count cached
    by an earlier, rolled-back test answers this one."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    defaults.load_situations(Situation)
    candidates.bump_generation()

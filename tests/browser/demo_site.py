"""The whole demo (every app's content) in the test database, for the tests that go through
every public page type: it takes minutes to load on two busy CPUs, load it once per test."""

import pytest

from demo.management.commands.load_demo_data import DEMO_MODULES
from home.models import HomePage, StandardPage


@pytest.fixture
def demo_site(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    for module in DEMO_MODULES:
        module.load()
    # The French home (the demo's translations add aliases of it in other locales).
    HomePage.objects.get(locale__language_code="fr").add_child(
        instance=StandardPage(
            title="Accessibilité",
            slug="accessibilite",
            intro="Déclaration d'accessibilité du portail.",
            body="<p>Le portail vise la conformité au RGAA.</p>",
        )
    )

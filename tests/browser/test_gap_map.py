"""The gap map (/pilotage/lacunes/) in a real browser, at 390 px and 1280 px: a moderator reads
the table of gaps, the map shows one marker per commune labelled with its number of gaps and
leading to the commune's line, the filters work as a plain form, and axe finds nothing.
Screenshots in test-artifacts/."""

import pytest

from orientation import defaults
from orientation.models import Situation
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_maps import offline
from tests.browser.test_phone_width_tables import logged_in, no_sideways_scroll
from tests.feedback.factories import moderator_of
from tests.steering.test_gaps import service_for_isolement

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def territory(site, bondy, montreuil):
    defaults.load_situations(Situation)
    for name in ("Visites à Montreuil", "Café social", "Appels de convivialité"):
        service_for_isolement(montreuil, name)
    return moderator_of("93")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_a_moderator_reads_the_gaps_of_the_territory_on_the_table_and_the_map(
    territory, live_server, page, axe, viewport
):
    page.set_viewport_size(viewport)
    outside, errors = offline(page)
    logged_in(page, live_server, territory)
    page.goto(f"{live_server.url}/pilotage/lacunes/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Carte des lacunes")
    rows = page.locator("table.table-stack tbody tr")
    situations = Situation.objects.exclude(is_danger=True).count()
    assert rows.count() >= situations  # Bondy has no answer at all
    isolement = rows.filter(has=page.get_by_role("rowheader", name="Isolement", exact=True))
    bondy_isolement = isolement.filter(has_text="Bondy")
    assert bondy_isolement.count() == 1
    assert isolement.filter(has_text="Montreuil").count() == 0
    assert bondy_isolement.get_by_role("link", name="Suggérer un service").is_visible()

    if viewport is PHONE:
        page.get_by_role("button", name="Afficher la carte").click()
    marker = page.locator("#carte-lacunes .leaflet-marker-icon.map-badge").first
    marker.wait_for()
    assert (
        page.locator("#carte-lacunes .map-badge").count()
        + page.locator("#carte-lacunes .marker-cluster").count()
        >= 1
    )
    name = f"test_gap_map_{viewport['width']}px"
    ARTIFACTS.mkdir(exist_ok=True)
    if viewport is PHONE:
        no_sideways_scroll(page, name)
    else:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    axe(page)

    # A marker leads to its commune's line (the map's text alternative).
    label = marker.get_attribute("aria-label")
    commune = label.split(" : ")[0]
    marker.click()
    active = page.locator(".gaps__commune.is-map-active")
    assert commune in active.inner_text()

    # The filters are a plain GET form.
    page.get_by_label("Situation", exact=True).select_option(label="Isolement")
    page.get_by_role("button", name="Afficher les lacunes").click()
    page.wait_for_url("**situation=isolement**")
    assert rows.count() == 1 and "Bondy" in rows.first.inner_text()
    axe(page)
    assert outside == []
    assert not [e for e in errors if "Content Security Policy" in e], errors

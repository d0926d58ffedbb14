"""A moderator reads the territory dashboard on a phone and on a desktop, downloads a table as
ODS and it opens (parsed back here); the dashboard pages are axe clean (issue #18, item 2).
Screenshots in test-artifacts/."""

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from core import counters
from directory.models import MembershipRole
from tests.accounts.factories import PASSWORD
from tests.directory.factories import OrganisationFactory, real_commune
from tests.feedback.factories import moderator_of
from tests.offers.factories import member_of
from tests.orientation.factories import SituationFactory
from tests.steering.factories import DailyCounterFactory
from tests.steering.test_dashboards import ods_rows

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PER_COMMUNE = "Orientations « Qui appeler ? » par commune"
PER_COMMUNE_TABLE = f"{PER_COMMUNE} (tableau des chiffres)"
DESKTOP = {"width": 1280, "height": 900}


def counts(organisation):
    situations = [
        SituationFactory(slug="isolement-b", label="Personne isolée"),
        SituationFactory(slug="impayes-b", label="Impayés de loyer"),
    ]
    communes = [real_commune(name) for name in ("Montreuil", "Bobigny", "Saint-Denis", "Bondy")]
    today = counters.today()
    for days_ago in range(0, 30, 2):
        for index, commune in enumerate(communes):
            for situation in situations:
                DailyCounterFactory(
                    metric="orientation",
                    day=today - datetime.timedelta(days=days_ago),
                    dimensions={
                        "commune": commune.insee_code,
                        "situation": situation.slug,
                        "answers": index + 1,
                    },
                    value=1 + (days_ago + index) % 5,
                )
    DailyCounterFactory(
        metric="sheet_view",
        dimensions={"kind": "organisation", "organisation": organisation.pk},
        value=12,
    )


def log_in(page, live_server, email):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name='login']", email)
    page.fill("input[name='password']", PASSWORD)
    page.locator("form button[type='submit']").first.click()
    page.wait_for_url(lambda url: "/comptes/login/" not in url)


def test_a_moderator_reads_the_dashboard_and_downloads_an_ods_that_opens(
    site, live_server, page, axe
):
    organisation = OrganisationFactory(commune=real_commune("Montreuil"))
    counts(organisation)
    moderator = moderator_of("93", email="pilotage@exemple.fr")
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, live_server, moderator.email)

    page.goto(live_server.url + reverse("accounts:dashboard"))
    page.get_by_role("link", name="Tableau de bord du territoire").click()
    page.wait_for_url("**/pilotage/")
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.reload()
        page.get_by_role("img", name=PER_COMMUNE).wait_for()
        assert page.get_by_role("region", name=PER_COMMUNE_TABLE).is_visible()
        # Nothing but the tables' own regions scrolls sideways.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name}: the page scrolls sideways ({width} px)"
        page.screenshot(path=str(ARTIFACTS / f"test_dashboards_{name}.png"), full_page=True)
        axe(page)

    # Filters without JavaScript semantics: a plain GET form.
    page.select_option("select[name='commune']", label="Bobigny")
    page.get_by_role("button", name="Afficher les chiffres").click()
    page.wait_for_url("**commune=93008**")
    region = page.get_by_role("region", name=PER_COMMUNE_TABLE)
    assert "Bobigny" in region.inner_text() and "Montreuil" not in region.inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Tableur (LibreOffice, Excel) — {PER_COMMUNE}").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ods")
    rows = ods_rows(Path(download.path()).read_bytes())
    assert rows[0] == ["Commune", "Orientations", "Dont moins de 3 réponses"]
    assert [row[0] for row in rows[1:]] == ["Bobigny"]
    assert rows[1][1] > 0 and isinstance(rows[1][1], float)


def test_the_organisation_figures_are_accessible_on_a_phone(site, live_server, page, axe):
    organisation = OrganisationFactory(commune=real_commune("Montreuil"))
    counts(organisation)
    member = member_of(organisation, role=MembershipRole.MEMBER, email="membre@exemple.fr")
    client = Client()
    client.force_login(member)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("steering:organisation", args=[organisation.slug]))
    assert (
        "12"
        in page.get_by_role(
            "region", name="Vos chiffres sur la période (tableau des chiffres)"
        ).inner_text()
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_dashboards_organisation_phone.png"), full_page=True)
    axe(page)

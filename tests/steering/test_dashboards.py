"""The dashboards (issue #18, item 2): moderators read their territory's figures only, partners
their organisation's only, every table exports as CSV and ODS with the page's filters, and bad
filters get a clear message while the page still answers."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from odf import opendocument
from odf.table import Table, TableCell, TableRow
from odf.text import P

from core import counters
from directory.models import MembershipRole
from steering.indicators import _describe
from tests.accounts.factories import UserFactory, clear_test_cache, text
from tests.directory.factories import CommuneFactory, OrganisationFactory
from tests.feedback.factories import moderator_of
from tests.offers.factories import member_of
from tests.orientation.factories import SituationFactory

from .factories import DailyCounterFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/pilotage/"
HEADERS_BY_COMMUNE = ["Commune", "Orientations", "Dont moins de 3 réponses"]


@pytest.fixture
def paris(db):
    return CommuneFactory(
        insee_code="75056", name="Paris", departement_code="75", postcodes=["75001"]
    )


@pytest.fixture
def isolement(db):
    return SituationFactory(slug="isolement-test", label="Personne isolée")


@pytest.fixture
def impayes(db):
    return SituationFactory(slug="impayes-test", label="Impayés de loyer")


def orientations(commune, situation, value, *, answers=5, day=None):
    return DailyCounterFactory(
        metric="orientation",
        day=day or counters.today(),
        dimensions={"commune": commune.insee_code, "situation": situation.slug, "answers": answers},
        value=value,
    )


def after_filters(page: str) -> str:
    """The figures of a dashboard page: what follows its filter form."""
    return page.partition("steering-filters")[2].partition("</form>")[2]


def export_url(table: str, fmt: str, **filters) -> str:
    url = reverse("steering:dashboard_export", args=[table, fmt])
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return f"{url}?{query}" if query else url


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def ods_rows(content: bytes) -> list[list]:
    """The first sheet of an ODS file, parsed back with odfpy: numbers as floats."""
    document = opendocument.load(io.BytesIO(content))
    [sheet] = document.spreadsheet.getElementsByType(Table)
    parsed = []
    for row in sheet.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            if cell.getAttribute("valuetype") == "float":
                cells.append(float(cell.getAttribute("value")))
            else:
                cells.append("".join(str(p) for p in cell.getElementsByType(P)))
        parsed.append(cells)
    return parsed


def test_a_moderator_of_the_93_never_sees_the_figures_of_paris(client, montreuil, paris, isolement):
    orientations(montreuil, isolement, 7)
    orientations(paris, isolement, 50)
    DailyCounterFactory(
        metric="sheet_view",
        dimensions={"kind": "organisation", "organisation": OrganisationFactory(commune=paris).pk},
        value=40,
    )
    DailyCounterFactory(
        metric="sheet_view",
        dimensions={
            "kind": "organisation",
            "organisation": OrganisationFactory(commune=montreuil).pk,
        },
        value=4,
    )
    client.force_login(moderator_of("93"))

    page = text(client.get(DASHBOARD))
    assert "Montreuil" in page and "Paris" not in page
    assert "Consultations de fiches" in page
    assert ">50<" not in page and ">40<" not in page and ">47<" not in page

    asked_for_paris = client.get(DASHBOARD, {"commune": "75056"})
    assert asked_for_paris.status_code == 400
    page = text(asked_for_paris)
    assert "Cette commune n'est pas dans votre territoire" in page
    assert "Paris" not in page and ">50<" not in page
    assert "Montreuil" in page

    assert client.get(export_url("orientations-commune", "csv", commune="75056")).status_code == 400
    rows = csv_rows(client.get(export_url("orientations-commune", "csv")))
    assert rows == [HEADERS_BY_COMMUNE, ["Montreuil", "7", "0"]]
    activity = csv_rows(client.get(export_url("activite", "csv")))
    assert activity[1:] == [["Consultations de fiches", "4"]]


def test_a_site_admin_sees_every_departement(client, montreuil, paris, isolement):
    orientations(montreuil, isolement, 7)
    orientations(paris, isolement, 50)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    rows = csv_rows(client.get(export_url("orientations-commune", "csv")))
    assert rows[1:] == [["Paris", "50", "0"], ["Montreuil", "7", "0"]]


def test_the_exports_hold_the_rows_of_the_filters_as_numbers(
    client, montreuil, bobigny, isolement, impayes
):
    orientations(montreuil, isolement, 3, answers=1)
    orientations(montreuil, isolement, 2, answers=6)
    orientations(montreuil, impayes, 5)
    orientations(bobigny, isolement, 2)
    old = counters.today() - datetime.timedelta(days=45)
    orientations(montreuil, isolement, 11, day=old)  # outside the 30 last days
    client.force_login(moderator_of("93"))
    filters = {"commune": "93048", "situation": "isolement-test"}

    ods = client.get(export_url("orientations-situation", "ods", **filters))
    assert ods.status_code == 200
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert "attachment" in ods["Content-Disposition"]
    assert ods_rows(ods.content) == [
        ["Situation", "Orientations", "Dont moins de 3 réponses"],
        ["Personne isolée", 5.0, 3.0],
    ]
    rows = csv_rows(client.get(export_url("orientations-commune", "csv", **filters)))
    assert rows[1:] == [["Montreuil", "5", "3"]]

    over_year = ods_rows(
        client.get(export_url("orientations-periode", "ods", periode="12m", **filters)).content
    )
    assert over_year[0] == ["Période", "Orientations", "Dont moins de 3 réponses"]
    assert len(over_year) - 1 == 12  # the current month and the 11 before, empty ones as 0
    assert sum(row[1] for row in over_year[1:]) == 16


def test_bad_dates_get_a_clear_message_and_the_page_still_answers(client, montreuil, isolement):
    orientations(montreuil, isolement, 7)
    client.force_login(moderator_of("93"))

    response = client.get(DASHBOARD, {"du": "2026-13-45", "au": "demain"})
    assert response.status_code == 400
    page = text(response)
    assert "Saisissez une date valide" in page
    assert "Montreuil" in page  # the 30 last days, shown anyway

    response = client.get(DASHBOARD, {"du": "2026-06-30", "au": "2026-06-01"})
    assert "La date de début doit précéder la date de fin." in text(response)

    response = client.get(DASHBOARD, {"situation": "inconnue"})
    assert "Situation inconnue" in text(response)

    export = client.get(export_url("activite", "csv", du="nimporte"))
    assert export.status_code == 400
    assert "Saisissez une date valide" in export.content.decode()

    assert client.get(export_url("inconnu", "csv")).status_code == 404


def test_a_chosen_period_shows_its_days_and_names_not_codes(client, montreuil, isolement):
    day = datetime.date(2026, 3, 10)
    orientations(montreuil, isolement, 9, answers=0, day=day)
    client.force_login(moderator_of("93"))
    response = client.get(DASHBOARD, {"du": "2026-03-01", "au": "2026-03-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg class="chart__svg chart__svg--columns" role="img"' in page
    assert "<title id=" in page and "<desc id=" in page
    svg = page.partition("chart__svg--columns")[2].partition("</svg>")[0]
    assert re.search(r'<rect class="chart__bar" x="[0-9.]+" y="[0-9.]+"', svg), svg[:300]
    assert '<th scope="row">10 mars 2026</th>' in page and ">1er mars 2026<" in page
    figures = after_filters(page)
    assert "Personne isolée" in figures and "Montreuil" in figures
    assert "isolement-test" not in figures and "93048" not in figures


def test_partners_read_only_their_own_organisations_figures(client, montreuil):
    own = OrganisationFactory(name="Association Voisins", commune=montreuil)
    other = OrganisationFactory(name="Association Autre", commune=montreuil)
    for organisation, views, calls in ((own, 4, 2), (other, 90, 30)):
        DailyCounterFactory(
            metric="sheet_view",
            dimensions={"kind": "organisation", "organisation": organisation.pk},
            value=views,
        )
        DailyCounterFactory(
            metric="click_call",
            dimensions={"kind": "organisation", "organisation": organisation.pk},
            value=calls,
        )
    DailyCounterFactory(
        metric="callback_request",
        dimensions={"outcome": "sent", "organisation": own.pk, "situation": "isolement"},
        value=3,
    )
    member = member_of(own, role=MembershipRole.MEMBER)
    client.force_login(member)

    url = reverse("steering:organisation", args=[own.slug])
    response = client.get(url)
    assert response.status_code == 200
    export = csv_rows(
        client.get(reverse("steering:organisation_export", args=[own.slug, "chiffres", "csv"]))
    )
    figures = dict(export[1:])
    assert figures["Consultations des fiches"] == "4"
    assert figures["Clics « appeler »"] == "2"
    assert figures["Demandes de rappel reçues"] == "3"
    assert ">90<" not in response.content.decode() and ">2<" in response.content.decode()

    assert client.get(reverse("steering:organisation", args=[other.slug])).status_code == 403
    forbidden = reverse("steering:organisation_export", args=[other.slug, "chiffres", "ods"])
    assert client.get(forbidden).status_code == 403
    assert client.get(DASHBOARD).status_code == 403


def test_gardiens_and_people_without_a_role_are_refused_and_visitors_sent_to_login(
    client, montreuil
):
    landlord = OrganisationFactory(commune=montreuil)
    url = reverse("steering:organisation", args=[landlord.slug])
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert "/comptes/login/" in client.get(url)["Location"]

    client.force_login(member_of(landlord, role=MembershipRole.GARDIEN))
    assert client.get(url).status_code == 403
    assert client.get(DASHBOARD).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_moderators_read_the_figures_of_an_organisation_of_their_territory_only(
    client, montreuil, paris
):
    client.force_login(moderator_of("93"))
    here = OrganisationFactory(commune=montreuil)
    there = OrganisationFactory(commune=paris)
    assert client.get(reverse("steering:organisation", args=[here.slug])).status_code == 200
    assert client.get(reverse("steering:organisation", args=[there.slug])).status_code == 403


def test_mon_espace_links_the_dashboards_for_those_who_may_read_them(client, montreuil):
    organisation = OrganisationFactory(commune=montreuil)
    member = member_of(organisation, role=MembershipRole.MEMBER)
    client.force_login(member)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("steering:organisation", args=[organisation.slug]) in page
    assert f'href="{reverse("steering:dashboard")}"' not in page

    client.force_login(member_of(organisation, role=MembershipRole.GARDIEN))
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("steering:organisation", args=[organisation.slug]) not in page

    client.force_login(moderator_of("93"))
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{reverse("steering:dashboard")}"' in page


def test_the_dashboard_makes_a_fixed_number_of_queries(
    client, montreuil, bobigny, isolement, django_assert_max_num_queries
):
    for commune in (montreuil, bobigny):
        orientations(commune, isolement, 3)
    client.force_login(moderator_of("93"))
    client.get(DASHBOARD)
    # The page shell (header, permissions, residences) makes five of them.
    with django_assert_max_num_queries(12):
        assert client.get(DASHBOARD, {"periode": "12m"}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_sheet_view_counted_and_flushed_shows_in_the_organisations_figures(client, montreuil):
    clear_test_cache()
    organisation = OrganisationFactory(commune=montreuil)
    client.get(organisation.get_absolute_url())
    counters.flush()
    client.force_login(member_of(organisation, role=MembershipRole.ADMIN))
    url = reverse("steering:organisation_export", args=[organisation.slug, "chiffres", "ods"])
    figures = {row[0]: row[1] for row in ods_rows(client.get(url).content)[1:]}
    assert figures["Consultations des fiches"] == 1.0
    clear_test_cache()


def test_a_chart_description_never_writes_a_count_with_a_fixed_plural():
    # « 1 orientations en tout » before: the total now follows its noun.
    assert _describe([("lun.", 0), ("mar.", 1)], "Orientations") == (
        "Orientations en tout : 1 ; le plus : mar. (1)."
    )

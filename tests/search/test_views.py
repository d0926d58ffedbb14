"""The search page, autocomplete and CSV export, end to end through the real views."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search.conftest import doc

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def test_url_names():
    assert reverse("search:search") == URL
    assert reverse("search:suggest") == "/recherche/suggest"


def test_empty_page_has_one_labelled_box(client, corpus):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="search-q">' in html
    assert 'name="q"' in html
    assert "js/vendor/htmx.min.js" in html


def test_results_mix_kinds_with_labels_and_facets(client, corpus):
    response = client.get(URL, {"q": "aidants"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Groupe de parole pour aidants" in html
    assert "Guide des aidants" in html
    results = response.context["results"]
    assert {hit.kind for hit in results.hits} >= {"service", "guide"}
    # Facets are checkboxes of a GET form, with counts.
    assert 'type="checkbox"' in html
    assert 'name="frais" value="gratuit"' in html
    assert "<mark>aidants</mark>" in html


def test_filters_from_checkboxes(client, corpus):
    response = client.get(URL, {"q": "aidants", "frais": "gratuit"})
    results = response.context["results"]
    # "Aides facultatives" of the CCAS: the same stem as "aidants".
    assert {hit.object_id for hit in results.hits} == {"groupe", "ccas"}
    assert results.total == 2
    assert 'value="gratuit" checked' in response.content.decode()


def test_near_a_commune_with_radius(client, corpus, commune_places):
    response = client.get(URL, {"q": "aide", "pres_de": "93010", "rayon": "5", "tri": "distance"})
    assert response.status_code == 200
    hits = response.context["results"].hits
    assert hits[0].object_id == "ergo"
    assert "far" not in [h.object_id for h in hits]
    assert "à\u00a00,0\u00a0km" in response.content.decode()  # French decimal, one line


def test_zero_results_offer_help(client, corpus, commune_places):
    response = client.get(URL, {"q": "aidants", "pres_de": "93010", "rayon": "1"})
    html = response.content.decode()
    assert response.context["results"].total == 1  # the ergothérapeute, in Bondy
    response = client.get(URL, {"q": "parole", "pres_de": "93010", "rayon": "1"})
    html = response.content.decode()
    assert response.context["results"].total == 0
    assert "Élargir le rayon à 2 km" in html
    assert "sans les filtres" in html


def test_spelling_suggestion(client, corpus):
    response = client.get(URL, {"q": "alzeimer"})
    html = response.content.decode()
    assert "Vouliez-vous dire" in html
    assert "Accueil de jour Alzheimer" in html


def test_htmx_request_gets_the_results_fragment(client, corpus):
    response = client.get(URL, {"q": "aidants"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Groupe de parole pour aidants" in html


def test_professional_only_results(client, corpus, professional):
    assert "Ligne directe" not in client.get(URL, {"q": "gardiens"}).content.decode()
    client.force_login(professional)
    assert "Ligne directe" in client.get(URL, {"q": "gardiens"}).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lat": "abc", "lon": "2"}, "latitude"),
        ({"lat": "48.9"}, "latitude et la longitude"),
        ({"lat": "95", "lon": "2"}, "coordonnées"),
        ({"lat": "48.9", "lon": "2.4", "rayon": "-3"}, "rayon"),
        ({"lat": "48.9", "lon": "2.4", "rayon": "1e400"}, "rayon"),
        ({"page": "0"}, "page"),
        ({"page": "deux"}, "page"),
        ({"pres_de": "99999"}, "Commune inconnue"),
        ({"tri": "hasard"}, "tri"),
    ],
)
def test_bad_parameters_give_a_400_in_french(client, corpus, commune_places, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("rayon", ["", "0.999"])
def test_a_denormal_coordinate_is_read_as_zero_not_a_server_error(client, corpus, rayon):
    # lon=-5e-324 made earthdistance's ll_to_earth underflow on the API (schemathesis);
    # the search page reads it as 0 too.
    response = client.get(URL, {"q": "aide", "lat": "52.9194", "lon": "-5e-324", "rayon": rayon})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "q",
    ["", "x" * 10_000, "\"'; DROP TABLE x; --", "a & b | !c <-> d:*", "😀👵🏽", "aide\x00"],
)
def test_odd_text_never_breaks_the_page(client, corpus, q):
    response = client.get(URL, {"q": q})
    assert response.status_code in (200, 400)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=300), page=st.one_of(st.none(), st.text(max_size=5)))
def test_view_survives_any_text(client, corpus, q, page):
    params = {"q": q}
    if page is not None:
        params["page"] = page
    response = client.get(URL, params)
    assert response.status_code in (200, 400)


def test_page_query_count(client, corpus, django_assert_max_num_queries):
    client.get(URL, {"q": "aide"})  # warm the commune cache
    # Ours: spelling lexicon + the search statement; the rest is the site shell (footer
    # settings, emergency numbers, site) and glossary providers (cached).
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"q": "aide", "frais": "payant"})
    assert response.status_code == 200


def test_suggest_json_and_html(client, corpus):
    data = client.get("/recherche/suggest", {"q": "ergo"}).json()
    assert data["suggestions"][0]["title"] == "Ergothérapeute à domicile"
    assert data["suggestions"][0]["label"] == "Service"
    html = client.get("/recherche/suggest", {"q": "ergo"}, HTTP_HX_REQUEST="true")
    # Options of the combobox's listbox (search.js opens their data-url).
    assert 'role="option"' in html.content.decode()
    assert 'data-url="/test/service/' in html.content.decode()
    assert client.get("/recherche/suggest", {"q": "x" * 5000}).status_code == 200
    assert client.get("/recherche/suggest", {"q": "a\x00"}).status_code == 400


def test_csv_export_streams_utf8_with_bom(client, corpus):
    response = client.get(URL, {"q": "aidants", "format": "csv", "sep": ";"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:2] == ["Type", "Titre"]
    titles = [row[1] for row in rows[1:]]
    assert "Groupe de parole pour aidants" in titles
    assert len(rows) - 1 == client.get(URL, {"q": "aidants"}).context["results"].total
    comma = client.get(URL, {"q": "aidants", "format": "csv"})
    assert b"".join(comma.streaming_content).decode().splitlines()[0].count(",") == 8


HOSTILE = ('=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx")


def test_csv_export_starts_no_cell_with_a_formula(client, backend, corpus):
    backend.index_documents(
        (
            "service",
            f"hostile-{number}",
            doc(
                f"{text} aidants",
                "Aide aux aidants.",
                extra={"organisation": text, "phone": "+33612345678"},
            )[1],
        )
        for number, text in enumerate(HOSTILE)
    )
    response = client.get(URL, {"q": "aidants", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    titles = {row[1] for row in rows[1:]}
    # (the index strips the leading tab and carriage return of the last two titles)
    assert {f"'{text} aidants" for text in HOSTILE[:4]} <= titles
    assert not [value for row in rows for value in row if value and value[0] in "=+-@\t\r"]
    # A person reads the number in national format, not "+33…".
    assert {row[7] for row in rows[1:]} - {""} == {"06 12 34 56 78"}

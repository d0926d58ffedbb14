"""« Ouvert maintenant » and closed places last, in both backends and on the page."""

import datetime as dt

import pytest

from search.backends.elasticsearch import build_search, document_body, parse_response
from search.indexing import reindex_kind
from search.query import SearchQuery
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.search.conftest import BONDY, MONTREUIL, NOW, PANTIN, SAINT_DENIS, doc

HOUR = dt.timedelta(hours=1)
WEEK = NOW + dt.timedelta(days=7)
OPEN = {"open_intervals": [(NOW - HOUR, NOW + HOUR)], "opening_known_until": WEEK}
CLOSED = {"open_intervals": [(NOW + 2 * HOUR, NOW + 3 * HOUR)], "opening_known_until": WEEK}
# Intervals computed long ago and never refreshed: nothing reliable to say any more.
STALE = {"open_intervals": [(NOW - HOUR, NOW + HOUR)], "opening_known_until": NOW - HOUR}

DOCS = {
    # The closed one is the most relevant (the word in its title twice) and the nearest.
    "closed": doc("Permanence permanence d'accès aux droits", place=BONDY, **CLOSED),
    "open-far": doc("Permanence sociale", place=SAINT_DENIS, **OPEN),
    "open-near": doc("Accueil", "permanence le matin", place=PANTIN, **OPEN),
    "unknown": doc("Permanence juridique", place=BONDY),
    "stale": doc("Permanence logement", place=MONTREUIL, **STALE),
}


@pytest.fixture
def places(db, backend, glossary):
    backend.index_documents((kind, key, document) for key, (kind, document) in DOCS.items())
    backend.rebuild_lexicon()


def ids(results):
    return [hit.object_id for hit in results.hits]


def test_open_now_keeps_only_the_places_open_at_that_moment(backend, places):
    results = backend.search(SearchQuery(text="permanence", open_now=True, now=NOW))
    assert sorted(ids(results)) == ["open-far", "open-near"]
    assert results.total == 2
    # An hour and a half later both are closed; the closed one opens at NOW + 2 h.
    later = backend.search(SearchQuery(text="permanence", open_now=True, now=NOW + 2.5 * HOUR))
    assert ids(later) == ["closed"]


def test_without_the_filter_open_come_first_then_unknown_then_closed(backend, places):
    results = backend.search(SearchQuery(text="permanence", now=NOW))
    found = ids(results)
    assert set(found[:2]) == {"open-far", "open-near"}
    assert set(found[2:4]) == {"unknown", "stale"}
    assert found[4] == "closed"


def test_near_a_place_distance_orders_inside_each_group(backend, places):
    results = backend.search(SearchQuery(text="permanence", near=BONDY, order="distance", now=NOW))
    # Pantin is nearer Bondy than Saint-Denis; Bondy's closed office still comes last.
    assert ids(results) == ["open-near", "open-far", "unknown", "stale", "closed"]


def test_search_page_checkbox_filters_and_cards_show_status(client, db):
    organisation = OrganisationFactory(name="Maison des aidants", opening_hours="24/7")
    ServiceFactory(organisation=organisation, name="Permanence aidants ouverte")
    ServiceFactory(
        organisation=OrganisationFactory(name="Autre", opening_hours="24/7"),
        name="Permanence aidants fermée",
        closed_from=dt.date.today() - dt.timedelta(days=1),
        closed_until=dt.date.today() + dt.timedelta(days=30),
    )
    reindex_kind("service")
    every = client.get("/recherche/", {"q": "permanence aidants", "type": "service"})
    html = every.content.decode()
    assert html.index("Permanence aidants ouverte") < html.index("Permanence aidants fermée")
    assert "Ouvert maintenant" in html and "Fermé temporairement jusqu" in html
    only_open = client.get(
        "/recherche/", {"q": "permanence aidants", "type": "service", "ouvert": "1"}
    ).content.decode()
    assert "Permanence aidants ouverte" in only_open
    assert "Permanence aidants fermée" not in only_open
    assert 'name="ouvert" value="1" checked' in only_open


def test_statuses_cost_no_query_per_card(client, db, django_assert_max_num_queries):
    for number in range(12):
        ServiceFactory(
            organisation=OrganisationFactory(name=f"Structure aidants {number}"),
            name=f"Soutien aux aidants {number}",
            opening_hours="Mo-Fr 09:00-17:00" if number % 2 else "",
        )
    reindex_kind("service")
    client.get("/recherche/", {"q": "aidants"})  # warm the commune cache
    with django_assert_max_num_queries(6):
        response = client.get("/recherche/", {"q": "aidants", "ouvert": "1"})
    with django_assert_max_num_queries(6):
        response = client.get("/recherche/", {"q": "aidants"})
    assert response.content.decode().count('class="open-status"') == 12


def test_elasticsearch_filters_on_a_date_range_and_orders_each_page(backend):
    request = build_search(SearchQuery(text="permanence", open_now=True, now=NOW)).to_dict()
    filters = request["query"]["function_score"]["query"]["bool"]["filter"]
    moment = NOW.isoformat()
    assert {
        "range": {"open_intervals": {"gte": moment, "lte": moment, "relation": "contains"}}
    } in filters
    assert {"range": {"opening_known_until": {"gt": moment}}} in filters
    sources = {
        key: document_body(kind, key, document)
        for key, (kind, document) in DOCS.items()
        if key in ("closed", "unknown", "open-far")
    }
    assert sources["open-far"]["open_intervals"] == [
        {"gte": (NOW - HOUR).isoformat(), "lt": (NOW + HOUR).isoformat()}
    ]
    response = {
        "hits": {
            "total": {"value": 3, "relation": "eq"},
            "hits": [
                {"_score": 3.0, "_source": sources["closed"]},
                {"_score": 2.0, "_source": sources["unknown"]},
                {"_score": 1.0, "_source": sources["open-far"]},
            ],
        }
    }
    results = parse_response(SearchQuery(text="permanence", now=NOW), response)
    assert ids(results) == ["open-far", "unknown", "closed"]

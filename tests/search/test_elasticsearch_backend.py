"""Elasticsearch backend without a server: the request body our queries produce and the
parsing of responses in the documented `_search` format."""

import pytest

from search.backends.elasticsearch import (
    build_search,
    build_suggest,
    document_body,
    french_analyzers,
    glossary_synonyms,
    parse_response,
)
from search.query import SearchQuery, get_backend
from tests.search.conftest import BONDY, CORPUS


def body(**kwargs):
    return build_search(SearchQuery(**kwargs), "idx").to_dict()


def test_text_query_is_fuzzy_french_and_filtered_by_visibility():
    request = body(text="aide à domicile")
    scored = request["query"]["function_score"]
    match = scored["query"]["bool"]["must"][0]["multi_match"]
    assert match["query"] == "aide à domicile"
    assert match["fuzziness"] == "AUTO"
    assert match["fields"][0].startswith("title^")
    assert scored["query"]["bool"]["filter"] == [{"terms": {"visibility": ["public"]}}]
    assert request["highlight"]["fields"]["body"]["pre_tags"] == ["\x02"]
    assert request["suggest"]["spelling"]["text"] == "aide à domicile"
    assert request["track_total_hits"] is True
    assert (request["from"], request["size"]) == (0, 20)


def test_professionals_see_both_visibilities():
    request = body(text="cmp", user_is_professional=True)
    filters = request["query"]["function_score"]["query"]["bool"]["filter"]
    assert filters == [{"terms": {"visibility": ["public", "professional"]}}]


def test_facets_are_disjunctive_post_filters():
    request = body(text="aidants", frais=("gratuit",), publics=("seniors-65",))
    assert request["post_filter"] == {
        "bool": {
            "filter": [
                {"terms": {"publics": ["seniors-65"]}},
                {"terms": {"frais": ["gratuit"]}},
            ]
        }
    }
    aggs = request["aggs"]
    # The frais facet is counted without the frais filter, with the public one.
    assert aggs["facet_frais"]["filter"] == {
        "bool": {"filter": [{"terms": {"publics": ["seniors-65"]}}]}
    }
    assert aggs["facet_frais"]["aggs"]["values"]["terms"]["field"] == "frais"
    assert aggs["facet_kind"]["filter"]["bool"]["filter"] == [
        {"terms": {"publics": ["seniors-65"]}},
        {"terms": {"frais": ["gratuit"]}},
    ]
    assert set(aggs) == {
        "facet_kind",
        "facet_thematique",
        "facet_public",
        "facet_commune",
        "facet_mode_accueil",
        "facet_frais",
        "facet_category",
    }


def test_radius_and_distance_order():
    request = body(text="aide", near=BONDY, radius_km=5, order="distance", page=3)
    filters = request["query"]["function_score"]["query"]["bool"]["filter"]
    assert {"geo_distance": {"distance": "5.0km", "location": {"lat": 48.9022, "lon": 2.4828}}} in (
        filters
    )
    assert request["sort"][0]["_geo_distance"]["order"] == "asc"
    assert request["sort"][0]["_geo_distance"]["unit"] == "km"
    assert request["from"] == 40
    decays = request["query"]["function_score"]["functions"]
    assert any("location" in f["gauss"] for f in decays)


def test_suggest_body():
    request = build_suggest("ergo", ["public"], 8)
    assert request["size"] == 8
    assert request["query"]["bool"]["must"][0]["multi_match"]["type"] == "bool_prefix"
    assert request["query"]["bool"]["filter"] == [{"terms": {"visibility": ["public"]}}]


def test_glossary_becomes_synonyms_and_analyzers():
    lines = glossary_synonyms({"CLIC": "Centre local d'information et de coordination"}, [])
    assert lines == ["clic, centre local d'information et de coordination"]
    index_analyzer, search_analyzer = french_analyzers(
        {"CCAS": "centre communal d'action sociale"}, []
    )
    definition = search_analyzer.get_analysis_definition()
    assert definition["filter"]["fr_glossary"]["type"] == "synonym_graph"
    assert "asciifolding" in definition["analyzer"]["fr_folded_glossary"]["filter"]
    assert (
        "fr_glossary"
        not in index_analyzer.get_analysis_definition()["analyzer"]["fr_folded"]["filter"]
    )


def test_synonym_groups_become_synonym_lines_too():
    lines = glossary_synonyms({}, [("Incurie", "syndrome de Diogène", "logement encombré")])
    assert lines == ["incurie, syndrome de diogene, logement encombre"]
    _index, search_analyzer = french_analyzers({}, [("Diogène", "incurie")])
    definition = search_analyzer.get_analysis_definition()
    assert definition["filter"]["fr_glossary"]["synonyms"] == ["diogene, incurie"]


def test_document_body_has_a_geo_point():
    kind, doc = CORPUS["ergo"]
    source = document_body(kind, "ergo", doc)
    assert source["location"] == {"lat": 48.9022, "lon": 2.4828}
    assert source["kind"] == "service"
    assert source["updated_at"].startswith("2026-06-01")
    assert "location" not in document_body(*CORPUS["nowhere"][:1], "nowhere", CORPUS["nowhere"][1])


RESPONSE = {
    "took": 4,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 2, "relation": "eq"},
        "max_score": None,
        "hits": [
            {
                "_index": "maillage-search",
                "_id": "service:ergo",
                "_score": 3.2,
                "_source": {
                    "kind": "service",
                    "object_id": "ergo",
                    "title": "Ergothérapeute à domicile",
                    "body": "Conseils pour les aidants",
                    "url": "/annuaire/services/ergo/",
                    "commune_code": "93010",
                    "commune_name": "Bondy",
                    "frais": ["payant"],
                    "visibility": "public",
                    "extra": {"organisation": "Ergo 93"},
                },
                "highlight": {"body": ["Conseils pour les \x02aidants\x03 <b>"]},
                "sort": [0.42, 3.2],
            },
            {
                "_index": "maillage-search",
                "_id": "guide:nowhere",
                "_score": 1.1,
                "_source": {
                    "kind": "guide",
                    "object_id": "nowhere",
                    "title": "Guide",
                    "url": "/g/",
                },
                "sort": [9.5, 1.1],
            },
        ],
    },
    "aggregations": {
        "facet_frais": {
            "doc_count": 2,
            "values": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [{"key": "payant", "doc_count": 1}, {"key": "gratuit", "doc_count": 1}],
            },
        },
        "facet_commune": {
            "doc_count": 2,
            "values": {"buckets": [{"key": "93010", "doc_count": 1}]},
        },
    },
    "suggest": {
        "spelling": [
            {
                "text": "ergotérapeute",
                "offset": 0,
                "length": 13,
                "options": [{"text": "ergothérapeute", "score": 0.61}],
            }
        ]
    },
}


def test_parse_documented_response():
    query = SearchQuery(text="ergotérapeute", near=BONDY, order="distance", frais=("payant",))
    results = parse_response(query, RESPONSE)
    assert results.total == 2
    first = results.hits[0]
    assert (first.kind, first.object_id, first.title) == ("service", "ergo", first.title)
    assert first.distance_km == 0.42
    assert first.snippet == "Conseils pour les <mark>aidants</mark> &lt;b&gt;"
    assert first.extra == {"organisation": "Ergo 93"}
    assert results.hits[1].distance_km == 9.5
    frais = {v.value: (v.count, v.selected, str(v.label)) for v in results.facets["frais"]}
    assert frais == {"payant": (1, True, "Payant"), "gratuit": (1, False, "Gratuit")}
    assert results.facets["commune"][0].label == "Bondy"
    assert results.suggestion == "ergothérapeute"


def test_backend_choice_follows_the_setting(settings):
    settings.ELASTICSEARCH_URL = ""
    assert get_backend().name == "postgres"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert get_backend().name == "elasticsearch"


@pytest.mark.parametrize("total", [7, {"value": 7, "relation": "eq"}])
def test_total_in_both_documented_forms(total):
    results = parse_response(SearchQuery(text="x"), {"hits": {"total": total, "hits": []}})
    assert results.total == 7
    assert results.hits == []

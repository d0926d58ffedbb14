"""The search page tells search engines it is a results page, lists what it shows, and is
canonical to itself with its words (and page) only: filters and places are variants."""

import pytest

from tests.schemaorg import json_ld, of_type, vocabulary_problems

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def test_a_results_page_lists_its_hits_for_search_engines(client, corpus):
    response = client.get(URL, {"q": "aidants", "frais": "gratuit", "utm_source": "lettre"})
    items = json_ld(response)
    assert not [problem for item in items for problem in vocabulary_problems(item)]
    (page,) = of_type(items, "SearchResultsPage")
    assert page["url"] == "http://testserver/recherche/?q=aidants"
    results = response.context["results"]
    listed = page["mainEntity"]
    assert listed["@type"] == "ItemList"
    assert listed["numberOfItems"] == results.total
    assert [item["position"] for item in listed["itemListElement"]] == list(
        range(1, len(results.hits) + 1)
    )
    assert [item["name"] for item in listed["itemListElement"]] == [
        hit.title for hit in results.hits
    ]
    assert all(item["url"].startswith("http") for item in listed["itemListElement"])


def test_a_search_page_is_canonical_to_its_words_and_page_only(client, corpus):
    response = client.get(URL, {"q": "aide", "pres_de": "93010", "rayon": "5", "page": "2"})
    assert '<link rel="canonical" href="http://testserver/recherche/?q=aide&amp;page=2">' in (
        response.content.decode()
    )
    (page,) = of_type(json_ld(client.get(URL, {"page": "1"})), "SearchResultsPage")
    assert page["url"] == "http://testserver/recherche/"

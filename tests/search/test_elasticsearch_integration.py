"""Against a real Elasticsearch: runs only when ELASTICSEARCH_URL is set."""

import os

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from search.query import SearchQuery
from tests.search.conftest import BONDY, CORPUS

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set"
    ),
]


@pytest.fixture
def es(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = "maillage-test"
    backend = ElasticsearchBackend()
    backend.create_index()
    backend.index_documents((kind, key, doc) for key, (kind, doc) in CORPUS.items())
    yield backend
    backend.client.indices.delete(index=backend.index, ignore_unavailable=True)


def ids(results):
    return [hit.object_id for hit in results.hits]


def test_accents_stemming_and_acronyms(es):
    assert "educ" in ids(es.search(SearchQuery(text="educatrice")))
    assert {"ergo", "alzheimer", "groupe"} <= set(ids(es.search(SearchQuery(text="aidant"))))
    assert {"clic", "clic_long"} <= set(ids(es.search(SearchQuery(text="CLIC"))))
    assert "alzheimer" in ids(es.search(SearchQuery(text="alzeimer")))


def test_radius_facets_and_visibility(es):
    near = es.search(SearchQuery(text="aide", near=BONDY, radius_km=20, order="distance"))
    assert "far" not in ids(near)
    assert ids(near)[0] == "ergo"
    results = es.search(SearchQuery(text="aidants"))
    assert sum(v.count for v in results.facets["kind"]) == results.total
    assert es.search(SearchQuery(text="gardiens")).total == 0
    assert es.search(SearchQuery(text="gardiens", user_is_professional=True)).total == 1

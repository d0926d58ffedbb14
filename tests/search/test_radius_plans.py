"""Radius queries with words: the backend chooses between reading the text index first and
reading the table in order (`_reads_table_first`), from PostgreSQL's own statistics. The
choice changes how fast `base` fills, never what a complete result holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends import postgres
from search.query import SearchQuery
from search.text import parse
from tests.search.conftest import BONDY, PANTIN, doc

pytestmark = pytest.mark.django_db


class UniformStatistics:
    """100 000 documents spread evenly over the 93's box; `shares` per lexeme."""

    rows = 100_000.0

    def __init__(self, shares):
        self.lexeme_share = shares
        self.histograms = {
            "latitude": [48.80 + i * 0.002 for i in range(101)],
            "longitude": [2.28 + i * 0.0033 for i in range(101)],
        }

    def current(self):
        return self

    share_between = postgres._Statistics.share_between


def choice(monkeypatch, text, radius_km, shares):
    monkeypatch.setattr(postgres, "_statistics", UniformStatistics(shares))
    query = SearchQuery(text=text, near=BONDY, radius_km=radius_km)
    parsed = parse(query.text)
    _fixes, lexemes = postgres.PostgresBackend().lexicon(parsed.terms)
    return postgres._reads_table_first(query, parsed.groups, lexemes)


def test_frequent_words_in_a_small_circle_read_the_table_first(monkeypatch):
    frequent = {"rep": 0.42, "aid": 0.5, "psycholog": 0.02}
    assert choice(monkeypatch, "repas", 3, frequent) is True
    assert choice(monkeypatch, "aide", 5, frequent) is True
    # Rarer words, words PostgreSQL has no figure for, acronyms: the text index.
    assert choice(monkeypatch, "psychologue", 5, frequent) is False
    assert choice(monkeypatch, "menuiserie", 3, frequent) is False
    assert choice(monkeypatch, "CLIC", 3, frequent) is False
    # Two frequent words together are rarer than either: the text index again.
    assert choice(monkeypatch, "repas psychologue", 3, frequent) is False
    # No radius, or no words: nothing to choose.
    monkeypatch.setattr(postgres, "_statistics", UniformStatistics(frequent))
    lexemes = {"repas": ["rep"]}
    assert not postgres._reads_table_first(SearchQuery(text="repas"), [["repas"]], lexemes)
    assert not postgres._reads_table_first(SearchQuery(near=BONDY, radius_km=3), [], lexemes)


def test_histogram_share_between():
    stats = UniformStatistics({})
    assert stats.share_between("latitude", 48.80, 49.00) == pytest.approx(1.0)
    assert stats.share_between("latitude", 48.85, 48.87) == pytest.approx(0.1)
    assert stats.share_between("latitude", 40.0, 41.0) == 0.0
    assert stats.share_between("altitude", 0, 1) is None


def test_statistics_come_from_pg_stats(backend):
    backend.index_documents(
        (kind, f"repas-{n}", document)
        for n in range(60)
        for kind, document in [
            doc(
                f"Portage de repas {n}",
                "Repas livrés à domicile.",
                place=(BONDY[0] + n * 0.001, BONDY[1]),
            )
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    stats = postgres._Statistics()
    stats.current()
    assert stats.rows == 60
    assert stats.lexeme_share["rep"] == pytest.approx(1.0)
    everywhere = stats.share_between("latitude", BONDY[0], BONDY[0] + 0.059)
    assert everywhere == pytest.approx(1.0)
    assert stats.share_between("latitude", BONDY[0], BONDY[0] + 0.0295) == pytest.approx(
        0.5, abs=0.05
    )


def test_both_plans_find_the_same_documents(backend, corpus, monkeypatch):
    backend.index_documents([("service", "pantin", doc("Aide aux aidants", place=PANTIN)[1])])
    query = SearchQuery(text="aide", near=BONDY, radius_km=10, order="distance")
    results = {}
    for table_first in (False, True):
        monkeypatch.setattr(postgres, "_reads_table_first", lambda *a, t=table_first: t)
        found = backend.search(query)
        assert not found.is_partial
        results[table_first] = (
            found.total,
            [(h.object_id, h.distance_km) for h in found.hits],
            {name: [(v.value, v.count) for v in values] for name, values in found.facets.items()},
        )
    assert results[True] == results[False]
    assert results[True][0] >= 2 and "pantin" in [i for i, _d in results[True][1]]


def test_known_words_are_remembered_and_typos_still_corrected(backend, corpus):
    postgres.forget_known_words()
    fixes, lexemes = backend.lexicon(["aidants", "alzeimer"])
    assert lexemes["aidants"] == ["aid"]
    assert fixes == {"alzeimer": "alzheimer"}
    assert "aidants" in postgres._known_words and "alzeimer" not in postgres._known_words
    # A known word asks the database nothing; an unknown one is looked up every time.
    with CaptureQueriesContext(connection) as queries:
        assert backend.lexicon(["aidants"]) == ({}, {"aidants": ["aid"]})
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert backend.lexicon(["alzeimer"])[0] == {"alzeimer": "alzheimer"}
    assert len(queries) == 1
    backend.rebuild_lexicon()
    assert postgres._known_words == {}

"""Relevance and filtering of the PostgreSQL backend on the hand-written corpus."""

import pytest

from search.query import QueryError, SearchQuery
from tests.search.conftest import BONDY

pytestmark = pytest.mark.django_db


def ids(results):
    return [hit.object_id for hit in results.hits]


def run(backend, text="", **kwargs):
    return backend.search(SearchQuery(text=text, **kwargs))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("educatrice", "educ"),  # no accent in the query, accent in the title
        ("ÉDUCATRICE", "educ"),
        ("sécurité", "securite"),  # accent in the query, none in the text
        ("prévention chutes", "securite"),
        ("ergothérapeute", "ergo"),
    ],
)
def test_accents_do_not_matter_either_way(backend, corpus, text, expected):
    assert expected in ids(run(backend, text))


def test_french_stemming_joins_aidant_aidants_aide(backend, corpus):
    for text in ("aidant", "aidants", "aide"):
        found = set(ids(run(backend, text)))
        assert {"ergo", "alzheimer", "groupe"} <= found, text


@pytest.mark.parametrize(
    ("typo", "expected", "corrected"),
    [("ergotérapeute", "ergo", "ergotherapeute"), ("alzeimer", "alzheimer", "alzheimer")],
)
def test_typos_are_tolerated_and_suggested(backend, corpus, typo, expected, corrected):
    results = run(backend, typo)
    assert ids(results)[0] == expected
    assert results.suggestion == corrected


def test_acronym_finds_its_expansion(backend, corpus):
    assert {"clic", "clic_long"} <= set(ids(run(backend, "CLIC")))
    assert "ccas" in ids(run(backend, "ccas"))


def test_expansion_finds_the_acronym(backend, corpus):
    found = ids(run(backend, "centre local d'information et de coordination"))
    assert {"clic", "clic_long"} <= set(found)
    # Without the "d'" and "et" too.
    assert "clic" in ids(run(backend, "centre local information coordination"))


def test_title_matches_rank_first(backend, corpus):
    # Both have "aidants" in their title; the others only in their text.
    assert set(ids(run(backend, "aidants"))[:2]) == {"groupe", "nowhere"}


def test_facet_counts_equal_the_filtered_totals(backend, corpus):
    results = run(backend, "aidants")
    facets = results.facets
    assert sum(v.count for v in facets["kind"]) == results.total
    for name, attr in (
        ("thematique", "thematiques"),
        ("public", "publics"),
        ("commune", "communes"),
        ("mode_accueil", "modes_accueil"),
        ("frais", "frais"),
    ):
        for value in facets[name]:
            filtered = run(backend, "aidants", **{attr: (value.value,)})
            assert filtered.total == value.count, (name, value.value)
            assert len(filtered.hits) == value.count


def test_facets_are_disjunctive_within_a_facet(backend, corpus):
    paying = run(backend, "aidants", frais=("payant",))
    free_count = next(v.count for v in paying.facets["frais"] if v.value == "gratuit")
    both = run(backend, "aidants", frais=("payant", "gratuit"))
    assert both.total == paying.total + free_count
    assert next(v for v in paying.facets["frais"] if v.value == "payant").selected


def test_facet_labels_come_from_the_vocabularies(backend, corpus):
    facets = run(backend, "aidants").facets
    labels = {v.value: str(v.label) for v in facets["frais"]}
    assert labels["gratuit"] == "Gratuit"
    communes = {v.value: v.label for v in facets["commune"]}
    assert communes["93001"] == "Aubervilliers"


def test_radius_excludes_far_entries_and_orders_by_distance(backend, corpus):
    near = run(backend, "aide", near=BONDY, radius_km=20, order="distance")
    found = ids(near)
    assert "far" not in found
    assert found[0] == "ergo"  # in Bondy itself
    distances = [hit.distance_km for hit in near.hits]
    assert distances == sorted(distances)
    assert all(d <= 20 for d in distances)
    anywhere = run(backend, "aide", near=BONDY, order="distance")
    assert "far" in ids(anywhere)
    assert ids(anywhere)[-1] == "nowhere"  # no coordinates: last


def test_professional_only_documents_never_reach_visitors(backend, corpus):
    assert run(backend, "gardiens").total == 0
    assert "pro" not in ids(run(backend, ""))
    assert all(v.value != "sante-mentale" for v in run(backend, "").facets["category"])
    assert ids(run(backend, "gardiens", user_is_professional=True)) == ["pro"]
    assert backend.suggest("ligne") == []
    assert [s.title for s in backend.suggest("ligne", user_is_professional=True)] == [
        "Ligne directe des gardiens vers le CMP"
    ]


def test_snippets_are_escaped_and_highlighted(backend, db):
    from tests.search.conftest import doc

    kind, document = doc("Atelier", "Les aidants <script>alert(1)</script> & proches : 3 < 5")
    backend.index_documents([(kind, "xss", document)])
    hit = run(backend, "aidants").hits[0]
    assert "<script>" not in hit.snippet
    assert "&amp; proches" in hit.snippet
    assert "<mark>aidants</mark>" in hit.snippet


def test_pagination(backend, corpus):
    first = run(backend, "aide", per_page=2)
    second = run(backend, "aide", per_page=2, page=2)
    assert first.total == second.total > 4
    assert not set(ids(first)) & set(ids(second))
    assert first.has_next and not first.has_previous and second.has_previous


def test_suggest_prefix_then_typo(backend, corpus):
    titles = [s.title for s in backend.suggest("ergo")]
    assert titles[0] == "Ergothérapeute à domicile"
    assert "Accueil de jour Alzheimer" in [s.title for s in backend.suggest("alzeim")]
    assert "Groupe de parole pour aidants" in [s.title for s in backend.suggest("parol")]
    assert backend.suggest("e") == []
    assert backend.suggest("100%_") == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 10_000,
        "'; DROP TABLE search_searchdocument; --",
        '"aide" & | ! ( ) <-> :* \\',
        "aide & !domicile",
        "😀 aide 👵🏽",
        "\x00aide\x00",
        "de la du le",
        "%_%",
    ],
)
def test_hostile_text_is_just_text(backend, corpus, text):
    results = run(backend, text)
    assert results.total >= 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"near": (91, 0)},
        {"near": (float("nan"), 2)},
        {"radius_km": -1},
        {"radius_km": 1000},
        {"radius_km": float("inf")},
        {"page": 0},
        {"page": 10**9},
        {"per_page": 500},
        {"order": "random"},
    ],
)
def test_invalid_query_parameters_raise_query_error(kwargs):
    with pytest.raises(QueryError):
        SearchQuery(**kwargs)


def test_suggestions_follow_renames_and_deletions_and_group_shared_titles(backend, db):
    from search.models import SearchTitle
    from tests.search.conftest import doc

    documents = {
        "a": doc("Portage de repas"),
        "b": doc("Portage de repas"),
        "c": doc("Portail des aidants"),
    }
    backend.index_documents([(kind, oid, document) for oid, (kind, document) in documents.items()])
    shared = backend.suggest("porta")
    assert [s.title for s in shared] == ["Portage de repas", "Portail des aidants"]
    # Two documents bear the first title: it leads to the search for it, not to one of them.
    assert shared[0].url == "/recherche/?q=Portage+de+repas"
    assert shared[1].url.startswith("/test/service/")

    # Renamed: the old title is forgotten, the new one suggested.
    kind, renamed = doc("Portail numérique des aidants")
    backend.index_documents([(kind, "c", renamed)])
    titles = [s.title for s in backend.suggest("portai")]
    assert titles[0] == "Portail numérique des aidants"
    assert "Portail des aidants" not in titles
    assert not SearchTitle.objects.filter(title="Portail des aidants").exists()

    # One of two bearers deleted: the title stays and now leads to the remaining document.
    backend.delete_documents("service", ["a"])
    assert backend.suggest("portage")[0].url.startswith("/test/service/")
    backend.delete_documents("service", ["b"])
    assert "Portage de repas" not in [s.title for s in backend.suggest("portage")]
    assert set(SearchTitle.objects.values_list("title", flat=True)) == {
        "Portail numérique des aidants"
    }

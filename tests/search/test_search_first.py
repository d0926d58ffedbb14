"""Search first (#17): "près de" orders by distance and says so, cards read well (commune
once, text cut at a word, national phone as a `tel:` link, French distance), results come
before the filters, whose disclosure counts the active ones."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from core.text import ends_with_words, excerpt
from search.backends.elasticsearch import build_search
from search.views import build_query
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.search.conftest import MONTREUIL, doc

pytestmark = pytest.mark.django_db

URL = "/recherche/"
ROSNY = (48.8742, 2.4863)
BOBIGNY = (48.9077, 2.4397)

# As in the demo: each sector's CMP is an organisation named after its commune whose text
# says "CMP" several times; Montreuil's says it once, at the end of a long text.
CMP_CORPUS = {
    "cmp_rosny": doc(
        "CMP adultes de Rosny-sous-Bois",
        "CMP : centre médico-psychologique du secteur. Le CMP reçoit sans avance de frais.",
        kind="organisation",
        place=ROSNY,
        commune=("93064", "Rosny-sous-Bois"),
        keywords=["CMP"],
        extra={"organisation": "CMP adultes de Rosny-sous-Bois", "phone": "+33148845752"},
    ),
    "cmp_bobigny": doc(
        "CMP adultes de Bobigny",
        "CMP : centre médico-psychologique du secteur. Le CMP reçoit sans avance de frais.",
        kind="organisation",
        place=BOBIGNY,
        commune=("93008", "Bobigny"),
        keywords=["CMP"],
        extra={"organisation": "CMP adultes de Bobigny"},
    ),
    "cmp_montreuil": doc(
        "Consultations psychiatriques adultes de Montreuil",
        "Premier rendez-vous avec un infirmier d'accueil, puis psychiatre ou psychologue, "
        "pour les habitants majeurs du secteur, sur rendez-vous et sans avance de frais, "
        "au rez-de-chaussée de la maison de santé ; le secteur dépend du CMP.",
        kind="organisation",
        place=MONTREUIL,
        commune=("93048", "Montreuil"),
        extra={"organisation": "Consultations psychiatriques adultes de Montreuil"},
    ),
}


@pytest.fixture
def cmp_corpus(backend, glossary, commune_places):
    backend.index_documents((kind, key, document) for key, (kind, document) in CMP_CORPUS.items())
    backend.rebuild_lexicon()
    return CMP_CORPUS


def ids(response):
    return [hit.object_id for hit in response.context["results"].hits]


def test_cmp_near_montreuil_lists_montreuil_first_and_says_it_is_sorted_by_distance(
    client, cmp_corpus
):
    by_relevance = client.get(URL, {"q": "CMP", "pres_de": "93048", "tri": "relevance"})
    # The corpus is the demo's case: by relevance Rosny and Bobigny come first.
    assert ids(by_relevance)[-1] == "cmp_montreuil"
    assert "Triés par distance" not in by_relevance.content.decode()

    response = client.get(URL, {"q": "CMP", "pres_de": "93048"})
    assert ids(response) == ["cmp_montreuil", "cmp_rosny", "cmp_bobigny"]
    assert "Triés par distance de Montreuil" in response.content.decode()


def test_without_a_place_results_keep_relevance_order(client, cmp_corpus):
    response = client.get(URL, {"q": "CMP", "tri": "distance"})
    assert response.context["results"].query.order == "relevance"
    assert ids(response)[-1] == "cmp_montreuil"
    assert "Triés par distance" not in response.content.decode()


def test_near_a_place_the_elasticsearch_request_sorts_by_distance_then_score(commune_places):
    request = RequestFactory().get(URL, {"q": "CMP", "pres_de": "93048"})
    request.user = AnonymousUser()
    query = build_query(request)
    assert query.order == "distance"
    sort = build_search(query, "idx").to_dict()["sort"]
    assert sort[0]["_geo_distance"]["location"] == {"lat": MONTREUIL[0], "lon": MONTREUIL[1]}
    assert sort[0]["_geo_distance"]["order"] == "asc"
    assert sort[1] == "_score"


def test_a_card_shows_the_commune_once_the_distance_in_french_and_a_tel_link(client, cmp_corpus):
    html = client.get(URL, {"q": "CMP", "pres_de": "93048"}).content.decode()
    # The organisation's name already ends with the commune: not "Rosny-sous-Bois Rosny-sous-Bois".
    assert "<span>Rosny-sous-Bois</span>" not in html
    # Montreuil itself: distance only, in French decimals, never split across lines.
    assert '<p class="search-hit__meta"><span>à\u00a00,0\u00a0km</span></p>' in html
    assert re.search(
        r'>CMP adultes de Rosny-sous-Bois</a></h3>\s*<p class="search-hit__meta">'
        "<span>à\u00a03,4\u00a0km</span></p>",
        html,
    )
    assert '<a href="tel:+33148845752">01 48 84 57 52</a>' in html
    assert "+33148845752</a>" not in html


def test_excerpt_cuts_at_a_word_with_an_ellipsis():
    text = "Un temps de répit pour les aidants familiaux, deux jours par semaine."
    assert excerpt(text, 40) == "Un temps de répit pour les aidants…"
    assert excerpt(text, 500) == text
    assert excerpt("Anticonstitutionnellement", 10) == "Anticonst…"
    rendered = Template("{% load core_tags %}{{ text|excerpt:30 }}").render(Context({"text": text}))
    assert rendered == "Un temps de répit pour les…"
    with pytest.raises(ValueError):
        excerpt(text, 0)


def test_a_result_without_highlight_is_cut_at_a_word(client, backend, glossary):
    body = " ".join(["Accompagnement"] * 30)
    kind, document = doc("Long texte", body, kind="guide", place=None, commune=("", ""))
    backend.index_documents([(kind, "long", document)])
    hit = client.get(URL).context["results"].hits[0]
    assert str(hit.snippet).endswith("Accompagnement…")
    assert len(str(hit.snippet)) <= 220


def test_results_come_before_the_filters_whose_summary_counts_the_active_ones(client, corpus):
    html = client.get(URL, {"q": "aidants", "frais": ["gratuit", "payant"], "rayon": ""}).content
    html = html.decode()
    assert html.index('id="search-hits-title"') < html.index('id="search-filters"')
    assert '<details id="search-filters"' in html
    assert '<span class="search-filters__count">(2 actifs)</span>' in html
    assert '<a class="search-skip" href="#search-hits-title">Aller aux résultats</a>' in html
    # The count of results is announced by a polite live region outside the swapped part.
    assert html.index('id="search-live"') < html.index('id="search-results"')
    assert 'aria-live="polite"' in html


def test_the_search_field_is_an_aria_combobox(client, corpus):
    html = client.get(URL).content.decode()
    assert 'role="combobox"' in html
    assert 'aria-controls="search-suggestions"' in html
    assert 'aria-expanded="false"' in html
    assert '<ul id="search-suggestions" class="search-suggestions" role="listbox"' in html


def test_a_directory_card_names_the_commune_once(bobigny, montreuil):
    named_after = ServiceFactory(
        organisation=OrganisationFactory(name="SAAD Vivre Chez Soi — Bobigny", commune=bobigny)
    )
    other = ServiceFactory(organisation=OrganisationFactory(name="Âge et Vie", commune=montreuil))
    assert ends_with_words("SAAD Vivre Chez Soi — Bobigny", "bobigny")
    assert not ends_with_words("Bobigny Accueil", "Bobigny")
    card = render_to_string("components/service_card.html", {"service": named_after})
    assert "SAAD Vivre Chez Soi — Bobigny\n" in card
    assert "Bobigny — Bobigny" not in card
    card = render_to_string("components/service_card.html", {"service": other})
    assert "Âge et Vie — Montreuil" in card

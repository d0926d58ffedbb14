"""Glossary: linking in text (escape-safe), the page, the admin-edited terms feeding search."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import mark_safe

from orientation import defaults
from orientation.glossary import Entry, link_terms
from orientation.models import GlossaryTerm
from orientation.search_glossary import glossary_acronyms
from tests.orientation.factories import GlossaryTermFactory

CLIC = Entry("CLIC", "/glossaire/#terme-clic", "Centre local d'information et de coordination")
CLIC_TERM = Entry("Centre local d'information et de coordination", "/glossaire/#terme-clic")
BAIL = Entry("Bail glissant", "/glossaire/#terme-bail-glissant")


def test_first_occurrence_of_an_acronym_becomes_an_abbr_link():
    html = link_terms("Le CLIC oriente ; appelez le CLIC.", [CLIC])
    assert html == (
        'Le <a class="glossary-link" href="/glossaire/#terme-clic"><abbr title="Centre local '
        'd&#x27;information et de coordination">CLIC</abbr></a> oriente ; appelez le CLIC.'
    )


def test_acronyms_match_whole_words_with_their_case_terms_any_case():
    assert "<a" not in link_terms("Un clic suffit. CLICS. PRE-CLIC", [CLIC])
    assert 'href="/glossaire/#terme-bail-glissant">bail glissant</a>' in link_terms(
        "Un bail glissant.", [BAIL]
    )


def test_acronym_and_full_name_link_once_per_term():
    html = link_terms("Le CLIC (Centre local d'information et de coordination).", [CLIC, CLIC_TERM])
    assert html.count("<a ") == 1


def test_plain_text_is_escaped():
    html = link_terms('<script>alert("x")</script> CLIC & co', [CLIC])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; co" in html
    assert "<abbr" in html


def test_entries_are_escaped_too():
    evil = Entry("APA", '/g/#"><script>', 'x" onmouseover="alert(1)')
    html = link_terms("APA", [evil])
    assert "<script>" not in html
    assert 'onmouseover="' not in html


def test_safe_html_is_linked_in_text_nodes_only():
    html = link_terms(
        mark_safe('<p class="CLIC">Voir <a href="/x">le CLIC</a>, puis le CLIC.</p>'), [CLIC]
    )
    assert html.startswith('<p class="CLIC">Voir <a href="/x">le CLIC</a>, puis le <a class=')
    assert html.count("<abbr") == 1


@pytest.mark.django_db
def test_template_tag_and_filter_use_database_terms():
    rendered = Template(
        "{% load orientation_tags %}{% glossary_links text %}|{{ text|glossary_links }}"
    ).render(Context({"text": "Demandez l'APA & la PCH."}))
    tag, filtered = rendered.split("|")
    assert tag == filtered
    assert '<abbr title="Allocation personnalisée d&#x27;autonomie">APA</abbr>' in tag
    assert "&amp; la" in tag


@pytest.mark.django_db
def test_default_glossary_is_loaded_by_the_migration():
    acronyms = set(GlossaryTerm.objects.exclude(acronym="").values_list("acronym", flat=True))
    for acronym in ("CLIC", "CCAS", "SAAD", "SSIAD", "SPASAD", "CMP", "CICAT", "APA", "PCH",
                    "GIR", "AAH", "FSL", "CCAPEX", "SIAO", "AVDL", "GLA", "CARSAT", "TFPB",
                    "ESS", "MDPH", "CAF", "CPAM", "SAVS", "SAMSAH", "ADIL", "CDAS", "PRIF",
                    "EHPAD", "PSP"):  # fmt: skip
        assert acronym in acronyms
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    assert {"Habitat inclusif", "Bail glissant", "Intermédiation locative", "Mutation"} <= terms
    assert GlossaryTerm.objects.count() == len(defaults.GLOSSARY)


@pytest.mark.django_db
def test_glossary_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("orientation:glossary"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="terme-clic"' in content
    assert '<abbr title="Centre local d&#x27;information et de coordination">CLIC</abbr>' in content
    assert f"{reverse('orientation:index')}?situation=perte-autonomie" in content
    assert content.index('id="lettre-A"') < content.index('id="lettre-B"')


@pytest.mark.django_db
def test_admin_edits_reach_links_and_search_at_once():
    assert "CLIC" in glossary_acronyms()
    term = GlossaryTermFactory(
        term="Plateforme territoriale d'appui", acronym="PTA", definition="Appui."
    )
    assert glossary_acronyms()["PTA"] == "plateforme territoriale d'appui"
    assert "<abbr" in link_terms("La PTA aide.")
    term.delete()
    assert "PTA" not in glossary_acronyms()
    assert "<abbr" not in link_terms("La PTA aide.")


@pytest.mark.django_db
def test_search_glossary_uses_the_database_terms():
    search_glossary = pytest.importorskip("search.glossary")
    GlossaryTermFactory(term="Groupement de coopération sociale", acronym="GCS", definition="…")
    assert search_glossary.get_glossary()["GCS"] == "groupement de coopération sociale"

"""A gardien searches with the words of the landing ("incurie", "Diogène", "SCHS", "hygiène")
and finds the services that deal with it, and the "Qui appeler ?" situation (issue #15).
End to end through /recherche/ on PostgreSQL, with orientation's glossary as the only source
of acronyms and synonyms."""

import pytest
from django.core.cache import cache

from directory.vocabularies import Category, Typology
from orientation import defaults
from orientation import glossary as orientation_glossary
from orientation.models import GlossaryTerm, Situation
from search.backends.postgres import PostgresBackend
from search.indexing import reindex_kind
from search.text import parse
from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

URL = "/recherche/"
INCURIE_SERVICES = {"Consultations adultes", "Aller vers les personnes isolées",
                    "Hygiène de l'habitat", "Accompagnement social des adultes"}  # fmt: skip


@pytest.fixture
def incurie_directory(bobigny):
    """Bobigny's services: four that deal with incurie, each in its own words, and two that
    do not."""
    defaults.load_situations(Situation)
    defaults.load_glossary(GlossaryTerm, Situation)
    defaults.load_glossary_synonyms(GlossaryTerm)
    cache.delete_many([orientation_glossary.CACHE_KEY, orientation_glossary.SYNONYMS_CACHE_KEY])
    services = {
        (Typology.CMP, "CMP adultes de Bobigny"): (
            "Consultations adultes",
            "Psychiatres, psychologues et infirmiers ; visites à domicile quand une personne "
            "vit dans un logement encombré.",
        ),
        (Typology.EMPP, "Équipe mobile psychiatrie-précarité du 93"): (
            "Aller vers les personnes isolées",
            "Des soignants vont à la rencontre des personnes isolées, y compris en situation "
            "d'incurie.",
        ),
        (Typology.MAIRIE, "Service communal d'hygiène et de santé de Bobigny"): (
            "Hygiène de l'habitat",
            "Visite des logements insalubres, nuisibles, accumulation d'objets.",
        ),
        (Typology.CCAS, "CCAS de Bobigny"): (
            "Accompagnement social des adultes",
            "Une assistante sociale accompagne les personnes en difficulté, notamment face au "
            "syndrome de Diogène.",
        ),
        (Typology.SAAD, "Les Aidants du Quotidien"): (
            "Ménage et courses",
            "Une aide à domicile vient faire le ménage, les courses et les repas.",
        ),
        (Typology.ASSOCIATION, "Voisins et Soleil Bobigny"): (
            "Visites de convivialité",
            "Des bénévoles rendent visite aux personnes âgées isolées.",
        ),
    }
    for (typology, organisation), (name, description) in services.items():
        ServiceFactory(
            organisation=OrganisationFactory(name=organisation, typology=typology, commune=bobigny),
            name=name,
            description=description,
            categories=[Category.SANTE_MENTALE],
        )
    backend = PostgresBackend()
    reindex_kind("service", backend=backend)
    reindex_kind("situation", backend=backend)
    backend.rebuild_lexicon()


def _titles(client, text, kind="service"):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    return {hit.title for hit in response.context["results"].hits if hit.kind == kind}


@pytest.mark.parametrize("text", ["incurie", "Diogène", "syndrome de Diogène", "Incurie"])
def test_searching_incurie_or_diogene_finds_every_service_that_deals_with_it(
    client, incurie_directory, text
):
    assert _titles(client, text) == INCURIE_SERVICES


def test_searching_schs_or_hygiene_finds_the_municipal_hygiene_service(client, incurie_directory):
    assert "Hygiène de l'habitat" in _titles(client, "SCHS")
    assert "Hygiène de l'habitat" in _titles(client, "hygiène")
    assert "Ménage et courses" not in _titles(client, "SCHS")


@pytest.mark.parametrize("text", ["incurie", "Diogène", "logement encombré"])
def test_searching_incurie_proposes_the_qui_appeler_situation(client, incurie_directory, text):
    response = client.get(URL, {"q": text})
    html = response.content.decode()
    # « Animaux, hygiène » may be proposed too; the incurie situation always is.
    assert "Logement encombré, incurie" in _titles(client, text, kind="situation")
    assert 'href="/orientation/?situation=logement-encombre"' in html
    assert "Qui appeler ?" in html


def test_a_synonym_moderators_add_in_the_admin_is_searched_at_once(client, incurie_directory):
    assert _titles(client, "insalubre") == {"Hygiène de l'habitat"}
    term = GlossaryTerm.objects.get(term="Incurie")
    term.synonyms += "\ninsalubre"
    term.save()
    assert "Consultations adultes" in _titles(client, "insalubre")


def test_synonym_groups_expand_a_query_into_alternatives():
    groups = [("Incurie", "syndrome de Diogène", "logement encombré"), ("Diogène", "incurie")]
    parsed = parse("incurie Bobigny", glossary={}, synonyms=groups)
    assert parsed.groups == [
        ["incurie", "syndrome diogene", "logement encombre", "diogene"],
        ["bobigny"],
    ]
    # The longest phrase wins: "syndrome de Diogène" is one group, not "syndrome" + "Diogène".
    assert parse("syndrome de Diogène", glossary={}, synonyms=groups).groups == [
        ["incurie", "syndrome diogene", "logement encombre"]
    ]
    # An acronym in a group brings its group.
    parsed = parse("schs", glossary={"SCHS": "service communal d'hygiène et de santé"},
                   synonyms=[("SCHS", "service d'hygiène")])  # fmt: skip
    assert parsed.groups == [["schs", "service hygiene"]]
    assert parsed.acronyms == ["SCHS"]

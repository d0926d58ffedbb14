"""Every page people read exists in English under /en/, and the language switcher brings
the reader back to the page they were on, in the language they chose."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from demo.home import ensure_home_page
from guides.models import GuideIndexPage
from home.context_processors import _resolved_nav
from orientation import glossary
from search.backends.postgres import PostgresBackend
from search.registry import SearchDoc
from tests.directory.factories import OrganisationFactory
from tests.orientation.factories import GlossaryTermFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "french", "english"),
    [
        ("/annuaire/", "Annuaire", "Directory"),
        ("/orientation/", "Qui appeler ?", "Who do I call?"),
        ("/annuaire/suggerer-un-service/", "Suggérer un service manquant", "Suggest a missing"),
        ("/comptes/login/", "Mot de passe", "Password"),
    ],
)
def test_the_language_switcher_brings_the_reader_back_to_the_same_page_in_english(
    page, french, english
):
    browser = Client()
    french_page = browser.get(page)
    assert french_page.status_code == 200 and french in french_page.text
    # The switcher is a link to this page in English: no form, so no CSRF cookie.
    assert f'href="/en{page}" lang="en" hreflang="en"' in french_page.text

    answer = browser.get(f"/en{page}")
    assert answer.status_code == 200
    assert answer["Content-Language"] == "en" and english in answer.text
    # The switcher of the English page links to its French address, and back to French it goes.
    assert f'href="{page}" lang="fr" hreflang="fr"' in answer.text
    assert french in browser.get(page).text


@pytest.mark.django_db
def test_links_of_an_english_page_stay_in_english(montreuil):
    organisation = OrganisationFactory(commune=montreuil, status="published")
    with translation.override("en"):
        assert organisation.get_absolute_url().startswith("/en/annuaire/")
    assert organisation.get_absolute_url().startswith("/annuaire/")
    english = Client().get(f"/en{organisation.get_absolute_url()}")
    assert english.status_code == 200
    assert 'href="/en/annuaire/' in english.text


@pytest.mark.django_db
def test_search_results_and_suggestions_of_an_english_page_link_to_english_pages():
    # The index stores French addresses (indexing runs in French).
    backend = PostgresBackend()
    backend.index_documents(
        [
            (
                "service",
                "1",
                SearchDoc(
                    title="Ergothérapeute à domicile",
                    body="Adapter le logement.",
                    url="/annuaire/services/ergotherapeute-a-domicile/",
                    commune_code="93048",
                    commune_name="Montreuil",
                ),
            )
        ]
    )
    backend.rebuild_lexicon()
    english = Client().get("/en/recherche/", {"q": "ergothérapeute"})
    assert 'href="/en/annuaire/services/ergotherapeute-a-domicile/"' in english.text
    suggestions = Client().get("/en/recherche/suggest", {"q": "ergo", "format": "html"})
    assert 'data-url="/en/annuaire/services/ergotherapeute-a-domicile/"' in suggestions.text
    assert Client().get("/en/recherche/suggest", {"q": "ergo"}).json()["suggestions"][0]["url"] == (
        "/en/annuaire/services/ergotherapeute-a-domicile/"
    )
    french = Client().get("/recherche/", {"q": "ergothérapeute"})
    assert 'href="/annuaire/services/ergotherapeute-a-domicile/"' in french.text


@pytest.mark.django_db
def test_glossary_links_follow_the_readers_language_whichever_language_filled_the_cache():
    term = GlossaryTermFactory(term="Zone d'essai linguistique", acronym="ZELQ", slug="zelq")
    anchor = term.get_absolute_url().split("#")[1]
    cache.delete(glossary.CACHE_KEY)
    with translation.override("en"):
        assert f'href="/en/glossaire/#{anchor}"' in glossary.link_terms("La ZELQ aide.")
    with translation.override("fr"):
        assert f'href="/glossaire/#{anchor}"' in glossary.link_terms("La ZELQ aide.")


@pytest.mark.django_db
def test_the_guide_index_exists_in_english():
    home = ensure_home_page()
    index = GuideIndexPage(title="Guides pratiques", slug="guides")
    home.add_child(instance=index)
    index.save_revision().publish()
    assert Client().get("/guides/").status_code == 200
    english = Client().get("/en/guides/")
    assert english.status_code == 200 and english["Content-Language"] == "en"


@pytest.mark.django_db
def test_logging_out_in_english_lands_on_the_english_home_page():
    ensure_home_page()
    user = get_user_model().objects.create_user("lecteur@example.org", "x")
    browser = Client()
    browser.force_login(user)
    answer = browser.post("/en/comptes/logout/")
    assert answer.status_code == 302 and answer["Location"] == "/en/"
    english_home = Client().get("/en/")
    assert 'class="site-header__brand" href="/en/"' in english_home.text


@pytest.mark.django_db
def test_the_menu_of_each_language_links_to_its_own_pages_whichever_came_first():
    _resolved_nav.cache_clear()
    french = Client().get("/annuaire/")
    english = Client().get("/en/annuaire/")
    assert '<a href="/orientation/"' in french.text
    assert '<a href="/en/orientation/"' in english.text
    assert '<a href="/orientation/"' in Client().get("/annuaire/").text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "/recherche/?q=aide+%C3%A0+domicile&commune=93048",
        "/orientation/?situation=isolement&commune=Montreuil",
        "/offres/",
        "/offres/locaux/",
        "/agenda/",
        "/agenda/mois/",
        "/glossaire/",
        "/comptes/login/?next=%2Foffres%2F",
    ],
)
def test_the_switcher_keeps_the_page_and_its_query_in_the_other_language(page):
    browser = Client()
    french = browser.get(page)
    english_link = f'<a href="{escape(f"/en{page}")}" lang="en" hreflang="en">'
    assert english_link in french.text
    english = browser.get(f"/en{page}")
    assert english.status_code == 200 and english["Content-Language"] == "en"
    assert f'<a href="{escape(page)}" lang="fr" hreflang="fr">' in english.text

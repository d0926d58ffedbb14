"""Every page people read exists in English under /en/, and the language switcher brings
the reader back to the page they were on, in the language they chose."""

import pytest
from django.test import Client
from django.utils import translation

from tests.directory.factories import OrganisationFactory


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

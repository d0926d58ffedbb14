"""Every page people read exists in English under /en/, and the language switcher brings
the reader back to the page they were on, in the language they chose."""

import pytest
from django.test import Client
from django.urls import reverse
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

    switched = browser.post(reverse("set_language"), {"language": "en", "next": page})

    assert switched.status_code == 302 and switched["Location"] == f"/en{page}"
    answer = browser.get(switched["Location"])
    assert answer.status_code == 200
    assert answer["Content-Language"] == "en" and english in answer.text
    # The switcher of the English page sends its French address, and back to French it goes.
    assert f'name="next" type="hidden" value="{page}"' in answer.text
    back = browser.post(reverse("set_language"), {"language": "fr", "next": page})
    assert back["Location"] == page
    assert french in browser.get(back["Location"]).text


@pytest.mark.django_db
def test_links_of_an_english_page_stay_in_english(montreuil):
    organisation = OrganisationFactory(commune=montreuil, status="published")
    with translation.override("en"):
        assert organisation.get_absolute_url().startswith("/en/annuaire/")
    assert organisation.get_absolute_url().startswith("/annuaire/")
    english = Client().get(f"/en{organisation.get_absolute_url()}")
    assert english.status_code == 200
    assert 'href="/en/annuaire/' in english.text

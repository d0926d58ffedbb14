"""The site shell over HTTP: anonymous pages a shared cache can keep (no CSRF cookie,
`Cache-Control: public`), private answers for logged-in users and pages with forms,
Permissions-Policy, favicon, meta descriptions, and static files compressed with a long
cache lifetime."""

import html
import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings

from demo.home import ensure_home_page
from demo.home import load as load_home_demo
from guides.models import GuideIndexPage
from portal.settings import base as base_settings
from tests.accounts.factories import UserFactory
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.guides.factories import GuidePageFactory

pytestmark = pytest.mark.django_db

LONG_DESCRIPTION = (
    "Le service accompagne les locataires âgés dans leurs démarches d'adaptation du logement, "
    "de la première visite à domicile jusqu'à la fin des travaux, avec les bailleurs et les "
    "ergothérapeutes du secteur, sans aucun frais pour les familles concernées."
)


@pytest.fixture
def shell_pages(montreuil):
    """The four page types of the issue: home, search results, a service sheet, a guide."""
    load_home_demo()
    home = ensure_home_page()
    index = GuideIndexPage(title="Guides pratiques", slug="guides")
    home.add_child(instance=index)
    index.save_revision().publish()
    guide = GuidePageFactory(parent=index, summary="Les aménagements utiles et qui appeler.")
    organisation = OrganisationFactory(commune=montreuil, name="CCAS de Montreuil")
    service = ServiceFactory(organisation=organisation, description=LONG_DESCRIPTION)
    return {
        "home": "/",
        "search": "/recherche/?q=logement",
        "service": service.get_absolute_url(),
        "guide": guide.url,
    }


def description_of(response) -> str:
    found = re.search(r'<meta name="description" content="([^"]*)">', response.text)
    return html.unescape(found.group(1))


def test_anonymous_pages_without_forms_set_no_cookie_and_a_shared_cache_may_keep_them(
    shell_pages,
):
    for name, url in shell_pages.items():
        response = Client().get(url)
        assert response.status_code == 200, name
        assert not response.cookies, (name, response.cookies)
        assert "csrfmiddlewaretoken" not in response.text, name
        assert response["Cache-Control"] == "public, max-age=300", name
        # Neither a browser nor a proxy answers an htmx request with the full page.
        assert "HX-Request" in response["Vary"], name


@override_settings(PUBLIC_CACHE_MAX_AGE=30)
def test_the_public_cache_lifetime_is_a_setting(shell_pages):
    assert Client().get("/")["Cache-Control"] == "public, max-age=30"


@override_settings(PUBLIC_CACHE_MAX_AGE=0)
def test_no_public_cache_lifetime_when_it_is_zero(shell_pages):
    assert "Cache-Control" not in Client().get("/")


def test_logged_in_users_get_private_answers(shell_pages):
    client = Client()
    client.force_login(UserFactory())
    for name, url in shell_pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private, no-store", name


def test_a_page_with_a_form_is_private_to_its_visitor(shell_pages):
    response = Client().get("/offres/")  # the alert subscription form
    assert "csrftoken" in response.cookies
    assert response["Cache-Control"] == "private, no-store"
    # The login page keeps allauth's own never-cache header.
    login = Client().get("/comptes/login/")
    assert "no-store" in login["Cache-Control"] and "public" not in login["Cache-Control"]


def test_the_language_switch_is_a_link_that_works_without_a_form(shell_pages):
    french = Client().get(shell_pages["service"])
    english_url = f"/en{shell_pages['service']}"
    assert f'href="{english_url}" lang="en" hreflang="en"' in french.text
    english = Client().get(english_url)
    assert english["Content-Language"] == "en"
    assert f'href="{shell_pages["service"]}" lang="fr" hreflang="fr"' in english.text
    assert not english.cookies


def test_every_response_denies_unused_browser_features_and_allows_geolocation_here(
    shell_pages,
):
    for url in ("/", shell_pages["search"], "/comptes/login/", "/page-inconnue/"):
        policy = Client().get(url)["Permissions-Policy"]
        features = dict(part.split("=", 1) for part in policy.split(", "))
        assert features["geolocation"] == "(self)"
        for feature in ("camera", "microphone", "payment", "usb"):
            assert features[feature] == "()"


def test_every_page_names_a_favicon_that_exists(shell_pages):
    for url in [*shell_pages.values(), "/comptes/login/", "/page-inconnue/"]:
        html = Client().get(url).text
        icons = re.findall(r'<link rel="icon" href="/static/([^"]+)"', html)
        assert icons == ["img/favicon.svg", "img/favicon-32.png"], url
        assert all(finders.find(icon) for icon in icons)
    # Pages that name no icon (API docs, PDFs) make browsers ask for /favicon.ico.
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.ico"
    assert finders.find("img/favicon.ico")


def test_pages_describe_themselves_for_search_engines(shell_pages):
    client = Client()
    # Home: its intro; a guide: its summary; search: what was searched.
    assert description_of(client.get("/")).startswith("Trouver qui appeler")
    assert description_of(client.get(shell_pages["guide"])) == (
        "Les aménagements utiles et qui appeler."
    )
    assert "« logement »" in description_of(client.get(shell_pages["search"]))
    # A sheet: its description, cut at a word.
    service = description_of(client.get(shell_pages["service"]))
    assert service.endswith("…") and len(service) < len(LONG_DESCRIPTION)
    assert LONG_DESCRIPTION.startswith(service.removesuffix("…").rstrip())
    # Pages with nothing of their own: a French default.
    assert "Maillage met en réseau" in description_of(client.get("/comptes/login/"))


def test_an_organisation_without_description_is_described_by_its_name(montreuil):
    load_home_demo()
    organisation = OrganisationFactory(commune=montreuil, name="CLIC de Montreuil", description="")
    description = description_of(Client().get(organisation.get_absolute_url()))
    assert description.startswith("CLIC de Montreuil :")


def test_static_files_are_stored_compressed_under_hashed_names(tmp_path):
    """The storage of every mode but the tests (which run without collectstatic): hashed
    names with gzip and brotli copies, served compressed by whitenoise for a year."""
    storage = base_settings.STORAGES["staticfiles"]["BACKEND"]
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    with override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": storage}},
        STATIC_ROOT=tmp_path,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
        hashed = manifest["css/main.css"]
        assert re.fullmatch(r"css/main\.[0-9a-f]{12}\.css", hashed)
        assert (tmp_path / f"{hashed}.gz").exists() and (tmp_path / f"{hashed}.br").exists()
        with override_settings(MIDDLEWARE=["whitenoise.middleware.WhiteNoiseMiddleware"]):
            response = Client(headers={"accept-encoding": "br, gzip"}).get(f"/static/{hashed}")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"

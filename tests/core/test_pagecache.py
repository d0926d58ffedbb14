"""Anonymous page cache (core/pagecache.py): hits for anonymous visitors only, per language,
never replaying cookies, nonces or CSRF tokens, retired when content is published."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from core import pagecache
from tests.accounts.factories import UserFactory
from tests.directory.factories import OrganisationFactory
from tests.security.test_headers_uploads_retention import public_pages
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"
# A cacheable page with a form for anonymous visitors (the offers' alert subscription): the
# site's header has none (core/headers.py keeps pages without forms free of CSRF cookies).
FORM_PAGE = "/offres/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGECACHE_TIMEOUT = 60
    pagecache.bump_generation()  # entries of earlier tests (the Redis cache outlives them)


@pytest.fixture
def home():

    from demo import home as demo

    demo.load()
    from home.models import HomePage

    return HomePage.objects.get()


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


def tokens_of(response) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())


def without_secrets(response) -> str:
    html = response.content.decode().replace(nonce_of(response), "NONCE")
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1TOKEN", html)


def test_second_anonymous_get_is_a_hit_with_its_own_nonce_and_token(home):
    first = Client().get(FORM_PAGE)
    second = Client().get(FORM_PAGE)
    assert first.status_code == second.status_code == 200
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert without_secrets(first) == without_secrets(second)
    # The nonce of the hit is new and the one its CSP header allows.
    assert nonce_of(first) != nonce_of(second)
    assert f'nonce="{nonce_of(second)}"' in second.content.decode()
    assert nonce_of(first) not in second.content.decode()
    # Its CSRF tokens are this visitor's, not the first visitor's.
    assert tokens_of(second) and not set(tokens_of(second)) & set(tokens_of(first))
    assert second.headers["X-Frame-Options"] == "DENY"
    assert second.headers["Content-Language"] == "fr"


def test_head_is_served_from_the_cache(home):
    Client().get("/")
    response = Client().head("/")
    assert response.status_code == 200 and response[HEADER] == "hit"


def test_cookies_are_never_replayed(home):
    first = Client().get(FORM_PAGE)
    second = Client().get(FORM_PAGE)
    assert second[HEADER] == "hit"
    assert "sessionid" not in second.cookies
    # Each visitor gets a CSRF cookie of their own, set by CsrfViewMiddleware.
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_a_cached_page_form_still_posts_with_csrf_checks(home):
    Client().get(FORM_PAGE)  # stored by another visitor
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(FORM_PAGE)
    assert page[HEADER] == "hit"
    token = tokens_of(page)[0]
    response = visitor.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    forged = Client(enforce_csrf_checks=True)
    forged.get(FORM_PAGE)
    response = forged.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": "x" * 64}
    )
    assert response.status_code == 403


def test_no_page_leaks_across_languages(home):
    assert Client().get("/")[HEADER] == "miss"
    assert Client().get("/en/")[HEADER] == "miss"
    english = Client().get("/en/")
    assert english[HEADER] == "hit" and '<html lang="en"' in english.content.decode()
    french = Client().get("/")
    assert french[HEADER] == "hit" and '<html lang="fr"' in french.content.decode()
    # Unprefixed URLs are French whatever the browser asks (prefix_default_language=False):
    # the cache answers what the view would.
    asked_en = Client(headers={"accept-language": "en"}).get("/")
    assert '<html lang="fr"' in asked_en.content.decode()


def test_language_is_part_of_the_key():
    request = RequestFactory().get("/annuaire/?q=1")
    request.LANGUAGE_CODE = "fr"
    french = pagecache.cache_key(request)
    request.LANGUAGE_CODE = "en"
    assert pagecache.cache_key(request) != french
    request.COOKIES["large_print"] = "1"
    assert pagecache.cache_key(request) not in (french, pagecache.cache_key(request) + "x")


def test_logged_in_users_are_never_served_nor_stored(client, home):
    Client().get("/")
    user = UserFactory()
    client.force_login(user)
    response = client.get("/")
    assert HEADER not in response
    assert "Se déconnecter" in response.content.decode()
    # Nor was their page stored for anyone.
    anonymous = Client().get("/")
    assert anonymous[HEADER] == "hit"
    assert "Se déconnecter" not in anonymous.content.decode()
    assert "Se connecter" in anonymous.content.decode()


def test_a_session_with_data_bypasses_the_cache(home):
    visitor = Client()
    session = visitor.session
    session["anything"] = "per-visitor"
    session.save()
    visitor.cookies["sessionid"] = session.session_key
    Client().get("/")
    assert HEADER not in visitor.get("/")


def test_pending_messages_bypass_the_cache(home):
    Client().get("/")
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert HEADER not in visitor.get("/")


def test_publishing_a_page_retires_cached_pages(home):
    Client().get("/")
    assert Client().get("/")[HEADER] == "hit"
    home.title = "Maillage republié"
    home.seo_title = "Titre republié"
    home.save_revision().publish()
    response = Client().get("/")
    assert response[HEADER] == "miss"
    assert "Titre republié" in response.content.decode()


def test_saving_directory_content_retires_cached_pages(home):
    url = reverse("directory:home")
    Client().get(url)
    assert Client().get(url)[HEADER] == "hit"
    OrganisationFactory(name="Association toute neuve")
    assert Client().get(url)[HEADER] == "miss"


def test_query_string_is_part_of_the_key(home):
    url = reverse("search:search")
    one = Client().get(url, {"q": "aide"})
    other = Client().get(url, {"q": "logement"})
    assert one[HEADER] == other[HEADER] == "miss"
    assert Client().get(url, {"q": "aide"})[HEADER] == "hit"


def test_private_pages_are_not_cached(home):
    for url in (reverse("account_login"), reverse("orientation:index"), "/absente/"):
        Client().get(url)
        assert Client().get(url).get(HEADER) != "hit", url


def test_off_when_timeout_is_zero(settings, home):
    settings.PAGECACHE_TIMEOUT = 0
    Client().get("/")
    assert HEADER not in Client().get("/")


def test_responses_that_set_cookies_or_are_private_are_not_stored():
    request = RequestFactory().get("/")
    assert pagecache.cacheable_response(request, HttpResponse("<p>ok</p>"))
    with_cookie = HttpResponse("<p>ok</p>")
    with_cookie.set_cookie("choice", "1")
    assert not pagecache.cacheable_response(request, with_cookie)
    private = HttpResponse("<p>ok</p>", headers={"Cache-Control": "private"})
    assert not pagecache.cacheable_response(request, private)
    varying = HttpResponse("<p>ok</p>", headers={"Vary": "Cookie, Accept"})
    assert not pagecache.cacheable_response(request, varying)
    not_found = HttpResponse("<p>ok</p>", status=404)
    assert not pagecache.cacheable_response(request, not_found)


def test_secrets_are_cut_out_and_unknown_token_placements_refused():
    token_input = b'<input name="csrfmiddlewaretoken" value="' + b"a" * 64 + b'">'
    page = b'<script nonce="abc=">x</script>' + token_input + b"<p>abc</p>"
    parts, kinds = pagecache.split_secrets(page, "abc=")
    assert kinds == "nc"
    assert b"abc=" not in b"".join(parts) and b"a" * 64 not in b"".join(parts)
    assert pagecache.split_secrets(token_input + b"<p>csrfmiddlewaretoken</p>", None) is None


def test_every_public_page_type_hit_has_a_consistent_nonce(client):
    world = build_world()
    hits = 0
    for url in public_pages(world):
        Client().get(url, follow=True)
        response = Client().get(url, follow=True)
        if response.get(HEADER) != "hit":
            continue
        hits += 1
        nonce = nonce_of(response)
        html = response.content.decode()
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
            if "src=" in tag and "<script" in tag:
                continue
            assert f'nonce="{nonce}"' in tag, f"{url}: {tag}"
    assert hits >= 12

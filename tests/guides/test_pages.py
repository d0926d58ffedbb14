"""Guide pages: live contacts per commune, FALC links both ways, large print without JS,
index and filters, and the number of queries a page costs."""

import datetime as dt

import pytest
from django.urls import reverse

from guides.models import Audience, Theme
from guides.views import LARGE_PRINT_COOKIE
from tests.guides.factories import contact_value

from .conftest import make_guide


@pytest.mark.django_db
def test_guide_page_shows_the_nearest_contact_of_the_readers_commune(client, guide, services):
    response = client.get(guide.url, {"commune": "93048"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Point info autonomie de Montreuil" in html
    assert "01 48 70 60 00" in html
    assert 'href="tel:+33148706000"' in html
    assert "Conseil habitat seniors de Saint-Denis" not in html
    assert "/guides/adapter-son-logement/pdf?commune=93048" in html

    html = client.get(guide.url, {"commune": "Saint-Denis"}).content.decode()
    assert "Conseil habitat seniors de Saint-Denis" in html
    assert "Point info autonomie de Montreuil" not in html


@pytest.mark.django_db
def test_unknown_commune_gets_a_french_error_not_a_500(client, guide, services):
    response = client.get(guide.url, {"commune": "Atlantide"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nous ne connaissons pas la commune « Atlantide »" in html
    assert 'aria-invalid="true"' in html
    assert "Indiquez votre commune" in html


@pytest.mark.django_db
def test_contacts_are_live(client, guide, services):
    service = services["montreuil"]
    service.phone = "01 48 70 61 11"
    service.save()
    html = client.get(guide.url, {"commune": "93048"}).content.decode()
    assert "01 48 70 61 11" in html and "01 48 70 60 00" not in html


@pytest.mark.django_db
def test_falc_version_is_linked_both_ways(client, guide_index):
    falc = make_guide(
        guide_index,
        slug="adapter-mon-logement-facile",
        title="Adapter mon logement (facile à lire)",
        is_easy_read=True,
        proofread_by="l'atelier de relecture FALC",
        proofread_on=dt.date(2025, 3, 14),
    )
    full = make_guide(guide_index, slug="adapter-son-logement-complet", falc_version=falc)
    assert falc.standard_version.pk == full.pk
    assert full.live_falc_version.pk == falc.pk

    html = client.get(full.url).content.decode()
    assert f'href="{falc.url}"' in html
    assert "Lire la version facile à lire et à comprendre (FALC)" in html

    html = client.get(falc.url).content.decode()
    assert f'href="{full.url}"' in html
    assert "Lire la version complète de ce guide" in html
    assert "Relu par l&#x27;atelier de relecture FALC le 14 mars 2025." in html

    # An unpublished FALC version is not offered.
    falc.unpublish()
    html = client.get(full.url).content.decode()
    assert "Lire la version facile à lire" not in html


@pytest.mark.django_db
def test_falc_version_cannot_point_to_itself(guide):
    from django.core.exceptions import ValidationError

    guide.falc_version = guide
    with pytest.raises(ValidationError):
        guide.full_clean()


@pytest.mark.django_db
def test_large_print_toggle_works_without_javascript(client, guide):
    html = client.get(guide.url).content.decode()
    assert '<html lang="fr" dir="ltr" class="no-js">' in html
    assert f'action="{reverse("guides:large_print")}"' in html

    response = client.post(reverse("guides:large_print"), {"large_print": "1", "next": guide.url})
    assert response.status_code == 302 and response["Location"] == guide.url
    assert response.cookies[LARGE_PRINT_COOKIE].value == "1"
    html = client.get(guide.url).content.decode()
    assert '<html lang="fr" dir="ltr" class="no-js large-print">' in html
    assert 'aria-pressed="true"' in html

    response = client.post(reverse("guides:large_print"), {"large_print": "0", "next": guide.url})
    assert response.cookies[LARGE_PRINT_COOKIE].value == ""
    html = client.get(guide.url).content.decode()
    assert '<html lang="fr" dir="ltr" class="no-js">' in html


@pytest.mark.django_db
def test_large_print_refuses_foreign_redirects(client):
    response = client.post(
        reverse("guides:large_print"), {"large_print": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("guides:index")
    assert client.get(reverse("guides:large_print")).status_code == 405


@pytest.mark.django_db
def test_guides_index_route_serves_the_index_and_filters(client, guide_index, services):
    home_guide = make_guide(guide_index)
    gardien_guide = make_guide(
        guide_index,
        slug="reperer-les-fragilites",
        title="Repérer les fragilités",
        theme=Theme.FRAILTY,
        audiences=[Audience.GARDIENS],
    )
    home_link, gardien_link = f'href="{home_guide.url}"', f'href="{gardien_guide.url}"'
    url = reverse("guides:index")
    assert url == guide_index.url == "/guides/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert home_link in html and gardien_link in html
    html = client.get(url, {"audience": Audience.GARDIENS}).content.decode()
    assert gardien_link in html and home_link not in html
    html = client.get(url, {"theme": Theme.HOME_ADAPTATION}).content.decode()
    assert gardien_link not in html and home_link in html
    # A bad filter value is a form error, not a 500; the list stays whole.
    response = client.get(url, {"theme": "n-importe-quoi"})
    assert response.status_code == 200
    assert gardien_link in response.content.decode()


@pytest.mark.django_db
def test_guide_page_query_count_does_not_grow_with_contact_blocks(
    client, guide_index, services, django_assert_max_num_queries
):
    one = make_guide(guide_index, slug="un-contact")
    many = make_guide(
        guide_index,
        slug="plusieurs-contacts",
        body=[
            {"type": "contact", "value": contact_value(mode="chosen", service=s.pk)}
            for s in services.values()
        ]
        + [{"type": "contact", "value": contact_value()}],
    )
    client.get(one.url, {"commune": "93048"})  # warm the site and settings caches
    with django_assert_max_num_queries(20) as one_queries:
        client.get(one.url, {"commune": "93048"})
    with django_assert_max_num_queries(24) as many_queries:
        response = client.get(many.url, {"commune": "93048"})
    assert response.content.decode().count("guide-contact__entry") == 4
    # Three chosen services: loaded together, not one query each.
    assert len(many_queries.captured_queries) - len(one_queries.captured_queries) <= 3


@pytest.mark.django_db
def test_guide_editor_opens_in_the_admin(client, guide_index, guide, services):
    from accounts.models import User

    admin = User.objects.create_superuser("admin@example.org", "un-mot-de-passe-solide")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{guide.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Facile à lire et à comprendre (FALC)" in html
    response = client.get(f"/admin/pages/add/guides/guidepage/{guide_index.pk}/")
    assert response.status_code == 200
    # The choosers offer published entries only.
    from directory.vocabularies import Status

    services["bobigny"].status = Status.DRAFT
    services["bobigny"].save()
    html = client.get("/admin/guides/choisir-service/").content.decode()
    assert "Point info autonomie de Montreuil" in html
    assert "Permanence adaptation du CLIC de Bobigny" not in html
    html = client.get("/admin/guides/choisir-service/results/", {"q": "Saint-Denis"}).content
    assert "Conseil habitat seniors de Saint-Denis" in html.decode()
    assert "Point info autonomie" not in html.decode()
    response = client.get("/admin/guides/choisir-terme/", {"q": "CCAS"})
    assert response.status_code == 200

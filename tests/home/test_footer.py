"""The footer (emergency numbers, contact) is on every page: read from the cache, and
retired from it as soon as the site settings or their numbers change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from demo.home import load as load_home
from home.context_processors import FOOTER_GENERATION_KEY, FooterData
from home.models import EmergencyNumber, SiteSettings

pytestmark = pytest.mark.django_db


def footer_queries(client, url="/recherche/"):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    queries = [
        q["sql"]
        for q in captured.captured_queries
        if "home_sitesettings" in q["sql"] or "home_emergencynumber" in q["sql"]
    ]
    return page, queries


def test_footer_is_cached_and_follows_every_change(client):
    load_home()
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))

    page, queries = footer_queries(client)
    assert 'href="tel:15"' in page and "contact@maillage.example" in page
    assert queries  # first page: read from the database
    page, queries = footer_queries(client)
    assert 'href="tel:15"' in page
    assert queries == []  # then from the cache

    settings_row.footer_text = "Portail du Département de la Seine-Saint-Denis"
    settings_row.save()
    page, _ = footer_queries(client)
    assert "Portail du Département de la Seine-Saint-Denis" in page

    EmergencyNumber.objects.filter(settings=settings_row, number="15").delete()
    page, _ = footer_queries(client)
    assert 'href="tel:15"' not in page and 'href="tel:18"' in page

    EmergencyNumber.objects.create(settings=settings_row, number="3977", label="Maltraitance")
    page, _ = footer_queries(client)
    assert 'href="tel:3977"' in page


def test_a_forged_host_is_read_from_the_database_and_never_becomes_a_cache_key(rf):
    load_home()
    cache.delete_many(["site-footer:evil.example", "site-footer:testserver"])
    footer = FooterData(rf.get("/", HTTP_HOST="evil.example"))
    assert footer.settings.contact_email == "contact@maillage.example"
    assert [n.number for n in footer.emergency_numbers][:2] == ["15", "17"]
    assert cache.get("site-footer:evil.example") is None
    # A valid host is cached, under the current generation.
    assert FooterData(rf.get("/")).settings is not None
    generation, (settings_row, numbers) = cache.get("site-footer:testserver")
    assert generation == cache.get(FOOTER_GENERATION_KEY)
    assert settings_row.contact_email == "contact@maillage.example" and len(numbers) >= 2

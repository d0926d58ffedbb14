"""/sitemap.xml lists every public page once, one sitemap per kind, and nothing a visitor may
not read (drafts, private pages, merged duplicates, calls for projects not yet published);
robots.txt points to it."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from demo.home import ensure_home_page
from directory.vocabularies import Status
from events.models import EventIndexPage
from funding.models import Status as CallStatus
from guides.models import GuideIndexPage
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.events.factories import EventPageFactory
from tests.funding.factories import CallFactory
from tests.guides.factories import GuidePageFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(content: bytes) -> ET.Element:
    # Our own sitemap, rendered by the test itself: not untrusted input.
    return ET.fromstring(content)  # noqa: S314


def sitemap_paths(client) -> list[str]:
    """The path of every <loc> of every sitemap the index lists (repeats kept)."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    paths = []
    for loc in parse(index.content).iter(f"{SITEMAP}loc"):
        section = client.get(urlsplit(loc.text).path)
        assert section.status_code == 200, loc.text
        paths += [urlsplit(url.text).path for url in parse(section.content).iter(f"{SITEMAP}loc")]
    return paths


@pytest.fixture
def site(db, montreuil):
    """Public pages of each kind, and what must stay out of the sitemap."""
    home = ensure_home_page()
    guides = GuideIndexPage(title="Guides pratiques", slug="guides")
    home.add_child(instance=guides)
    guides.save_revision().publish()
    agenda = EventIndexPage(title="Agenda", slug="evenements")
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
    organisation = OrganisationFactory(name="Maison des aidants", commune=montreuil)
    private = GuidePageFactory(parent=guides, slug="guide-reserve", title="Guide réservé")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    merged = OrganisationFactory(name="Doublon", commune=montreuil)
    merged.merged_into = organisation
    merged.save()
    return {
        "public": {
            "/",
            guides.url,
            agenda.url,
            GuidePageFactory(parent=guides).url,
            EventPageFactory(parent=agenda, organiser=organisation).url,
            organisation.get_absolute_url(),
            ServiceFactory(organisation=organisation, name="Répit").get_absolute_url(),
            CallFactory(
                status=CallStatus.PUBLISHED, published_at=timezone.now()
            ).get_absolute_url(),
            reverse("directory:home"),
            reverse("search:search"),
            reverse("orientation:index"),
            reverse("events:index"),
            reverse("funding:list"),
        },
        "hidden": {
            private.url,
            GuidePageFactory(parent=guides, slug="brouillon", live=False, publish=False).url,
            OrganisationFactory(name="Brouillon", status=Status.DRAFT).get_absolute_url(),
            ServiceFactory(
                organisation=OrganisationFactory(name="Autre brouillon", status=Status.DRAFT)
            ).get_absolute_url(),
            merged.get_absolute_url(),
            CallFactory(status=CallStatus.DRAFT).get_absolute_url(),
        },
    }


def test_the_sitemaps_list_every_public_page_once_and_nothing_else(client, site):
    paths = sitemap_paths(client)
    repeated = sorted({path for path in paths if paths.count(path) > 1})
    assert not repeated, repeated
    assert site["public"] <= set(paths), sorted(site["public"] - set(paths))
    assert not site["hidden"] & set(paths), sorted(site["hidden"] & set(paths))


def test_the_sitemap_index_has_one_sitemap_per_kind(client, site):
    index = parse(client.get("/sitemap.xml").content)
    sections = [urlsplit(loc.text).path for loc in index.iter(f"{SITEMAP}loc")]
    assert sections == [
        "/sitemap-pages.xml",
        "/sitemap-organisations.xml",
        "/sitemap-services.xml",
        "/sitemap-appels-a-projets.xml",
        "/sitemap-rubriques.xml",
    ]


def test_robots_txt_points_to_the_sitemap_index(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()
    assert "Disallow: /mon-espace/" in response.content.decode()

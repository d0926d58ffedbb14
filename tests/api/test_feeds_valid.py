"""Every feed is valid (issue #19 item 5): feedparser reads each RSS and Atom variant without
complaint (`bozo == 0`), and the Atom feeds follow RFC 4287's MUSTs that can be checked
offline: a feed has an id, a title, an updated date and an author (or every entry has one);
each entry has an id, a title, an updated date and a link; feed ids are unique across all
feeds; plain-text summaries are declared as text. The pages that list the same things
announce their feeds."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Status as CallStatus
from tests.funding.factories import CallFactory

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    ("services", {}),
    ("services_departement", {"departement": "93"}),
    ("services_commune", {"insee": "93066"}),
    ("events", {}),
    ("events_departement", {"departement": "93"}),
    ("events_commune", {"insee": "93066"}),
    ("calls", {}),
    ("calls_departement", {"departement": "93"}),
]


def parse(content: bytes) -> ET.Element:
    # Our own feed, rendered by the test itself: not untrusted input.
    return ET.fromstring(content)  # noqa: S314


@pytest.fixture
def calls(db):
    now = timezone.now()
    return {
        "open": CallFactory(
            title="Prévention de la perte d'autonomie",
            summary="Actions collectives < 10 000 € & ateliers.",
            status=CallStatus.PUBLISHED,
            published_at=now - timedelta(days=1),
        ),
        "draft": CallFactory(title="Appel en préparation", status=CallStatus.DRAFT),
        "past": CallFactory(
            title="Appel échu",
            status=CallStatus.PUBLISHED,
            published_at=now - timedelta(days=60),
            deadline=now - timedelta(days=1),
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_each_feed_reads_without_error_in_rss_and_atom(client, directory, calls, name, kwargs):
    for variant in (name, f"{name}_atom"):
        response = client.get(reverse(f"feeds:{variant}", kwargs=kwargs))
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, (variant, parsed.get("bozo_exception"))
        assert parsed.entries, variant


@pytest.mark.django_db
def test_atom_feeds_meet_rfc_4287_and_each_has_its_own_id(client, directory, calls):
    feed_ids = []
    for name, kwargs in FEEDS:
        url = reverse(f"feeds:{name}_atom", kwargs=kwargs)
        root = parse(client.get(url).content)
        feed_ids.append(root.findtext(f"{ATOM}id"))
        assert root.findtext(f"{ATOM}id") == f"http://testserver{url}"
        assert root.findtext(f"{ATOM}title")
        assert root.findtext(f"{ATOM}updated")
        assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Maillage"
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"http://testserver{url}"
        entry_ids = []
        for entry in root.findall(f"{ATOM}entry"):
            entry_ids.append(entry.findtext(f"{ATOM}id"))
            assert entry.findtext(f"{ATOM}id").startswith("http://testserver/")
            assert entry.findtext(f"{ATOM}title")
            assert entry.findtext(f"{ATOM}updated")
            assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
            assert entry.find(f"{ATOM}summary").get("type") == "text", url
        assert len(entry_ids) == len(set(entry_ids)), url
    assert len(feed_ids) == len(set(feed_ids)), feed_ids


@pytest.mark.django_db
def test_the_calls_feed_lists_open_calls_only_with_their_text_as_is(client, calls):
    root = parse(client.get(reverse("feeds:calls_atom")).content)
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Prévention de la perte d'autonomie"
    call_url = f"http://testserver{calls['open'].get_absolute_url()}"
    assert entry.findtext(f"{ATOM}id") == call_url
    assert "Actions collectives < 10 000 € & ateliers." in entry.findtext(f"{ATOM}summary")
    parsed = feedparser.parse(client.get(reverse("feeds:calls")).content)
    assert [item.title for item in parsed.entries] == ["Prévention de la perte d'autonomie"]
    assert parsed.entries[0].link == call_url
    assert client.get(reverse("feeds:calls_departement", args=["75"])).status_code == 404


def alternate_links(response) -> set[tuple[str, str]]:
    html = response.content.decode()
    return {
        (kind, href)
        for kind in ("application/rss+xml", "application/atom+xml")
        for href in _hrefs(html, kind)
    }


def _hrefs(html: str, kind: str) -> list[str]:
    hrefs = []
    for tag in html.split("<link ")[1:]:
        tag = tag.split(">", 1)[0]
        if 'rel="alternate"' in tag and f'type="{kind}"' in tag:
            hrefs.append(tag.split('href="', 1)[1].split('"', 1)[0])
    return hrefs


@pytest.mark.django_db
def test_pages_announce_their_feeds(client, directory, calls, saint_denis):
    pages = {
        reverse("directory:home"): {"/flux/services/", "/flux/services/atom/"},
        reverse("directory:commune", args=[saint_denis.slug]): {
            "/flux/services/93066/",
            "/flux/services/93066/atom/",
            "/flux/evenements/93066/",
            "/flux/evenements/93066/atom/",
        },
        reverse("events:index"): {"/flux/evenements/", "/flux/evenements/atom/"},
        reverse("events:commune", args=[saint_denis.slug]): {
            "/flux/evenements/93066/",
            "/flux/evenements/93066/atom/",
        },
        directory["event"].get_parent().url: {"/flux/evenements/", "/flux/evenements/atom/"},
        reverse("funding:list"): {"/flux/appels-a-projets/", "/flux/appels-a-projets/atom/"},
    }
    for url, feeds in pages.items():
        links = alternate_links(client.get(url))
        assert feeds <= {href for _kind, href in links}, (url, links)
        assert {kind for kind, _href in links} == {"application/rss+xml", "application/atom+xml"}

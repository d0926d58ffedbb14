"""The call, email and directions links of sheets, « Qui appeler ? » answers and search cards
carry their count URL (`ping`, taken over by count.js); the links work as before."""

import html
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PING = re.compile(r'<a href="([^"]+)"[^>]* ping="([^"]+)" data-count-click>')


def pings(page: str) -> dict[str, str]:
    """{href: ping URL} of the counted links of a page."""
    return {html.unescape(href): html.unescape(ping) for href, ping in PING.findall(page)}


def test_an_organisation_sheet_counts_its_call_email_and_directions_links(client, montreuil):
    organisation = OrganisationFactory(commune=montreuil, latitude=48.86, longitude=2.44)
    page = client.get(organisation.get_absolute_url()).content.decode()
    found = pings(page)
    query = f"k=organisation&id={organisation.pk}"
    assert found["tel:+33148000000"] == f"http://testserver/compter/?m=click_call&{query}"
    assert (
        found[f"mailto:{organisation.email}"] == f"http://testserver/compter/?m=click_email&{query}"
    )
    directions = [url for href, url in found.items() if href.startswith(("geo:", "https://"))]
    assert directions and set(directions) == {
        f"http://testserver/compter/?m=click_directions&{query}"
    }
    assert "js/count.js" in page


def test_a_service_sheet_and_a_search_card_count_the_call_of_that_service(
    client, montreuil, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # indexed for the search
        service = ServiceFactory(
            name="Portage de repas zygomatique", commune=montreuil, organisation__commune=montreuil
        )
    expected = f"http://testserver/compter/?m=click_call&k=service&id={service.pk}"
    sheet = client.get(service.get_absolute_url()).content.decode()
    assert pings(sheet)["tel:+33148111111"] == expected
    results = client.get(reverse("search:search"), {"q": "zygomatique"}).content.decode()
    assert "Portage de repas zygomatique" in results
    assert pings(results)["tel:+33148111111"] == expected


def test_only_click_metrics_and_directory_entries_get_a_count_url():
    template = Template('{% load click_counts %}<a href="#"{% count_click metric kind pk %}>')
    assert template.render(Context({"metric": "click_call", "kind": "offer", "pk": 3})) == (
        '<a href="#">'
    )
    with pytest.raises(ValueError, match="Not a click metric"):
        template.render(Context({"metric": "sheet_view", "kind": "service", "pk": 3}))

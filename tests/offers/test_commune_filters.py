"""The commune filters of the offers (list and API) and of the agenda: communes of the served
départements as the setting says when the form is built, listed by name, and a commune's
département taken from the Commune table (974, 2A), never from its first two digits."""

import pytest
from django.urls import reverse

from events.forms import EventFilterForm
from offers.filters import OfferFilterForm, PremisesFilterForm
from offers.forms import PremisesForm
from tests.directory.factories import CommuneFactory

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reunion(settings):
    settings.MAILLAGE_DEPARTEMENTS = ["974"]
    return CommuneFactory(
        insee_code="97411", name="Saint-Denis", slug="saint-denis-974", departement_code="974"
    )


def test_a_portal_serving_la_reunion_lists_its_communes_by_name_in_every_commune_filter(reunion):
    for form in (OfferFilterForm(), PremisesFilterForm(), EventFilterForm()):
        assert [label for _, label in form.fields["commune"].choices][1:] == ["Saint-Denis"]
    assert [label for _, label in PremisesForm().fields["commune"].choices][1:] == ["Saint-Denis"]


def test_an_offer_for_all_of_la_reunion_is_found_from_saint_denis_in_the_list_and_the_api(
    client, reunion
):
    offer = OfferFactory(title="Café social réunionnais", coverage_departement="974")
    OfferFactory(title="Café social du 97", coverage_departement="97")

    response = client.get(reverse("offers:home"), {"commune": "97411"})
    assert [o.pk for o in response.context["page"].object_list] == [offer.pk]

    body = client.get("/api/v1/offres", {"commune": "97411"}).json()
    assert [item["id"] for item in body["results"]] == [offer.pk]

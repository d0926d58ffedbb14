"""Public directory pages: published entries only, professional-only contacts, query counts."""

import pytest
from django.conf import settings
from django.urls import reverse

from directory.vocabularies import Category, Status
from tests.accounts.factories import UserFactory
from tests.directory.factories import (
    ItineraryStopFactory,
    MembershipFactory,
    OrganisationFactory,
    ServiceFactory,
    real_commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(saint_denis):
    return saint_denis


@pytest.fixture
def organisation(commune):
    return OrganisationFactory(name="CCAS de Saint-Denis", commune=commune, postcode="93200")


def test_home_lists_categories_with_counts_and_communes(client, organisation):
    ServiceFactory.create_batch(2, organisation=organisation, categories=[Category.LIEN_SOCIAL])
    ServiceFactory(
        organisation=organisation, categories=[Category.LIEN_SOCIAL], status=Status.DRAFT
    )
    response = client.get(reverse("directory:home"))
    assert response.status_code == 200
    categories = {c["slug"]: c["count"] for c in response.context["categories"]}
    assert categories[Category.LIEN_SOCIAL] == 2  # the draft is not counted
    assert categories[Category.HANDICAP] == 0
    assert reverse("directory:commune", args=["saint-denis"]) in response.text


def test_organisation_page_shows_contact_hours_and_published_services(client, organisation):
    ServiceFactory(organisation=organisation, name="Portage de repas")
    ServiceFactory(organisation=organisation, name="Service en préparation", status=Status.DRAFT)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert 'href="tel:+33148000000"' in html
    assert "01 48 00 00 00" in html
    assert "Portage de repas" in html
    assert "Service en préparation" not in html
    assert "Horaires des 7 prochains jours" in html


def test_organisation_page_shows_tags(client, organisation):
    organisation.tags.add("portage de repas", "aide sociale")
    html = client.get(organisation.get_absolute_url()).text
    assert "portage de repas" in html and "aide sociale" in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_unpublished_entries_are_not_public(client, commune, status):
    organisation = OrganisationFactory(commune=commune, status=status)
    service = ServiceFactory(organisation=OrganisationFactory(commune=commune), status=status)
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert client.get(service.get_absolute_url()).status_code == 404


def test_service_of_unpublished_organisation_is_not_public(client, commune):
    service = ServiceFactory(organisation=OrganisationFactory(commune=commune, status=Status.DRAFT))
    assert client.get(service.get_absolute_url()).status_code == 404


def test_professional_only_contact_hidden_from_visitors_shown_to_professionals(
    client, organisation
):
    service = ServiceFactory(
        organisation=organisation,
        phone="01 49 33 22 11",
        email="equipe-mobile@exemple.fr",
        contact_is_professional_only=True,
    )
    visitor_html = client.get(service.get_absolute_url()).text
    assert "+33149332211" not in visitor_html
    assert "equipe-mobile@exemple.fr" not in visitor_html
    assert "réservées aux professionnels" in visitor_html

    # A logged-in user without any membership is not a professional either.
    client.force_login(UserFactory())
    assert "equipe-mobile@exemple.fr" not in client.get(service.get_absolute_url()).text

    gardien = MembershipFactory(role="gardien").user
    client.force_login(gardien)
    pro_html = client.get(service.get_absolute_url()).text
    assert 'href="tel:+33149332211"' in pro_html
    assert "01 49 33 22 11" in pro_html
    assert "equipe-mobile@exemple.fr" in pro_html


def test_public_contact_visible_to_visitors(client, organisation):
    service = ServiceFactory(organisation=organisation, phone="0148111111")
    html = client.get(service.get_absolute_url()).text
    assert 'href="tel:+33148111111"' in html


def test_mobile_team_stops_are_listed(client, organisation, commune):
    service = ServiceFactory(organisation=organisation, name="Bus santé")
    ItineraryStopFactory(service=service, place_label="Marché de la Basilique", commune=commune)
    html = client.get(service.get_absolute_url()).text
    assert "Marché de la Basilique" in html


def test_commune_page_lists_local_and_named_services(client, commune, organisation):
    elsewhere = real_commune("Aubervilliers")
    local = ServiceFactory(organisation=organisation, name="Aide locale")
    named = ServiceFactory(
        organisation=OrganisationFactory(commune=elsewhere, postcode="93300"),
        name="Service intercommunal",
        eligibility_zone=["93066"],
    )
    other = ServiceFactory(
        organisation=OrganisationFactory(commune=elsewhere, postcode="93300"),
        name="Service d'Aubervilliers",
        eligibility_zone=["93001"],
    )
    response = client.get(reverse("directory:commune", args=[commune.slug]))
    names = [s.name for s in response.context["page_obj"].object_list]
    assert names == [local.name, named.name]  # located here first
    assert other.name not in response.text


def test_category_page_filters_by_commune(client, commune, organisation):
    elsewhere = real_commune("Aubervilliers")
    ServiceFactory(
        organisation=organisation, name="Répit Saint-Denis", categories=["repit-aidants"]
    )
    ServiceFactory(
        organisation=OrganisationFactory(commune=elsewhere, postcode="93300"),
        name="Répit Aubervilliers",
        categories=["repit-aidants"],
        eligibility_zone=["93001"],
    )
    url = reverse("directory:category", args=["repit-aidants"])
    assert {s.name for s in client.get(url).context["page_obj"].object_list} == {
        "Répit Saint-Denis",
        "Répit Aubervilliers",
    }
    filtered = client.get(url, {"commune": commune.slug}).context["page_obj"].object_list
    assert [s.name for s in filtered] == ["Répit Saint-Denis"]
    assert client.get(reverse("directory:category", args=["inconnue"])).status_code == 404


def test_list_pages_paginate(client, organisation):
    ServiceFactory.create_batch(25, organisation=organisation, categories=["lien-social"])
    url = reverse("directory:category", args=["lien-social"])
    first = client.get(url)
    assert len(first.context["page_obj"].object_list) == 20
    assert 'rel="next"' in first.text
    second = client.get(url, {"page": 2})
    assert len(second.context["page_obj"].object_list) == 5
    # A bad page number is not an error.
    assert client.get(url, {"page": "abc"}).status_code == 200


@pytest.fixture
def busy_directory(commune, organisation):
    """Enough rows that an N+1 query would show."""
    for index in range(12):
        service = ServiceFactory(
            organisation=OrganisationFactory(commune=commune, postcode="93200"),
            name=f"Service numéro {index}",
            categories=["lien-social"],
            eligibility_zone=["93066"],
        )
        service.tags.add("seniors", f"mot{index}")
        ItineraryStopFactory(service=service, commune=commune)
    for index in range(6):
        ServiceFactory(organisation=organisation, name=f"Service du CCAS {index}")
    organisation.tags.add("ccas", "aide sociale")
    return organisation


# Members of an organisation have Wagtail admin access: the shared base template then renders
# the Wagtail user bar, which loads their permissions and admin profile (and the session may
# come from the database). That cost belongs to the site shell, not to the directory pages.
ADMIN_SHELL_QUERIES = {"visitor": 0, "gardien": 0, "member": 4}


@pytest.mark.parametrize("role", ["visitor", "gardien", "member"])
def test_pages_stay_within_ten_queries(
    client, busy_directory, commune, django_assert_max_num_queries, role
):
    if role != "visitor":
        client.force_login(MembershipFactory(organisation=busy_directory, role=role).user)
    # The first request creates per-site and per-user rows once (settings, admin profile).
    client.get(reverse("directory:home"))
    service = busy_directory.services.first()
    ItineraryStopFactory.create_batch(3, service=service, commune=commune)
    urls = [
        reverse("directory:home"),
        busy_directory.get_absolute_url(),
        service.get_absolute_url(),
        reverse("directory:commune", args=[commune.slug]),
        reverse("directory:commune", args=[commune.slug]) + "?categorie=lien-social",
        reverse("directory:category", args=["lien-social"]),
        reverse("directory:category", args=["lien-social"]) + f"?commune={commune.slug}",
    ]
    for url in urls:
        with django_assert_max_num_queries(10 + ADMIN_SHELL_QUERIES[role], info=url):
            response = client.get(url)
        assert response.status_code == 200, url


def test_a_time_range_of_the_week_ahead_stays_on_one_line(client, organisation):
    """At phone width « 9 h – 12 h 30, 14 h – 17 h 30 » broke inside a range (« 14 » at a
    line's end, « h – 17 h 30 » below): each range is kept whole, the comma may break."""
    organisation.opening_hours = "Mo-Su 09:00-12:30,14:00-17:30"
    organisation.save()
    html = client.get(organisation.get_absolute_url()).text
    assert html.count('<span class="directory-week__range">9 h – 12 h 30</span>, ') == 7
    assert html.count('<span class="directory-week__range">14 h – 17 h 30</span>') == 7
    css = (settings.BASE_DIR / "static/css/directory.css").read_text()
    assert ".directory-week__range { white-space: nowrap; }" in css

"""Favourite services: POST toggle without JavaScript, the list page, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.vocabularies import Status
from orientation.models import Favourite
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.orientation.factories import FavouriteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("gardien@example.org", "x")


@pytest.fixture
def service(montreuil):
    return ServiceFactory(
        organisation=OrganisationFactory(typology="CCAS", commune=montreuil),
        name="Visites à domicile du CCAS",
        thematiques=["remobilisation--lien-social"],
    )


def toggle(client, service, next_url=""):
    return client.post(
        reverse("orientation:toggle_favourite", args=[service.slug]), {"next": next_url}
    )


def test_anonymous_users_are_sent_to_login(client, service):
    response = toggle(client, service)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Favourite.objects.exists()
    assert client.get(reverse("orientation:favourites")).status_code == 302


def test_get_is_not_allowed(client, user, service):
    client.force_login(user)
    url = reverse("orientation:toggle_favourite", args=[service.slug])
    assert client.get(url).status_code == 405


def test_star_and_unstar(client, user, service):
    client.force_login(user)
    back = reverse("orientation:index") + "?situation=isolement&commune=Montreuil"
    response = toggle(client, service, back)
    assert response["Location"] == back
    assert Favourite.objects.filter(user=user, service=service).count() == 1
    page = client.get(reverse("orientation:favourites")).content.decode()
    assert "Visites à domicile du CCAS" in page
    assert "Retirer des favoris" in page
    toggle(client, service, back)
    assert not Favourite.objects.exists()


def test_foreign_next_is_ignored(client, user, service):
    client.force_login(user)
    response = toggle(client, service, "https://evil.example/")
    assert response["Location"] == reverse("orientation:favourites")


def test_unpublished_service_cannot_be_starred_and_drops_from_list(client, user, service):
    client.force_login(user)
    toggle(client, service)
    draft = ServiceFactory(organisation=service.organisation, status=Status.DRAFT)
    assert toggle(client, draft).status_code == 404
    service.status = Status.ARCHIVED
    service.save()
    assert (
        "Visites à domicile" not in client.get(reverse("orientation:favourites")).content.decode()
    )


def test_list_query_count_does_not_grow(client, user, montreuil):
    def add(count):
        for _ in range(count):
            FavouriteFactory(
                user=user,
                service=ServiceFactory(organisation=OrganisationFactory(commune=montreuil)),
            )

    add(1)
    client.force_login(user)
    client.get(reverse("orientation:favourites"))  # warm the glossary cache
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("orientation:favourites"))
    add(11)
    with CaptureQueriesContext(connection) as twelve:
        response = client.get(reverse("orientation:favourites"))
    assert response.content.decode().count("Retirer des favoris") == 12
    assert len(twelve) == len(one) <= 14


def test_results_and_call_sheet_offer_the_star(client, user, service):
    client.force_login(user)
    sheet = client.get(reverse("orientation:call_sheet", args=[service.slug])).content.decode()
    assert reverse("orientation:toggle_favourite", args=[service.slug]) in sheet
    assert "Ajouter aux favoris" in sheet
    results = client.get(
        reverse("orientation:index"), {"situation": "isolement", "commune": "Montreuil"}
    ).content.decode()
    assert reverse("orientation:toggle_favourite", args=[service.slug]) in results

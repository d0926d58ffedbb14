"""« Mon espace → Modules à intégrer »: a partner's members who edit its entries create, edit
and revoke its widgets and copy their embed code; nobody else sees them."""

import html as htmllib

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from directory.models import MembershipRole, OrganisationKind
from tests.accounts.factories import UserFactory
from tests.directory.factories import MembershipFactory, OrganisationFactory
from widgets.models import Widget

from .factories import WidgetFactory

pytestmark = pytest.mark.django_db


def member(organisation, role=MembershipRole.MEMBER) -> Client:
    client = Client()
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)
    return client


@pytest.fixture
def landlord(montreuil):
    return OrganisationFactory(
        name="Est Habitat", kind=OrganisationKind.LANDLORD, commune=montreuil
    )


def test_a_member_creates_a_widget_and_copies_its_embed_code(landlord, montreuil):
    client = member(landlord)
    response = client.post(
        reverse("widgets:create"),
        {
            "organisation": landlord.pk,
            "name": "Qui appeler à Montreuil ?",
            "communes": [montreuil.insee_code],
            "kinds": ["service", "organisation"],
            "language": "fr",
            "allowed_origins": "HTTPS://www.Est-Habitat.fr/\nhttp://localhost:8080",
        },
    )
    widget = Widget.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("widgets:edit", args=[widget.pk])
    assert widget.organisation == landlord
    assert widget.allowed_origins == ["https://www.est-habitat.fr", "http://localhost:8080"]
    assert widget.communes == [montreuil.insee_code]
    page = htmllib.unescape(client.get(response["Location"]).content.decode())
    src = f"{settings.SITE_URL}/widget/{widget.token}/"
    assert f'<iframe src="{src}" title="Qui appeler à Montreuil ?"' in page
    assert f'<script src="{settings.SITE_URL}/static/js/widget.js" defer></script>' in page
    # Listed with its sites; the commune is shown by its name in the form.
    listing = client.get(reverse("widgets:list")).content.decode()
    assert "Qui appeler à Montreuil ?" in listing and "https://www.est-habitat.fr" in listing
    assert "Montreuil" in client.get(response["Location"]).content.decode()


def test_the_embed_code_escapes_the_widgets_name(landlord):
    widget = WidgetFactory(organisation=landlord, name='Le "bon" numéro <vite>')
    page = member(landlord).get(reverse("widgets:edit", args=[widget.pk])).content.decode()
    # Shown escaped in the textarea, so the copied code carries a valid attribute.
    assert "title=&quot;Le &amp;quot;bon&amp;quot; numéro &amp;lt;vite&amp;gt;&quot;" in page


def test_bad_origins_are_refused_with_a_clear_error(landlord):
    response = member(landlord).post(
        reverse("widgets:create"),
        {
            "organisation": landlord.pk,
            "name": "Module",
            "language": "fr",
            "allowed_origins": "http://www.est-habitat.fr\nhttps://*.est-habitat.fr",
        },
    )
    assert response.status_code == 400
    text = htmllib.unescape(response.content.decode())
    assert "seul https:// est accepté" in text
    assert "les jokers (*) ne sont pas acceptés" in text
    assert not Widget.objects.exists()


def test_a_widget_is_made_only_for_an_organisation_the_user_manages(landlord):
    stranger = OrganisationFactory(name="Autre structure")
    response = member(landlord).post(
        reverse("widgets:create"),
        {
            "organisation": stranger.pk,
            "name": "Module",
            "language": "fr",
            "allowed_origins": "https://autre.fr",
        },
    )
    assert response.status_code == 400
    assert not Widget.objects.exists()


def test_a_gardien_or_another_organisations_member_cannot_see_or_change_a_widget(landlord):
    widget = WidgetFactory(organisation=landlord)
    gardien = member(landlord, MembershipRole.GARDIEN)
    other = member(OrganisationFactory(name="Autre structure"))
    for client in (gardien, other):
        assert client.get(reverse("widgets:edit", args=[widget.pk])).status_code == 404
        assert client.post(reverse("widgets:revoke", args=[widget.pk])).status_code == 404
        assert widget.name not in client.get(reverse("widgets:list")).content.decode()
    assert 'name="allowed_origins"' not in gardien.get(reverse("widgets:create")).content.decode()
    widget.refresh_from_db()
    assert not widget.is_revoked
    # Anonymous visitors go to the login page.
    assert "/comptes/login/" in Client().get(reverse("widgets:list"))["Location"]


def test_a_member_edits_the_filters_but_not_the_owner(landlord, montreuil, bobigny):
    widget = WidgetFactory(organisation=landlord, communes=[montreuil.insee_code])
    stranger = OrganisationFactory(name="Autre structure")
    response = member(landlord).post(
        reverse("widgets:edit", args=[widget.pk]),
        {
            "organisation": stranger.pk,
            "name": "Qui appeler à Bobigny ?",
            "communes": [bobigny.insee_code],
            "language": "en",
            "allowed_origins": "https://www.est-habitat.fr",
        },
    )
    assert response.status_code == 302
    widget.refresh_from_db()
    assert (widget.name, widget.communes, widget.language) == (
        "Qui appeler à Bobigny ?",
        [bobigny.insee_code],
        "en",
    )
    assert widget.organisation == landlord


def test_revoking_a_widget_stops_it_at_once_and_for_good(landlord):
    widget = WidgetFactory(organisation=landlord)
    client = member(landlord)
    assert Client().get(widget.get_absolute_url()).status_code == 200
    response = client.post(reverse("widgets:revoke", args=[widget.pk]))
    assert response.status_code == 302
    assert Client().get(widget.get_absolute_url()).status_code == 410
    edit = client.post(
        reverse("widgets:edit", args=[widget.pk]),
        {"name": "Encore", "language": "fr", "allowed_origins": "https://a.fr"},
    )
    assert edit.status_code == 400
    widget.refresh_from_db()
    assert widget.is_revoked and widget.name != "Encore"


def test_a_site_admin_manages_every_organisations_widgets(landlord):
    widget = WidgetFactory(organisation=landlord)
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert admin.get(reverse("widgets:edit", args=[widget.pk])).status_code == 200

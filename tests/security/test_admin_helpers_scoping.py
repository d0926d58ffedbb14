"""The Wagtail admin's image chooser and tag autocomplete show nobody another organisation's
unpublished content: partners see published entries and their own, moderators those of their
département too, site admins everything."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.images import get_image_model

from accounts.roles import MODERATORS_GROUP
from offers.admin_scoping import scope_images, visible_tags

from .world import build_world, make_user

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:A permission policy for Delivery:DeprecationWarning"),
]


@pytest.fixture
def world():
    world = build_world()
    a, b = world.sides["A"], world.sides["B"]
    b.draft_premises.tags.add("confidentiel-b")
    a.draft_premises.tags.add("brouillon-a")
    b.premises.tags.add("publie-b")
    return world


@pytest.fixture
def moderator_of_paris():
    user = make_user("moderateur75@exemple.fr", moderated_departements=["75"])
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


def chooser_titles(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailimages_chooser:choose"))
    assert response.status_code == 200
    return response.json()["html"]


def test_image_chooser_hides_another_organisations_draft_photos(client, world):
    html = chooser_titles(client, world.users["landlord"])
    assert "local-a" in html
    assert "local-b" not in html and "offre-b" not in html


def test_image_chooser_does_not_hand_out_another_organisations_draft_photo_by_id(client, world):
    client.force_login(world.users["landlord"])
    own = world.sides["A"].premises_photo.image
    other = world.sides["B"].premises_photo.image
    chosen = "wagtailimages_chooser:chosen"
    assert client.get(reverse(chosen, args=[own.pk])).status_code == 200
    assert client.get(reverse(chosen, args=[other.pk])).status_code == 404
    multiple = reverse("wagtailimages_chooser:chosen_multiple")
    assert client.get(multiple, {"id": [own.pk, other.pk]}).status_code == 404
    select = "wagtailimages_chooser:select_format"
    assert client.get(reverse(select, args=[other.pk])).status_code == 404
    client.force_login(world.users["admin"])
    assert client.get(reverse(chosen, args=[other.pk])).status_code == 200


def test_image_chooser_in_moderators_territory_and_for_admins(client, world, moderator_of_paris):
    assert "local-b" in chooser_titles(client, world.users["moderator"])
    assert "local-b" in chooser_titles(client, world.users["admin"])
    images = get_image_model().objects.all()
    titles = set(scope_images(images, moderator_of_paris).values_list("title", flat=True))
    assert not titles & {"local-a", "local-b", "offre-a", "offre-b"}


def autocomplete(client, user, term: str) -> list[str]:
    client.force_login(user)
    response = client.get("/admin/tag-autocomplete/", {"term": term})
    assert response.status_code == 200
    return response.json()


def test_tag_autocomplete_hides_tags_only_on_another_organisations_draft(client, world):
    landlord = world.users["landlord"]
    assert autocomplete(client, landlord, "confi") == []
    assert autocomplete(client, landlord, "brouillon") == ["brouillon-a"]
    assert autocomplete(client, landlord, "publie") == ["publie-b"]
    assert autocomplete(client, world.users["moderator"], "confi") == ["confidentiel-b"]
    assert autocomplete(client, world.users["admin"], "confi") == ["confidentiel-b"]


def test_tag_autocomplete_outside_the_moderators_territory(world, moderator_of_paris):
    names = set(visible_tags(moderator_of_paris).values_list("name", flat=True))
    assert "publie-b" in names
    assert not names & {"confidentiel-b", "brouillon-a"}

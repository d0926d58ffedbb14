"""Moderators edit situations and the glossary in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import MODERATORS_GROUP
from orientation.models import Situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderateur@example.org", "x", is_staff=True)
    group = Group.objects.get(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_moderators_group_has_the_orientation_permissions():
    codenames = set(
        Group.objects.get(name=MODERATORS_GROUP)
        .permissions.filter(content_type__app_label="orientation")
        .values_list("codename", flat=True)
    )
    assert {"add_situation", "change_situation", "delete_situation"} <= codenames
    assert {"add_glossaryterm", "change_glossaryterm", "delete_glossaryterm"} <= codenames


def test_moderator_edits_a_situation(client, moderator):
    client.force_login(moderator)
    situation = Situation.objects.get(slug="isolement")
    assert client.get(reverse("wagtailsnippets_orientation_situation:list")).status_code == 200
    url = reverse("wagtailsnippets_orientation_situation:edit", args=[situation.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "label": "Isolement, repli",
            "slug": "isolement",
            "description": situation.description,
            "order": 5,
            "is_danger": "on",
            "thematiques": ["remobilisation--lien-social"],
            "primary_typologies": "gem, CCAS ,CLIC",
            "typologies": ["CCAS", "GEM"],
            "publics": ["seniors"],
            "questions": "Depuis quand ?",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    situation.refresh_from_db()
    assert situation.label == "Isolement, repli"
    assert situation.is_danger
    assert situation.typologies == ["CCAS", "GEM"]
    assert situation.primary_typologies == ["GEM", "CCAS", "CLIC"]  # in the order typed
    assert not situation.prefers_at_home
    assert "GEM, CCAS, CLIC" in client.get(url).content.decode()


def test_glossary_snippet_list(client, moderator):
    client.force_login(moderator)
    response = client.get(reverse("wagtailsnippets_orientation_glossaryterm:list"))
    assert response.status_code == 200
    # Ordered by term, paginated: "Accompagnement vers et dans le logement" is on page one.
    assert "AVDL" in response.content.decode()

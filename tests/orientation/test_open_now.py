"""« Qui appeler ? »: « Ouverts maintenant seulement », service closures and notices."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orientation.models import Situation
from tests.orientation.test_orientation import result_names, service_for

pytestmark = pytest.mark.django_db

URL = reverse("orientation:index")


def without_hours(service):
    """Neither the service nor its organisation gives hours."""
    service.organisation.opening_hours = ""
    service.organisation.save()


@pytest.fixture
def three_services(montreuil):
    situation = Situation.objects.get(slug="isolement")
    today = timezone.localdate()
    service_for(situation, montreuil, "Toujours ouvert", opening_hours="24/7")
    service_for(
        situation,
        montreuil,
        "Fermé pour travaux",
        opening_hours="24/7",
        closed_from=today - timedelta(days=1),
        closed_until=today + timedelta(days=10),
        closure_message="Travaux",
    )
    service_for(
        situation,
        montreuil,
        "Bientôt fermé",
        opening_hours="24/7",
        closed_from=today + timedelta(days=3),
        closed_until=today + timedelta(days=5),
    )
    without_hours(service_for(situation, montreuil, "Sans horaires", opening_hours=""))
    situation.refresh_from_db()
    return situation


def test_ticking_open_now_lists_only_the_services_open_now(client, three_services):
    params = {"situation": "isolement", "commune": "Montreuil"}
    every = client.get(URL, params)
    assert set(result_names(every)) >= {"Toujours ouvert", "Fermé pour travaux", "Sans horaires"}
    only_open = client.get(URL, {**params, "open_now": "on"})
    assert set(result_names(only_open)) == {"Toujours ouvert", "Bientôt fermé"}
    assert 'name="open_now" id="id_open_now" checked' in only_open.content.decode()


def test_a_service_closure_shows_and_puts_it_below_the_open_ones(client, three_services):
    response = client.get(URL, {"situation": "isolement", "commune": "Montreuil"})
    names = result_names(response)
    assert names.index("Fermé pour travaux") > names.index("Toujours ouvert")
    content = response.content.decode()
    assert "Fermé temporairement jusqu" in content
    assert "Fermeture temporaire du " in content  # « Bientôt fermé »'s notice


def test_nothing_open_says_so_and_how_to_see_all(client, montreuil):
    situation = Situation.objects.get(slug="isolement")
    without_hours(service_for(situation, montreuil, "Sans horaires", opening_hours=""))
    response = client.get(URL, {"situation": "isolement", "commune": "Montreuil", "open_now": "on"})
    assert result_names(response) == []
    content = response.content.decode()
    assert "est ouvert en ce moment" in content, content[content.find("resultats-titre") :][:1500]

"""Editors create event pages in the Wagtail admin; moderation is Wagtail's own."""

import pytest
from django.urls import reverse

from accounts.models import User
from events.models import EventPage


@pytest.mark.django_db
def test_event_page_can_be_created_and_published_in_the_admin(
    client, event_index, organiser, bobigny, settings
):
    settings.EVENT_OCCURRENCE_HORIZON_DAYS = 10_000
    client.force_login(
        User.objects.create_superuser("admin@maillage.example", "motdepasse-solide-123")
    )
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "Groupe de parole des aidants",
        "slug": "groupe-parole-aidants",
        "event_type": "groupe_parole",
        "summary": "Un temps d'échange.",
        "body-count": "0",
        "start": "2031-03-18 18:00",
        "end": "2031-03-18 20:00",
        "recurrence": "freq=weekly;byday=tu;count=3",
        "recurrence_exceptions": "2031-03-25",
        "address": "3 rue de la Paix",
        "address_commune": str(bobigny.pk),
        "audiences": ["aidants"],
        "accessibility": ["pmr", "lsf"],
        "organiser": str(organiser.pk),
        "is_free": "on",
        "registration_open": "on",
        "capacity": "10",
        "action-publish": "action-publish",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    event = EventPage.objects.get(slug="groupe-parole-aidants")
    assert event.live
    assert event.recurrence == "FREQ=WEEKLY;BYDAY=TU;COUNT=3"
    assert event.audiences == ["aidants"] and event.accessibility == ["pmr", "lsf"]
    assert event.commune == bobigny
    assert event.occurrences.count() == 2  # 18 March and 1 April; 25 March is excepted


@pytest.mark.django_db
def test_admin_refuses_two_places_with_a_french_error(client, event_index, organiser, bobigny):
    client.force_login(
        User.objects.create_superuser("admin@maillage.example", "motdepasse-solide-123")
    )
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    response = client.post(
        url,
        {
            "title": "Deux lieux",
            "slug": "deux-lieux",
            "event_type": "groupe_parole",
            "summary": "x",
            "body-count": "0",
            "start": "2031-03-18 18:00",
            "end": "2031-03-18 20:00",
            "place_organisation": str(organiser.pk),
            "online_url": "https://visio.example/x",
            "organiser": str(organiser.pk),
            "is_free": "on",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 200
    assert "Indiquez un seul lieu" in response.content.decode()
    assert not EventPage.objects.filter(slug="deux-lieux").exists()

"""Agenda pages through the real views: filters, month table, listings, query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from events.models import Accessibility, Audience, EventType
from events.registrations import Applicant, register

from .conftest import paris


def titles(response) -> set[str]:
    return {o.event.title for o in response.context["occurrences"]}


@pytest.fixture
def agenda(make_event, montreuil):
    soon = timezone.now() + timedelta(days=2)
    return {
        "forum": make_event(
            title="Forum bien vieillir",
            event_type=EventType.FORUM_BIEN_VIEILLIR,
            start=soon,
            audiences=[Audience.OLDER_TENANTS, Audience.CARERS],
            accessibility=[Accessibility.WHEELCHAIR],
        ),
        "formation": make_event(
            title="Formation PSSM",
            event_type=EventType.FORMATION_GARDIENS,
            start=soon + timedelta(days=20),
            audiences=[Audience.GARDIENS],
            is_free=False,
            price_amount=Decimal("30.00"),
            place_organisation=None,
            address="1 rue de Paris",
            address_commune=montreuil,
        ),
        "past": make_event(title="Atelier passé", start=timezone.now() - timedelta(days=5)),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"Forum bien vieillir", "Formation PSSM"}),
        ({"type": EventType.FORMATION_GARDIENS}, {"Formation PSSM"}),
        ({"commune": "montreuil"}, {"Formation PSSM"}),
        ({"audience": Audience.CARERS}, {"Forum bien vieillir"}),
        ({"price": "paying"}, {"Formation PSSM"}),
        ({"price": "free"}, {"Forum bien vieillir"}),
        ({"accessible": Accessibility.WHEELCHAIR}, {"Forum bien vieillir"}),
        (
            {"date_from": (timezone.localdate() + timedelta(days=10)).isoformat()},
            {"Formation PSSM"},
        ),
        (
            {"date_to": (timezone.localdate() + timedelta(days=10)).isoformat()},
            {"Forum bien vieillir"},
        ),
    ],
)
def test_upcoming_list_filters(client, agenda, params, expected):
    response = client.get(reverse("events:index"), params)
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.django_db
def test_bad_filters_are_reported_not_crashing(client, agenda):
    response = client.get(
        reverse("events:index"),
        {"type": "nope", "date_from": "2030-02-10", "date_to": "2030-02-01", "page": "x"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert "La date de fin précède la date de début." in html


@pytest.mark.django_db
def test_archive_commune_and_organisation_listings(client, agenda, organiser, montreuil):
    assert titles(client.get(reverse("events:archive"))) == {"Atelier passé"}
    assert titles(client.get(reverse("events:commune", args=["montreuil"]))) == {"Formation PSSM"}
    assert titles(client.get(reverse("events:organisation", args=[organiser.slug]))) == {
        "Forum bien vieillir",
        "Formation PSSM",  # organised by it, even if held elsewhere
    }
    assert client.get(reverse("events:commune", args=["nulle-part"])).status_code == 404


@pytest.mark.django_db
def test_month_view_is_a_table_with_linked_occurrences(client, make_event, settings):
    settings.EVENT_OCCURRENCE_HORIZON_DAYS = 10_000
    event = make_event(
        title="Groupe de parole des aidants",
        start=paris(2031, 3, 4, 14, 0),
        end=paris(2031, 3, 4, 16, 0),
        recurrence="FREQ=WEEKLY;COUNT=5",
    )
    response = client.get(reverse("events:month", args=[2031, 3]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<table class="month">' in html and "<caption" in html
    # 4, 11, 18, 25 March (1 April is next month), each linking to its own date.
    for day in (4, 11, 18, 25):
        assert html.count(f'href="{event.url}?date=2031-03-{day:02d}"') == 1
    assert reverse("events:month", args=[2031, 2]) in html
    assert reverse("events:month", args=[2031, 4]) in html
    assert response.context["count"] == 4
    assert client.get("/agenda/mois/2031/13/").status_code == 404
    assert client.get(reverse("events:month_current")).status_code == 200


@pytest.mark.django_db
def test_list_pages_have_bounded_query_counts(client, make_event, django_assert_max_num_queries):
    soon = timezone.now() + timedelta(days=1)
    for n in range(25):
        event = make_event(start=soon + timedelta(hours=n), capacity=5)
        register(event.occurrences.get().pk, Applicant(name="A", phone="+33612345678"))
    client.get(reverse("events:index"))  # warm the site root cache
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:index"))
    assert len(response.context["occurrences"]) == 20
    assert response.context["occurrences"][0].seats_left == 4
    with django_assert_max_num_queries(8):
        client.get(reverse("events:index"), {"page": 2, "commune": "bobigny"})
    with django_assert_max_num_queries(6):
        client.get(reverse("events:month", args=[soon.year, soon.month]))
    with django_assert_max_num_queries(8):
        client.get(reverse("events:feed"))


@pytest.mark.django_db
def test_upcoming_events_tag_for_home_and_organisation_pages(
    make_event, organiser, other_organisation
):
    make_event(title="Café des aidants")
    make_event(
        title="Rendez-vous ESS", organiser=other_organisation, place_organisation=other_organisation
    )
    request = RequestFactory().get("/")
    home = Template("{% load events_tags %}{% upcoming_events 3 %}").render(
        Context({"request": request})
    )
    assert "Café des aidants" in home and "Rendez-vous ESS" in home
    own = Template("{% load events_tags %}{% organisation_events org 5 %}").render(
        Context({"request": request, "org": other_organisation})
    )
    assert "Rendez-vous ESS" in own and "Café des aidants" not in own


@pytest.mark.django_db
def test_home_page_shows_the_next_events(client, make_event):
    make_event(title="Forum bien vieillir en bas d'immeuble")
    response = client.get("/")
    assert response.status_code == 200
    assert "Prochains événements" in response.content.decode()
    assert "Forum bien vieillir en bas d&#x27;immeuble" in response.content.decode()

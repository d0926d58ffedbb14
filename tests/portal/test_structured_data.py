"""Search engines read what each page is about from its schema.org JSON-LD (issue #19 item 3):
organisation and service sheets, event pages (one Event per session), guides, the home page's
search action, and the canonical address of every page. The data is extracted with extruct as
a search engine would, and every type, property and enumeration value is checked against
schema.org's vocabulary (tests/schemaorg.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.home import ensure_home_page
from directory.models import OrganisationKind
from events.models import EventIndexPage, EventOccurrence
from guides.models import GuideIndexPage
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.events.factories import EventPageFactory
from tests.guides.factories import GuidePageFactory
from tests.schemaorg import DATETIME_WITH_OFFSET, json_ld, of_type, vocabulary_problems

SCHEMA = "https://schema.org/"


@pytest.fixture
def ccas(montreuil):
    return OrganisationFactory(
        name="CCAS de Montreuil",
        kind=OrganisationKind.PUBLIC_BODY,
        commune=montreuil,
        address="1 place Jean-Jaurès",
        address_complement="Bâtiment B",
        postcode="93100",
        latitude=48.8619,
        longitude=2.4433,
        phone="01 48 70 60 00",
        siret="21930048000012",
        finess="930000000",
        opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        accessibility="Entrée de plain-pied, boucle magnétique à l'accueil.",
        website="https://www.montreuil.fr/ccas",
    )


@pytest.fixture
def event_index(db):
    home = ensure_home_page()
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Agenda", slug="evenements")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def assert_schema_org(items):
    assert items, "no JSON-LD on the page"
    problems = [problem for item in items for problem in vocabulary_problems(item)]
    assert not problems, problems


def test_an_organisation_sheet_tells_who_where_when_and_its_identifiers(client, ccas):
    items = json_ld(client.get(ccas.get_absolute_url()))
    assert_schema_org(items)
    (organisation,) = of_type(items, "GovernmentOrganization")
    sheet = f"http://testserver{ccas.get_absolute_url()}"
    assert organisation["@id"] == f"{sheet}#organisation"
    assert organisation["name"] == "CCAS de Montreuil"
    assert organisation["url"] == "https://www.montreuil.fr/ccas"
    assert organisation["mainEntityOfPage"] == sheet
    assert organisation["telephone"] == "+33148706000"  # E.164
    assert organisation["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 place Jean-Jaurès, Bâtiment B",
        "postalCode": "93100",
        "addressLocality": "Montreuil",
        "addressRegion": "Seine-Saint-Denis",
        "addressCountry": "FR",
    }
    identifiers = {item["propertyID"]: item["value"] for item in organisation["identifier"]}
    assert identifiers == {"SIRET": "21930048000012", "FINESS": "930000000"}
    place = organisation["location"]
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 48.8619, "longitude": 2.4433}
    hours = place["openingHoursSpecification"]
    weekdays = [f"{SCHEMA}{day}" for day in ("Monday", "Tuesday", "Wednesday", "Thursday")]
    weekly = [spec for spec in hours if spec.get("dayOfWeek", [])[:4] == weekdays]
    assert {(spec["opens"], spec["closes"]) for spec in weekly} == {
        ("09:00", "12:00"),
        ("14:00", "17:00"),
    }
    # Closed on public holidays, in schema.org's words.
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": f"{SCHEMA}PublicHolidays",
        "opens": "00:00",
        "closes": "00:00",
    } in hours
    assert place["amenityFeature"]["value"].startswith("Entrée de plain-pied")


def test_a_name_that_closes_the_script_element_stays_data(client, montreuil):
    name = "Accueil </script><script>alert(1)</script> & co"
    organisation = OrganisationFactory(name=name, slug="accueil-et-co", commune=montreuil)
    response = client.get(organisation.get_absolute_url())
    assert b"</script><script>alert(1)" not in response.content
    (data,) = of_type(json_ld(response), "MedicalOrganization")
    assert data["name"] == name


def test_a_service_sheet_says_what_by_whom_for_whom_where_when_and_at_what_cost(
    client, ccas, montreuil, bagnolet
):
    service = ServiceFactory(
        organisation=ccas,
        name="Aide aux démarches",
        fees="gratuit",
        eligibility_zone=["93048", "93006"],
        publics=["seniors"],
        opening_hours="Tu,Th 14:00-17:00; PH off",
        mobilisation_link="https://www.montreuil.fr/demarches",
        access_conditions="Sur rendez-vous.",
    )
    items = json_ld(client.get(service.get_absolute_url()))
    assert_schema_org(items)
    (data,) = of_type(items, "Service")
    assert data["name"] == "Aide aux démarches"
    assert data["provider"]["@id"] == f"http://testserver{ccas.get_absolute_url()}#organisation"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert [(area["name"], area["identifier"]) for area in data["areaServed"]] == [
        ("Montreuil", "93048"),
        ("Bagnolet", "93006"),
    ]
    assert [audience["audienceType"] for audience in data["audience"]] == ["Séniors"]
    assert data["serviceType"] and data["category"]
    assert data["hoursAvailable"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"{SCHEMA}Tuesday", f"{SCHEMA}Thursday"],
            "opens": "14:00",
            "closes": "17:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"{SCHEMA}PublicHolidays",
            "opens": "00:00",
            "closes": "00:00",
        },
    ]
    assert data["offers"] == {"@type": "Offer", "price": "0", "priceCurrency": "EUR"}
    channel = data["availableChannel"]
    assert channel["serviceUrl"] == "https://www.montreuil.fr/demarches"
    assert channel["servicePhone"]["telephone"] == "+33148111111"
    assert channel["serviceLocation"]["address"]["postalCode"] == "93100"
    assert data["termsOfService"] == "Sur rendez-vous."


def test_a_contact_for_professionals_only_stays_out_of_the_structured_data(client, ccas):
    service = ServiceFactory(organisation=ccas, contact_is_professional_only=True)
    (data,) = of_type(json_ld(client.get(service.get_absolute_url())), "Service")
    assert "servicePhone" not in data.get("availableChannel", {})
    assert "+33148111111" not in str(data)


def test_an_event_page_gives_each_session_with_its_place_offer_and_cancelled_ones(
    client, event_index, ccas
):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = EventPageFactory(
        parent=event_index,
        title="Atelier tablette",
        start=start,
        end=start + timedelta(hours=2),
        recurrence="FREQ=WEEKLY;COUNT=3",
        organiser=ccas,
        place_organisation=ccas,
        capacity=10,
        is_free=False,
        price_amount="5.00",
        accessibility=["pmr", "lsf"],
    )
    sessions = list(EventOccurrence.objects.filter(event=event).order_by("start"))
    assert len(sessions) == 3
    sessions[1].cancelled = True
    sessions[1].save()

    items = json_ld(client.get(event.url))
    assert_schema_org(items)
    events = of_type(items, "Event")
    assert len(events) == 3
    assert [e["eventStatus"] for e in events] == [
        f"{SCHEMA}EventScheduled",
        f"{SCHEMA}EventCancelled",
        f"{SCHEMA}EventScheduled",
    ]
    first = events[0]
    assert DATETIME_WITH_OFFSET.match(first["startDate"]), first["startDate"]
    assert first["startDate"] == timezone.localtime(sessions[0].start).isoformat()
    assert DATETIME_WITH_OFFSET.match(first["endDate"])
    assert first["url"].startswith(f"http://testserver{event.url}?date=")
    assert first["eventAttendanceMode"] == f"{SCHEMA}OfflineEventAttendanceMode"
    assert first["location"]["name"] == "CCAS de Montreuil"
    assert first["location"]["address"]["addressLocality"] == "Montreuil"
    assert [feature["name"] for feature in first["location"]["amenityFeature"]] == [
        "Accessible en fauteuil roulant (PMR)",
        "Interprétation en langue des signes (LSF)",
    ]
    assert first["organizer"]["name"] == "CCAS de Montreuil"
    assert first["offers"]["price"] == "5.00"
    assert first["offers"]["priceCurrency"] == "EUR"
    assert first["offers"]["availability"] == f"{SCHEMA}LimitedAvailability"
    assert first["offers"]["url"] == (
        f"http://testserver{reverse('events:register', args=[sessions[0].pk])}"
    )
    assert first["maximumAttendeeCapacity"] == 10
    assert first["remainingAttendeeCapacity"] == 10
    assert first["isAccessibleForFree"] is False
    assert first["superEvent"]["@type"] == "EventSeries"


def test_an_online_event_points_to_its_page_never_to_the_meeting_link(client, event_index, ccas):
    event = EventPageFactory(
        parent=event_index,
        organiser=ccas,
        place_organisation=None,
        online_url="https://visio.example/salle-secrete",
    )
    response = client.get(event.url)
    (data,) = of_type(json_ld(response), "Event")
    assert data["eventAttendanceMode"] == f"{SCHEMA}OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": f"http://testserver{event.url}"}
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == "0"
    assert "salle-secrete" not in str(data)


def test_a_guide_is_an_article_in_its_language_published_by_the_portal(client, db):
    home = ensure_home_page()
    index = GuideIndexPage(title="Guides pratiques", slug="guides")
    home.add_child(instance=index)
    index.save_revision().publish()
    guide = GuidePageFactory(parent=index)
    items = json_ld(client.get(guide.url))
    assert_schema_org(items)
    (article,) = of_type(items, "Article")
    assert article["headline"] == "Adapter son logement"
    assert article["description"] == "Les aménagements utiles et qui appeler."
    assert article["inLanguage"] == "fr"
    assert article["url"] == f"http://testserver{guide.url}"
    assert DATETIME_WITH_OFFSET.match(article["dateModified"])
    assert article["publisher"] == {
        "@type": "Organization",
        "name": "Maillage",
        "url": "http://testserver/",
    }


def test_the_home_page_tells_search_engines_how_to_search_the_portal(client, db):
    ensure_home_page()
    items = json_ld(client.get("/"))
    assert_schema_org(items)
    (site,) = of_type(items, "WebSite")
    assert site["name"] == "Maillage"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/recherche/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def canonical(response) -> str:
    html = response.content.decode()
    start = html.index('<link rel="canonical" href="') + len('<link rel="canonical" href="')
    return html[start : html.index('"', start)]


def test_a_sheet_is_canonical_without_tracking_parameters(client, ccas):
    url = ccas.get_absolute_url()
    response = client.get(url, {"utm_source": "lettre", "fbclid": "abc"})
    assert canonical(response) == f"http://testserver{url}"


def test_a_list_keeps_its_page_number_but_not_its_filters_in_its_canonical_address(
    client, montreuil
):
    url = reverse("directory:commune", args=[montreuil.slug])
    response = client.get(url, {"categorie": "lien-social", "page": "2"})
    assert canonical(response) == f"http://testserver{url}?page=2"
    response = client.get(url, {"page": "1"})
    assert canonical(response) == f"http://testserver{url}"


def test_an_english_page_is_its_own_canonical_address(client, ccas):
    url = ccas.get_absolute_url()
    response = client.get(f"/en{url}")
    assert canonical(response) == f"http://testserver/en{url}"

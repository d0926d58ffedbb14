"""After a session, its organiser marks a person present with the keyboard alone on a phone
(390 px); the attendance is counted once (issue #18 item 1). axe clean."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import counters
from core.models import DailyCounter
from demo.home import ensure_home_page
from directory.models import OrganisationKind
from events.models import Attendance, EventIndexPage
from events.registrations import Applicant, register
from tests.accounts.factories import clear_test_cache
from tests.directory.factories import OrganisationFactory, real_commune
from tests.events.factories import EventPageFactory
from tests.offers.factories import member_of

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def logged_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_the_organiser_marks_a_person_present_with_the_keyboard_on_a_phone(
    site, live_server, page, axe, keyboard_focus
):
    clear_test_cache()
    index = EventIndexPage(title="Agenda", slug="evenements")
    ensure_home_page().add_child(instance=index)
    index.save_revision().publish()
    organiser = OrganisationFactory(
        name="Voisins Solidaires", kind=OrganisationKind.ESS, commune=real_commune("Bobigny")
    )
    event = EventPageFactory(parent=index, title="Atelier tablette", organiser=organiser)
    occurrence = event.occurrences.get()
    person = register(occurrence.pk, Applicant(name="Élise Núñez", phone="+33612345678"))
    now = timezone.now()
    type(occurrence).objects.filter(pk=occurrence.pk).update(
        start=now - timedelta(hours=2), end=now - timedelta(minutes=30)
    )
    logged_in(page, live_server, member_of(organiser))

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("events:manage_index"))
    with page.expect_navigation():
        page.get_by_role("link", name="Atelier tablette").click()
    page.get_by_text("Non notée").wait_for()
    keyboard_focus(page, 'button[value="present"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("Présence notée : Élise Núñez.").wait_for()
    assert page.locator(".attendance strong").inner_text() == "Présent"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_attendance_390.png"), full_page=True)
    # No sideways scrolling of the page (the table scrolls inside its own box).
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    axe(page)

    person.refresh_from_db()
    assert person.attendance == Attendance.PRESENT
    counters.flush()
    [row] = DailyCounter.objects.filter(metric="event_registration", dimensions__outcome="attended")
    assert row.value == 1 and row.dimensions["organisation"] == str(organiser.pk)
    clear_test_cache()

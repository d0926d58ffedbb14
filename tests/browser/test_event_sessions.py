"""On a phone (390 px): the card of a later session opens the event page on that session, and
a full session offers to join the waitlist, said as such."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from directory.models import OrganisationKind
from events.models import EventPage, EventType, RegistrationStatus
from tests.accounts.factories import clear_test_cache
from tests.directory.factories import OrganisationFactory, real_commune
from tests.security.world import event_index

from .conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}


def weekly_workshop_second_session_full():
    montreuil = real_commune("Montreuil")
    organiser = OrganisationFactory(
        name="Maison des aidants de Montreuil", kind=OrganisationKind.ESS, commune=montreuil
    )
    start = (timezone.localtime() + timedelta(days=2)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    event = EventPage(
        title="Café des aidants",
        slug="cafe-des-aidants",
        event_type=EventType.GROUPE_PAROLE,
        summary="Un temps d'échange entre aidants, autour d'un café.",
        start=start,
        end=start + timedelta(hours=2),
        recurrence="FREQ=WEEKLY;COUNT=3",
        organiser=organiser,
        place_organisation=organiser,
        commune=montreuil,
        capacity=1,
    )
    event_index().add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    first, second, _third = event.occurrences.order_by("start")
    second.registrations.create(
        name="Jeanne Martin", phone="+33612345678", status=RegistrationStatus.CONFIRMED
    )
    clear_test_cache()
    return event, first, second


def test_on_a_phone_the_chosen_date_opens_and_a_full_session_offers_the_waitlist(
    live_server, page, site
):
    event, first, second = weekly_workshop_second_session_full()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("events:index"))
    day = timezone.localtime(second.start)
    wanted = date_format(day, "l j F Y")
    card = page.locator(".event-card").filter(has_text=wanted)
    card.get_by_role("link", name="Café des aidants").click()
    page.wait_for_url(f"**{event.url}?date={day:%Y-%m-%d}")

    facts = page.locator(".event__facts")
    assert wanted in facts.locator("dd").first.inner_text()
    assert date_format(timezone.localtime(first.start), "j F") not in facts.inner_text()
    button = facts.get_by_role("link", name="Rejoindre la liste d'attente")
    assert button.is_visible()
    assert button.get_attribute("href") == reverse("events:register", args=[second.pk])
    assert "si une place se libère, vous serez inscrit automatiquement" in facts.inner_text()
    assert facts.get_by_role("link", name="S'inscrire").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event_sessions_phone_chosen_full.png"), full_page=True)

    button.click()
    page.wait_for_url("**/inscription/")
    assert "Cette séance est complète" in page.locator("#contenu").inner_text()

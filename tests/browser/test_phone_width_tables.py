"""The month calendar, the matches table and the residence sheet on a 390 px phone: no sideways
scrolling, the month as a list of days with their dates, each match and each situation as a
card whose cells say what they are, phone numbers on one line. Screenshots in test-artifacts/."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from demo.home import ensure_home_page
from directory.models import Membership, MembershipRole, OrganisationKind
from events.models import EventIndexPage
from offers.models import Match
from orientation import defaults
from orientation.models import Situation
from tests.directory.factories import (
    OrganisationFactory,
    ResidenceFactory,
    ServiceFactory,
    real_commune,
)
from tests.events.factories import EventPageFactory
from tests.offers.factories import NeedFactory, PremisesFactory, UserFactory, member_of

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def logged_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def no_sideways_scroll(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name}: {widths[0]} px wide in a {widths[1]} px window"
    # Nor a box that scrolls sideways inside the page (a table in an overflow-x wrapper).
    scrolling = page.evaluate(
        """[...document.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1
            && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).map(e => e.className)"""
    )
    assert scrolling == [], f"{name}: {scrolling} scroll sideways"


def test_the_month_calendar_reads_as_a_list_of_days_on_a_phone(site, live_server, page):
    home = ensure_home_page()
    index = EventIndexPage(title="Agenda", slug="evenements")
    home.add_child(instance=index)
    index.save_revision().publish()
    montreuil = real_commune("Montreuil")
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    if start.day > 25:
        start += timedelta(days=8)
    organiser = OrganisationFactory(name="Voisins Solidaires", kind=OrganisationKind.ESS)
    event = EventPageFactory(
        parent=index,
        title="Atelier tablette pour les seniors du quartier",
        commune=montreuil,
        organiser=organiser,
        start=start,
        end=start + timedelta(hours=2),
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/agenda/mois/{start.year}/{start.month}/")
    no_sideways_scroll(page, "phone_width_month_calendar")
    day = page.locator(".month__day:visible")
    assert day.count() == 1
    text = day.first.inner_text()
    assert event.title in text
    assert start.strftime("%-d") in text and "14 h" in text
    weekday = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    assert weekday[start.weekday()] in text.lower()

    # At 1280 px it stays a calendar grid, one column per day.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("table.month thead").is_visible()
    assert page.locator(".month__day:visible").count() >= 28


def test_matches_and_the_residence_sheet_read_as_cards_on_a_phone(site, live_server, page):
    montreuil = real_commune("Montreuil")
    premises = PremisesFactory(
        title="Local associatif rue de Paris, rez-de-chaussée avec vitrine", status="published"
    )
    need = NeedFactory(title="Atelier de réparation de vélos pour les jeunes du quartier")
    Match.objects.create(need=need, premises=premises, score=80)
    page.set_viewport_size(PHONE)
    logged_in(page, live_server, member_of(premises.landlord))
    page.goto(f"{live_server.url}/offres/correspondances/")
    no_sideways_scroll(page, "phone_width_matches")
    card = page.locator("table.table-stack tbody tr").first
    assert "80 / 100" in card.inner_text()
    labels = card.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert labels == ['"Local"', '"Besoin"', '"Score"', '"Raisons"']

    defaults.load_situations(Situation)
    landlord = OrganisationFactory(name="Montreuil Habitat", kind=OrganisationKind.LANDLORD)
    residence = ResidenceFactory(
        landlord=landlord, name="Résidence des Tilleuls", commune=montreuil,
        latitude=48.862, longitude=2.445,
    )  # fmt: skip
    ccas = OrganisationFactory(
        name="CCAS de Montreuil", commune=montreuil, latitude=48.861, longitude=2.441
    )
    ServiceFactory(
        organisation=ccas,
        name="Visites de convivialité",
        thematiques=["remobilisation--lien-social"],
        categories=[],
        publics=["seniors"],
        eligibility_zone=["93048"],
        phone="+33143562242",
        opening_hours="Mo-Fr 09:00-12:00",
    )
    gardien = UserFactory()
    gardien.save()
    Membership.objects.create(user=gardien, organisation=landlord, role=MembershipRole.GARDIEN)
    residence.gardiens.add(gardien)
    page.context.clear_cookies()
    logged_in(page, live_server, gardien)
    page.goto(f"{live_server.url}/residences/{residence.pk}/")
    no_sideways_scroll(page, "phone_width_residence_sheet")
    number = page.locator(".residence-sheet__table a.phone", has_text="01 43 56 22 42").first
    assert number.evaluate("e => e.getClientRects().length") == 1  # on one line
    situation = page.locator(".residence-sheet__table tbody th").first
    assert situation.bounding_box()["width"] > 300  # the card's heading, not a narrow column

"""Partner journeys in real Chromium (issue #10), each run twice: with the mouse, and with the
keyboard only (Tab, Enter, Space, arrows and typing — no click) along its main path.

1. an ESS association edits its service offer and answers a contact request it received;
   the landlord who asked gets the answer by email and in the portal inbox;
2. a landlord publishes premises; once a moderator approves them, the matching project need
   shows among the landlord's matches;
3. a project holder posts a need; once it is published and a matching premises follows,
   the holder's inbox shows the match notification exactly once (real Celery worker);
4. a moderator approves a directory service waiting in the queue and it becomes public.

axe-core (WCAG 2.1 A/AA) runs on the forms and pages met on the way (in the mouse runs: the
keyboard runs meet the same pages, and check instead that every element reached by Tab shows
a visible focus). Each test builds its own
small world (one database set-up) through the models; the live server and the Celery worker
read it once committed."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from directory.models import Membership, MembershipRole, OrganisationKind
from directory.vocabularies import Status as DirectoryStatus
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.journeys import CELERY_TIMEOUT, assert_focus_visible, wait_until
from tests.directory.factories import OrganisationFactory, ServiceFactory, real_commune
from tests.offers.factories import NeedFactory, OfferFactory, PremisesFactory

pytestmark = pytest.mark.django_db(transaction=True)

MODES = [pytest.param(False, id="mouse"), pytest.param(True, id="keyboard")]
# Bounded waits for what the Celery worker does (matching, sending).


# --- World ------------------------------------------------------------------------------------


@dataclass
class Partners:
    montreuil: object
    ess: object
    landlord: object
    holder: object
    ess_user: object
    landlord_user: object
    holder_user: object
    moderator: object


def _member(email: str, organisation):
    user = UserFactory(email=email)
    Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return user


@pytest.fixture
def audit(axe, keyboard):
    """axe-core on the pages met, in the mouse run (the keyboard run meets the same pages)."""
    return (lambda page: None) if keyboard else axe


@pytest.fixture
def partners(site) -> Partners:
    """Three partner organisations of Montreuil with one admin each, and a moderator of 93
    who may enter the Wagtail admin (transactional tests flush the migrated group rights)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection

    from accounts.roles import MODERATORS_GROUP

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    moderators = Group.objects.get_or_create(name=MODERATORS_GROUP)[0]
    moderators.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    montreuil = real_commune("Montreuil")
    ess = OrganisationFactory(
        name="Association Voisins Solidaires", kind=OrganisationKind.ESS, commune=montreuil
    )
    landlord = OrganisationFactory(
        name="Est Ensemble Habitat", kind=OrganisationKind.LANDLORD, commune=montreuil
    )
    holder = OrganisationFactory(
        name="Collectif Habitat Inclusif", kind=OrganisationKind.PROJECT_HOLDER, commune=montreuil
    )
    moderator = UserFactory(email="moderatrice@exemple.fr", moderated_departements=["93"])
    moderator.groups.add(moderators)
    return Partners(
        montreuil=montreuil,
        ess=ess,
        landlord=landlord,
        holder=holder,
        ess_user=_member("association@exemple.fr", ess),
        landlord_user=_member("bailleur@exemple.fr", landlord),
        holder_user=_member("porteur@exemple.fr", holder),
        moderator=moderator,
    )


# --- Driving the browser, with the mouse or with the keyboard only -----------------------------


class Driver:
    """The same steps done with the mouse or, when `keyboard`, with page.keyboard only:
    Tab to the element (in document order), then Enter, Space, arrows or typing."""

    def __init__(self, page, base_url: str, keyboard: bool, tab_to) -> None:
        self.page = page
        self.base_url = base_url
        self.keyboard = keyboard
        self._tab_to = tab_to

    def focus(self, selector: str) -> None:
        """Tab to the element; keyboard users must see where they are."""
        self._tab_to(self.page, selector, max_tabs=120)
        assert_focus_visible(self.page)

    def follow(self, selector: str, url=None) -> None:
        """Activate a link or a submit button, then wait for the next page."""
        if self.keyboard:
            self.focus(selector)
            self.page.keyboard.press("Enter")
        else:
            self.page.locator(selector).first.click()
        if url is not None:
            self.page.wait_for_url(url)
        self.page.wait_for_load_state("load")

    def type(self, selector: str, text: str) -> None:
        """Replace the field's value with `text`."""
        if self.keyboard:
            self.focus(selector)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Delete")
            self.page.keyboard.type(text)
        else:
            self.page.fill(selector, text)
        assert self.page.locator(selector).input_value() == text

    def choose(self, selector: str, value: str) -> None:
        """Pick an option of a <select> (arrows on the closed list when by keyboard)."""
        if self.keyboard:
            self.focus(selector)
            target = self.page.eval_on_selector(
                selector, "(s, v) => [...s.options].findIndex(o => o.value === v)", value
            )
            assert target >= 0, f"no option {value} in {selector}"
            for _ in range(60):
                current = self.page.eval_on_selector(selector, "s => s.selectedIndex")
                if current == target:
                    break
                self.page.keyboard.press("ArrowDown" if current < target else "ArrowUp")
        else:
            self.page.select_option(selector, value)
        assert self.page.locator(selector).input_value() == value

    def check(self, selector: str) -> None:
        """Tick a checkbox or a radio button."""
        if self.keyboard:
            self.focus(selector)
            self.page.keyboard.press("Space")
        else:
            self.page.check(selector)
        assert self.page.locator(selector).is_checked()

    def date(self, selector: str, day) -> None:
        """Type a date into <input type=date> (fr-FR: day, month, year)."""
        if self.keyboard:
            self.focus(selector)
            # The segments' order follows Chromium's own locale, not the page's: probe it
            # with 01 02 2000, then go back to the first segment and type the date.
            self.page.keyboard.type("01022000")
            probe = self.page.locator(selector).input_value()
            order = {"2000-02-01": "%d%m%Y", "2000-01-02": "%m%d%Y"}.get(probe)
            assert order, f"unexpected date segments: 01 02 2000 gave {probe!r}"
            self.page.keyboard.press("Shift+Tab")
            self.page.keyboard.press("Shift+Tab")
            self.page.keyboard.type(day.strftime(order))
        else:
            self.page.fill(selector, day.isoformat())
        assert self.page.locator(selector).input_value() == day.isoformat()

    def log_in(self, email: str) -> None:
        """From the home page to "Mon espace"."""
        self.page.goto(self.base_url + "/")
        self.follow("a[href='/comptes/login/']", "**/comptes/login/")
        self.type("input[name='login']", email)
        self.type("input[name='password']", PASSWORD)
        if self.keyboard:
            self.page.keyboard.press("Enter")
        else:
            self.page.locator("#contenu form button[type='submit']").click()
        self.page.wait_for_url("**/mon-espace/")


def other_person(browser, live_server, email: str):
    """A second person, in a browser context of their own, logged in with the mouse."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/comptes/login/")
    page.fill("input[name='login']", email)
    page.fill("input[name='password']", PASSWORD)
    page.locator("#contenu form button[type='submit']").click()
    page.wait_for_url("**/mon-espace/")
    return context, page


def inbox_deliveries(user, **filters):
    from notifications.models import Channel, Delivery

    return Delivery.objects.filter(recipient=user, channel=Channel.INBOX, **filters)


def subject(message) -> str:
    return " ".join(str(make_header(decode_header(message["Subject"]))).split())


def manage_page(kind: str):
    """The partner page of a new entry, where its form lands once saved."""
    return re.compile(rf".*/offres/mon-espace/{kind}/\d+/$")


def anonymous_get(path: str):
    """What a visitor gets (Django's test client against the committed data)."""
    from django.test import Client

    return Client().get(path)


# --- 1. ESS association: edit the offer, answer a contact request ------------------------------


@pytest.mark.parametrize("keyboard", MODES)
def test_ess_member_edits_offer_and_answers_a_contact_request(
    keyboard, partners, live_server, page, browser, audit, keyboard_focus, celery_worker, smtp
):
    from notifications.models import DeliveryStatus
    from offers.models import ContactRequest, ServiceOffer
    from offers.vocabularies import ContactRequestStatus, Status

    offer = OfferFactory(
        provider=partners.ess, title="Café social du mardi", published_at=timezone.now()
    )
    contact = ContactRequest.objects.create(
        offer=offer,
        requester_organisation=partners.landlord,
        requester=partners.landlord_user,
        message="Bonjour, pourriez-vous venir à la résidence des Tilleuls ?",
    )
    me = Driver(page, live_server.url, keyboard, keyboard_focus)

    me.log_in(partners.ess_user.email)
    audit(page)  # "Mon espace", with the ways into the partner space
    me.follow("#contenu a[href='/offres/mon-espace/']", "**/offres/mon-espace/")
    audit(page)
    manage = f"/offres/mon-espace/offres/{offer.pk}/"
    me.follow(f"a[href='{manage}']", f"**{manage}")
    me.follow(f"a[href='{manage}modifier/']", f"**{manage}modifier/")
    assert page.locator("h1").inner_text() == "Modifier « Café social du mardi »"
    audit(page)
    me.type("#id_title", "Café social du mardi et du jeudi")
    me.type("#id_capacity", "Deux résidences à la fois")
    me.follow("#contenu form button[type='submit']", f"**/offres/mon-espace/offres/{offer.pk}/")

    offer.refresh_from_db()
    assert offer.title == "Café social du mardi et du jeudi"
    assert offer.capacity == "Deux résidences à la fois"
    # Offers already validated stay published when their association edits them.
    assert offer.status == Status.PUBLISHED
    assert ServiceOffer.objects.published().filter(title__startswith="Café social").count() == 1
    notice = page.locator("#contenu").inner_text()
    assert "Fiche enregistrée" in notice
    assert "Soumettez-la" not in notice  # nothing to submit: it is already online
    audit(page)

    # The received request, from the partner space.
    me.follow("#contenu a[href='/offres/mon-espace/']", "**/offres/mon-espace/")
    me.follow("#contenu a[href='/offres/demandes/']", "**/offres/demandes/")
    audit(page)
    me.follow(f"#contenu a[href='/offres/demandes/{contact.pk}/']", f"**/demandes/{contact.pk}/")
    assert "Est Ensemble Habitat" in page.locator(".facts").inner_text()
    audit(page)
    me.check(f"input[name='status'][value='{ContactRequestStatus.ACCEPTED}']")
    me.type("#id_message", "Avec plaisir : nous passons mardi prochain à 14 h.")
    me.follow("#contenu form button[type='submit']")
    page.get_by_text("Votre réponse est envoyée.").wait_for()
    assert "Votre réponse est envoyée." in page.locator("#contenu").inner_text()
    assert "nous passons mardi prochain" in page.locator("#contenu").inner_text()
    assert page.locator("input[name='status']").count() == 0  # answered once only

    contact.refresh_from_db()
    assert contact.status == ContactRequestStatus.ACCEPTED
    assert contact.answered_by == partners.ess_user

    # The requester gets the answer by email and in the portal inbox, once.
    mail = smtp.wait_for(1)
    assert len(mail) == 1
    assert mail[0]["X-Envelope-To"] == partners.landlord_user.email
    assert "Réponse de Association Voisins Solidaires" in subject(mail[0])
    text = mail[0].get_payload()[0].get_payload(decode=True).decode()
    assert f"/offres/demandes/{contact.pk}/" in text
    assert "nous passons mardi prochain" in text
    wait_until(
        lambda: inbox_deliveries(partners.landlord_user, status=DeliveryStatus.SENT).exists(),
        what="the inbox notification of the answer",
    )
    context, landlord_page = other_person(browser, live_server, partners.landlord_user.email)
    try:
        landlord_page.goto(live_server.url + "/mon-espace/notifications/")
        entries = landlord_page.locator(".inbox__entry")
        assert entries.count() == 1
        assert "Réponse à votre demande" in entries.first.inner_text()
        landlord_page.locator(".inbox__entry button[type='submit']").click()
        landlord_page.wait_for_url(f"**/offres/demandes/{contact.pk}/")
        assert "nous passons mardi prochain" in landlord_page.locator("#contenu").inner_text()
    finally:
        context.close()
    assert len(smtp.messages) == 1


# --- 2. Landlord: publish premises, see the matching need --------------------------------------


@pytest.mark.parametrize("keyboard", MODES)
def test_landlord_publishes_premises_and_sees_matching_needs(
    keyboard, partners, live_server, page, browser, audit, keyboard_focus, celery_worker, smtp
):
    from offers.models import Match, Premises
    from offers.vocabularies import Status

    start = timezone.localdate() + timedelta(days=20)
    need = NeedFactory(
        organisation=partners.holder,
        title="Café des aînés du Bas-Montreuil",
        usages=["reunions"],
        surface_min=60,
        surface_max=120,
        budget_max=Decimal("900"),
        zone_communes=["93048"],
        start_date=start,
        published_at=timezone.now(),
    )
    me = Driver(page, live_server.url, keyboard, keyboard_focus)

    me.log_in(partners.landlord_user.email)
    me.follow("#contenu a[href='/offres/mon-espace/']", "**/offres/mon-espace/")
    me.follow("#contenu a[href='/offres/mon-espace/locaux/nouveau/']", "**/locaux/nouveau/")
    audit(page)
    me.type("#id_title", "Ancienne loge rue de Paris")
    me.choose("#id_premises_type", "local-associatif")
    me.type("#id_description", "Une ancienne loge de gardien, lumineuse, en rez-de-chaussée.")
    me.type("#id_address", "14 rue de Paris")
    me.choose("#id_commune", str(partners.montreuil.pk))
    me.type("#id_total_surface", "85")
    me.type("#id_rent", "600")
    me.type("#id_charges", "80")
    me.choose("#id_occupation_type", "bail-associatif")
    me.check("#id_pmr_accessible")
    me.check("input[name='allowed_usages'][value='reunions']")
    me.date("#id_available_from", start - timedelta(days=5))
    me.follow("#contenu form button[type='submit']", manage_page("locaux"))
    premises = Premises.objects.get(title="Ancienne loge rue de Paris")
    assert premises.status == Status.DRAFT
    assert premises.landlord == partners.landlord
    assert premises.total_surface == 85 and premises.rent == Decimal("600")
    audit(page)

    me.follow("#contenu form[action$='/soumettre/'] button[type='submit']")
    page.get_by_text("Fiche soumise : un modérateur va la relire.").wait_for()
    premises.refresh_from_db()
    assert premises.status == Status.SUBMITTED
    # Not public while it waits.
    assert "Ancienne loge" not in anonymous_get("/offres/locaux/").content.decode()

    # A moderator of the 93 opens it from the one queue, reads it and publishes it.
    context, moderator_page = other_person(browser, live_server, partners.moderator.email)
    try:
        moderator_page.locator("#contenu a[href='/admin/moderation/']").click()
        moderator_page.wait_for_url("**/admin/moderation/")
        preview = f"/admin/moderation/premises/{premises.pk}/"
        moderator_page.locator(f"a[href='{preview}']").click()
        moderator_page.wait_for_url(f"**{preview}")
        assert "Ancienne loge rue de Paris" in moderator_page.locator("body").inner_text()
        moderator_page.locator(
            "form:has(input[name='action'][value='publish']) button[type='submit']"
        ).click()
        moderator_page.get_by_text("La fiche est publiée.").wait_for()
    finally:
        context.close()
    premises.refresh_from_db()
    assert premises.status == Status.PUBLISHED

    # Matching runs in the Celery worker once the publication commits.
    match = wait_until(
        lambda: Match.objects.filter(need=need, premises=premises).first(),
        what="the match of the new premises",
    )
    # Back to "Mon espace" by the header, then its link to the matches.
    me.follow("header a[href='/mon-espace/']", "**/mon-espace/")
    me.follow("#contenu a[href='/offres/correspondances/']", "**/offres/correspondances/")
    row = page.locator("tbody tr", has_text="Café des aînés du Bas-Montreuil")
    assert row.count() == 1
    assert "Collectif Habitat Inclusif" in row.inner_text()
    assert "même commune" in row.inner_text()
    audit(page)
    me.follow(f"a[href='/offres/correspondances/{match.pk}/']", f"**/{match.pk}/")
    assert "Café des aînés du Bas-Montreuil" in page.locator("#contenu").inner_text()
    audit(page)
    # Each was told once, by email: the moderator of the submission, then both sides of the
    # match: the project holder and the landlord.
    mail = smtp.wait_for(3)
    subjects = {m["X-Envelope-To"]: subject(m) for m in mail}
    assert len(mail) == 3
    assert sorted(subjects) == sorted(
        [partners.moderator.email, partners.holder_user.email, partners.landlord_user.email]
    )
    assert "Fiche à valider : Ancienne loge rue de Paris" in subjects[partners.moderator.email]
    assert "Un local correspond à votre besoin" in subjects[partners.holder_user.email]
    assert "Un projet correspond à votre local" in subjects[partners.landlord_user.email]
    assert "Ancienne loge rue de Paris" in anonymous_get("/offres/locaux/").content.decode()


# --- 3. Project holder: post a need, get the match notification --------------------------------


@pytest.mark.parametrize("keyboard", MODES)
def test_project_holder_posts_a_need_and_is_notified_of_a_match_once(
    keyboard, partners, live_server, page, audit, keyboard_focus, celery_worker, smtp
):
    from django.db import transaction

    from core import moderation
    from offers import services
    from offers.models import Match, ProjectNeed
    from offers.vocabularies import Status

    start = timezone.localdate() + timedelta(days=30)
    me = Driver(page, live_server.url, keyboard, keyboard_focus)

    me.log_in(partners.holder_user.email)
    me.follow("#contenu a[href='/offres/mon-espace/']", "**/offres/mon-espace/")
    me.follow("#contenu a[href='/offres/mon-espace/besoins/nouveau/']", "**/besoins/nouveau/")
    audit(page)
    me.type("#id_title", "Habitat inclusif des Murs-à-Pêches")
    me.choose("#id_project_type", "habitat-inclusif")
    me.type("#id_description", "Un lieu commun pour six colocataires âgés et leurs voisins.")
    me.check("input[name='usages'][value='reunions']")
    me.type("#id_surface_min", "60")
    me.type("#id_surface_max", "150")
    me.type("#id_budget_max", "1000")
    me.choose("#id_center_commune", str(partners.montreuil.pk))
    me.type("#id_radius_km", "3")
    me.date("#id_start_date", start)
    me.follow("#contenu form button[type='submit']", manage_page("besoins"))
    need = ProjectNeed.objects.get(title="Habitat inclusif des Murs-à-Pêches")
    assert need.organisation == partners.holder and need.radius_km == 3
    audit(page)
    me.follow("#contenu form[action$='/soumettre/'] button[type='submit']")
    page.get_by_text("Fiche soumise : un modérateur va la relire.").wait_for()
    need.refresh_from_db()
    assert need.status == Status.SUBMITTED

    # Moderation (the queue's own journey is tested above), then a matching premises.
    with transaction.atomic():
        moderation.publish(need, partners.moderator)
    wait_until(
        lambda: ProjectNeed.objects.filter(pk=need.pk, announced_at__isnull=False).exists(),
        what="the announcement of the need",
    )
    premises = PremisesFactory(
        landlord=partners.landlord,
        title="Salle commune de la Boissière",
        commune=partners.montreuil,
        total_surface=90,
        rent=Decimal("700"),
        charges=Decimal("50"),
        allowed_usages=["reunions"],
        available_from=start,
        status=Status.SUBMITTED,
    )
    with transaction.atomic():
        moderation.publish(premises, partners.moderator)
    match = wait_until(
        lambda: Match.objects.filter(need=need, premises=premises).first(),
        what="the match",
    )
    # The notification reaches the inbox through the worker: reload until it shows.
    inbox = live_server.url + "/mon-espace/notifications/"
    deadline = time.monotonic() + CELERY_TIMEOUT
    page.goto(inbox)
    while page.locator(".inbox__entry").count() == 0:
        assert time.monotonic() < deadline, "no notification in the inbox"
        page.wait_for_timeout(250)
        page.reload()
    # Announcing the premises again (a redelivered task, the sweeper) notifies nobody twice.
    for _again in range(2):
        services.announce(premises._meta.label_lower, premises.pk)
    assert smtp.wait_for(1) and len(smtp.to(partners.holder_user.email)) == 1

    page.goto(live_server.url + "/")
    badge = page.locator("a[href='/mon-espace/notifications/'] .badge")
    assert badge.inner_text() == "1 non lue"
    me.follow("a[href='/mon-espace/notifications/']", "**/mon-espace/notifications/")
    entries = page.locator(".inbox__entry")
    assert entries.count() == 1
    assert "Nouvelle correspondance" in entries.first.inner_text()
    assert "Salle commune de la Boissière" in entries.first.inner_text()
    audit(page)
    me.follow(".inbox__entry button[type='submit']", f"**/offres/correspondances/{match.pk}/")
    assert "Salle commune de la Boissière" in page.locator("#contenu").inner_text()
    audit(page)
    assert inbox_deliveries(partners.holder_user).count() == 1
    assert inbox_deliveries(partners.holder_user).get().read_at is not None
    to_holder = smtp.to(partners.holder_user.email)
    assert len(to_holder) == 1
    assert "Habitat inclusif des Murs-à-Pêches" in subject(to_holder[0])


# --- 4. Moderator: approve a directory service ------------------------------------------------


@pytest.mark.parametrize("keyboard", MODES)
def test_moderator_approves_a_directory_service_and_it_becomes_public(
    keyboard, partners, live_server, page, audit, keyboard_focus
):
    from directory.models import Service

    service = ServiceFactory(
        organisation=partners.ess,
        name="Portage de livres à domicile",
        status=DirectoryStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    public_url = f"/annuaire/services/{service.slug}/"
    assert anonymous_get(public_url).status_code == 404
    me = Driver(page, live_server.url, keyboard, keyboard_focus)

    me.log_in(partners.moderator.email)
    audit(page)  # "Mon espace", with the moderation queue
    me.follow("#contenu a[href='/admin/moderation/']", "**/admin/moderation/")
    audit(page)
    moderate = f"/admin/moderation/service/{service.pk}/"
    me.follow(f"a[href='{moderate}']", f"**{moderate}")
    assert "Portage de livres à domicile" in page.locator("body").inner_text()
    audit(page)
    me.follow("form:has(input[name='action'][value='publish']) button[type='submit']")
    page.get_by_text("La fiche est publiée.").wait_for()
    assert "La fiche est publiée." in page.locator("body").inner_text()
    service.refresh_from_db()
    assert service.status == DirectoryStatus.PUBLISHED
    assert Service.objects.filter(pk=service.pk, published_at__isnull=False).exists()

    me.follow(f"a[href='{public_url}']", f"**{public_url}")
    assert page.locator("h1").inner_text().strip() == "Portage de livres à domicile"
    audit(page)
    # Public for everybody now.
    assert anonymous_get(public_url).status_code == 200

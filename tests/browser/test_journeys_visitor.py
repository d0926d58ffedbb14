"""Visitor journeys in real Chromium, each run with the mouse and keyboard only (Tab, Enter,
Space, arrows, typing; focus visible where the visitor acts):

1. a visitor looks for "aide à domicile" near Montreuil and opens a service;
2. a carer reads the carers' guide for her commune and downloads its PDF (built by the real
   Celery worker);
3. a visitor registers to a full carers' group and is put on the waitlist (email sent by
   the worker to the SMTP sink).

Plus axe-core on the page types the other browser tests do not reach: orientation results,
a residence sheet, the agenda's filtered, commune, organisation, archive and month pages, a
registration's own page, a localised guide and the "PDF en préparation" page."""

import re
from email.header import decode_header, make_header

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .journeys import (
    PASSWORD,
    assert_focus_visible,
    carers_guide_world,
    full_event_world,
    gardien,
    home_help_world,
    pdf_text,
    residence_in,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH_RESULTS = re.compile(r".*/recherche/\?.*pres_de=93048.*rayon=5.*")


# --- 1. "aide à domicile" near Montreuil ------------------------------------------------------
def assert_service_page(page, world) -> None:
    """Who offers it, what, for whom, where and how to reach it."""
    service = world.service
    assert page.locator("h1").inner_text() == "Aide à domicile des Murs-à-Pêches"
    assert "Proposé par Âge et Vie à Domicile Montreuil" in page.locator("#contenu").inner_text()
    what = page.locator("section[aria-labelledby='titre-quoi']").inner_text()
    assert "Ménage, courses, repas et aide à la toilette" in what
    assert "Aide à domicile" in what  # the category badge
    who = page.locator("section[aria-labelledby='titre-qui']").inner_text()
    assert "Personnes de 60 ans et plus vivant à Montreuil." in who
    where = page.locator("section[aria-labelledby='titre-ou']").inner_text()
    assert "14 rue de Paris" in where and "93100" in where and "Montreuil" in where
    assert "Entrée de plain-pied" in where
    how = page.locator("section[aria-labelledby='titre-comment']").inner_text()
    assert "Téléphone" in how
    assert page.locator(f"a[href='tel:{service.phone}']").is_visible()
    assert page.locator(f"a[href='mailto:{service.organisation.email}']").is_visible()


def assert_near_results(page) -> None:
    """The results swapped in by htmx (the page first lists the whole directory, Saint-Denis
    included): `expect` retries until the filtered list is there."""
    hits = page.locator(".search-hit")
    near = hits.filter(has_text="Aide à domicile des Murs-à-Pêches")
    expect(hits.filter(has_text="Aide à domicile du Franc-Moisin")).to_have_count(0)
    expect(near).to_have_count(1)
    expect(near).to_contain_text("Montreuil")
    expect(near).to_contain_text(re.compile(r"à\s0[.,]\d\skm"))  # non-breaking spaces


def test_visitor_finds_home_help_near_montreuil(live_server, page, axe, site):
    world = home_help_world()
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Rechercher"
    ).click()
    page.wait_for_url("**/recherche/")
    page.get_by_label("Que cherchez-vous ?").fill("aide à domicile")
    page.get_by_label("Commune").select_option(label="Montreuil")
    page.get_by_label("Dans un rayon de").select_option("5")
    page.locator(".search-box button[type='submit']").click()
    page.wait_for_url(SEARCH_RESULTS)
    assert_near_results(page)
    assert page.get_by_label("Commune").input_value() == "93048"
    axe(page)

    page.locator(".search-hit__title").get_by_role(
        "link", name="Aide à domicile des Murs-à-Pêches"
    ).click()
    page.wait_for_url(f"**{world.service.get_absolute_url()}")
    assert_service_page(page, world)
    axe(page)


def test_visitor_finds_home_help_near_montreuil_by_keyboard(
    live_server, page, site, keyboard_focus
):
    world = home_help_world()
    page.goto(live_server.url + "/")
    keyboard_focus(page, "nav.main-nav a[href='/recherche/']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/")
    keyboard_focus(page, "#search-q")
    assert_focus_visible(page)
    page.keyboard.type("aide à domicile")
    # A closed <select> takes typed letters: "Mon…" picks Montreuil, "5" picks 5 km. Each
    # change refreshes the results (htmx) without moving the focus.
    keyboard_focus(page, "#search-pres-de")
    assert_focus_visible(page)
    page.keyboard.type("Mon")
    assert page.locator("#search-pres-de").input_value() == "93048"
    keyboard_focus(page, "#search-rayon")
    page.keyboard.type("5")
    assert page.locator("#search-rayon").input_value() == "5"
    page.wait_for_url(SEARCH_RESULTS)
    assert page.evaluate("document.activeElement.id") == "search-rayon"
    assert_near_results(page)

    keyboard_focus(page, f".search-hit__title a[href='{world.service.get_absolute_url()}']", 80)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{world.service.get_absolute_url()}")
    assert_service_page(page, world)
    # The phone number is reachable and shows its focus too.
    keyboard_focus(page, f"a[href='tel:{world.service.phone}']", 80)
    assert_focus_visible(page)


# --- 2. The carers' guide, localised, as a PDF -------------------------------------------------
def assert_localised_guide(page) -> None:
    assert page.locator("h1").inner_text() == "Aidants : où trouver du soutien"
    assert "Contacts affichés pour : Montreuil" in page.locator(".guide__commune").inner_text()
    body = page.locator(".guide__body").inner_text()
    assert "Relais des aidants de Montreuil" in body
    assert "Relais des aidants de Saint-Denis" not in body


def pdf_arrives(page):
    """Waits for the navigation that brings the PDF (Chromium shows it in its PDF viewer)."""
    return page.expect_response(
        lambda response: (
            response.request.is_navigation_request()
            and response.headers.get("content-type") == "application/pdf"
        ),
        timeout=90_000,
    )


def assert_guide_pdf(page, response, tmp_path) -> None:
    assert response.status == 200
    assert response.url.endswith("/guides/aidants-ou-trouver-du-soutien/pdf?commune=93048")
    assert "aidants-ou-trouver-du-soutien-93048" in response.headers["content-disposition"]
    # Chromium hands the navigation to its PDF viewer (the body seen here is the viewer's
    # page): fetch the bytes again, with the page's cookies, as its "download" button does.
    again = page.request.get(response.url)
    assert again.headers["content-type"] == "application/pdf"
    pdf = again.body()
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert "Aidants : où trouver du soutien" in text
    assert "Contacts pour : Montreuil" in text
    assert "Relais des aidants de Montreuil" in text
    assert "01 48 70 60 00" in text
    assert "Relais des aidants de Saint-Denis" not in text


def test_carer_downloads_the_guide_for_her_commune(
    live_server, page, axe, site, celery_worker, tmp_path
):
    world = carers_guide_world()
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Guides").click()
    page.get_by_role("link", name="Aidants : où trouver du soutien").click()
    page.wait_for_url(f"**{world.guide.url}")
    page.get_by_label("Votre commune").fill("Montreuil")
    page.get_by_role("button", name="Voir les contacts près de chez moi").click()
    page.wait_for_url(f"**{world.guide.url}?commune=Montreuil")
    assert_localised_guide(page)
    axe(page)

    link = page.get_by_role("link", name="Télécharger le guide en PDF (contacts de Montreuil)")
    assert link.get_attribute("href").endswith("/pdf?commune=93048")
    # The first click finds the PDF not built yet: a page says so and refreshes itself
    # until the worker has built it; then the PDF opens.
    with pdf_arrives(page) as pdf_response:
        link.click()
        page.wait_for_url("**/pdf?commune=93048")
        assert page.locator("h1").inner_text() == "Votre PDF est en préparation"
        axe(page)
    assert_guide_pdf(page, pdf_response.value, tmp_path)


def test_carer_downloads_the_guide_for_her_commune_by_keyboard(
    live_server, page, site, celery_worker, keyboard_focus, tmp_path
):
    world = carers_guide_world()
    page.goto(live_server.url + "/")
    keyboard_focus(page, "nav.main-nav a[href='/guides/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{world.guide.get_parent().url}")
    keyboard_focus(page, f"#contenu a[href='{world.guide.url}']", 80)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{world.guide.url}")
    keyboard_focus(page, "#id_commune", 80)
    assert_focus_visible(page)
    page.keyboard.type("93100")  # the postcode works too
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{world.guide.url}?commune=93100")
    assert_localised_guide(page)

    keyboard_focus(page, "a[href$='/pdf?commune=93048']", 80)
    assert_focus_visible(page)
    with pdf_arrives(page) as pdf_response:
        page.keyboard.press("Enter")
    assert_guide_pdf(page, pdf_response.value, tmp_path)


def test_guide_pdf_arrives_without_javascript(browser, live_server, site, celery_worker, tmp_path):
    """Without JavaScript the waiting page does not refresh on a timer (WCAG 2.2.1): it says
    so, and its "reload now" link brings the PDF once it is built."""
    from guides.models import ExportStatus, GuideExport

    world = carers_guide_world()
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + world.guide.url + "?commune=Montreuil")
        page.locator("a[href$='/pdf?commune=93048']").click()
        page.wait_for_url("**/pdf?commune=93048")
        assert "Votre PDF est en préparation" in page.locator("h1").inner_text()
        assert "rechargez la page dans quelques secondes" in page.locator("#contenu").inner_text()
        wait_until(
            lambda: GuideExport.objects.filter(
                guide=world.guide, status=ExportStatus.READY
            ).exists(),
            what="the PDF build",
        )
        with pdf_arrives(page) as pdf_response:
            page.get_by_role("link", name="Recharger maintenant").click()
        assert_guide_pdf(page, pdf_response.value, tmp_path)
    finally:
        context.close()


# --- 3. A full carers' group: on the waitlist ------------------------------------------------
def assert_waitlisted(page, world, smtp, email: str) -> None:
    from events.models import Registration, RegistrationStatus

    page.wait_for_url("**/agenda/inscription/*/")
    assert page.locator("h1").inner_text() == "Mon inscription"
    main = page.locator("#contenu").inner_text()
    assert "Vous êtes sur liste d'attente." in main  # the flash message
    assert "Vous êtes sur liste d'attente, en position 1." in main
    assert "prévenu par e-mail" in main
    registration = Registration.objects.get(occurrence=world.occurrence, email=email)
    assert registration.status == RegistrationStatus.WAITLISTED
    assert world.occurrence.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 1

    [message] = smtp.wait_for(1)
    assert message["X-Envelope-To"] == email
    assert str(make_header(decode_header(message["Subject"]))) == (
        "[Maillage] Liste d'attente : Café des aidants"
    )
    # Through the notifications outbox: text and HTML alternatives.
    [body] = [
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    ]
    assert "vous êtes sur liste d'attente, en position 1" in body
    own_page = page.url.removeprefix(live_server_url(page))
    assert own_page in body  # the link to find or cancel the registration


def live_server_url(page) -> str:
    return re.match(r"https?://[^/]+", page.url).group(0)


def test_visitor_joins_the_waitlist_of_a_full_event(
    live_server, page, axe, site, celery_worker, smtp
):
    world = full_event_world()
    page.goto(live_server.url + reverse("events:index"))
    card = page.locator(".event-card").filter(has_text="Café des aidants")
    assert "Complet — liste d'attente" in card.inner_text()
    card.get_by_role("link", name="Café des aidants").click()
    page.wait_for_url(f"**{world.event.url}?date=*")
    assert "Complet : inscription sur liste d'attente" in page.locator("#contenu").inner_text()
    register_url = reverse("events:register", args=[world.occurrence.pk])
    page.locator(f"a[href='{register_url}']").first.click()  # the chosen session's button
    page.wait_for_url("**/inscription/")
    assert "Cette séance est complète" in page.locator("#contenu").inner_text()
    page.get_by_label("Nom et prénom").fill("Karim Benali")
    page.get_by_label("Adresse e-mail").fill("karim.benali@exemple.fr")
    page.get_by_label("Place pour fauteuil roulant").check()
    page.get_by_role("button", name="M'inscrire sur liste d'attente").click()
    assert_waitlisted(page, world, smtp, "karim.benali@exemple.fr")
    axe(page)


def test_visitor_joins_the_waitlist_of_a_full_event_by_keyboard(
    live_server, page, site, celery_worker, smtp, keyboard_focus
):
    from events.models import Registration

    world = full_event_world()
    page.goto(live_server.url + reverse("events:index"))
    keyboard_focus(page, f".event-card a[href^='{world.event.url}?date=']", 80)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{world.event.url}?date=*")
    keyboard_focus(page, f"a[href='{reverse('events:register', args=[world.occurrence.pk])}']", 80)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/inscription/")
    keyboard_focus(page, "#id_name", 80)
    assert_focus_visible(page)
    page.keyboard.type("Karim Benali")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.type("karim.benali@exemple.fr")
    keyboard_focus(page, "input[name='access_needs'][value='boucle_magnetique']")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert page.locator("input[value='boucle_magnetique']").is_checked()
    keyboard_focus(page, "form.registration-form button[type='submit']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert_waitlisted(page, world, smtp, "karim.benali@exemple.fr")
    assert Registration.objects.get(email="karim.benali@exemple.fr").access_needs == [
        "boucle_magnetique"
    ]


# --- axe on the page types the other browser tests do not reach -------------------------------
def test_orientation_agenda_and_guide_states_are_accessible(
    live_server, page, axe, site, django_user_model
):
    from django.utils import timezone

    from events.models import RegistrationStatus
    from events.tokens import registration_token
    from orientation import defaults
    from orientation.models import GlossaryTerm, Situation

    defaults.load_situations(Situation)
    defaults.load_glossary(GlossaryTerm, Situation)
    home_help = home_help_world()
    guide = carers_guide_world().guide
    events = full_event_world()
    waiting = events.occurrence.registrations.create(
        name="Karim Benali", email="karim.benali@exemple.fr", status=RegistrationStatus.WAITLISTED
    )
    residence = residence_in(home_help.montreuil)
    start = timezone.localtime(events.occurrence.start)
    organiser = events.event.organiser
    public = {
        "orientation results": "/orientation/?situation=aide-a-domicile&commune=Montreuil",
        "orientation results, danger": "/orientation/?situation=danger-immediat&commune=93048",
        "orientation, unknown commune": "/orientation/?situation=isolement&commune=Atlantide",
        "agenda filtered": reverse("events:index") + "?type=groupe_parole&commune=montreuil",
        "agenda, invalid dates": reverse("events:index")
        + "?date_from=2026-12-10&date_to=2026-12-01",
        "agenda of a commune": reverse("events:commune", args=["montreuil"]),
        "agenda of an organisation": reverse("events:organisation", args=[organiser.slug]),
        "agenda archive": reverse("events:archive"),
        "agenda month with an event": reverse("events:month", args=[start.year, start.month]),
        "event, full": events.event.url,
        "registration, full session": reverse("events:register", args=[events.occurrence.pk]),
        "my registration, waitlisted": reverse(
            "events:registration", args=[registration_token(waiting)]
        ),
        "guide for a commune": guide.url + "?commune=Montreuil",
        "guide, unknown commune": guide.url + "?commune=Atlantide",
        "guide PDF, unknown commune": reverse("guides:pdf", args=[guide.slug])
        + "?commune=Atlantide",
    }
    expected_status = {"guide PDF, unknown commune": 400}
    checks = {
        "orientation results": "Aide à domicile des Murs-à-Pêches",
        "orientation results, danger": "112",
        "orientation, unknown commune": "Aucune commune ne correspond à « Atlantide ».",
        "agenda filtered": "Café des aidants",
        "agenda, invalid dates": "La date de fin précède la date de début.",
        "agenda month with an event": "Café des aidants",
        "my registration, waitlisted": "en position 1",
        "guide for a commune": "Relais des aidants de Montreuil",
        "guide, unknown commune": "Nous ne connaissons pas la commune « Atlantide »",
    }
    failures = []

    def visit(name: str, url: str) -> None:
        response = page.goto(live_server.url + url)
        if response.status != expected_status.get(name, 200):
            failures.append(f"{name}: HTTP {response.status} for {url}")
            return
        if name in checks and checks[name] not in page.locator("#contenu").inner_text():
            failures.append(f"{name}: « {checks[name]} » not shown at {url}")
        try:
            axe(page)
        except AssertionError as error:
            failures.append(f"{name} ({url}):\n{error}")

    for name, url in public.items():
        visit(name, url)

    # The registration form sent empty: errors next to the fields (HTTP 400).
    page.goto(live_server.url + public["registration, full session"])
    page.get_by_role("button", name="M'inscrire sur liste d'attente").click()
    page.locator("form.registration-form .errorlist").first.wait_for()
    try:
        axe(page)
    except AssertionError as error:
        failures.append(f"registration form with errors:\n{error}")

    # A gardien's pages: the residence sheet, orientation from it, favourites.
    gardien(residence, django_user_model)
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name='login']", "gardien@exemple.fr")
    page.fill("input[name='password']", PASSWORD)
    page.press("input[name='password']", "Enter")
    page.wait_for_url(f"**/residences/{residence.pk}/")
    checks["residence sheet"] = "Aide à domicile des Murs-à-Pêches"
    for name, url in {
        "residence sheet": reverse("orientation:residence", args=[residence.pk]),
        "orientation from a residence": reverse("orientation:index") + f"?residence={residence.pk}",
        "orientation results for a residence": reverse("orientation:index")
        + f"?situation=aide-a-domicile&residence={residence.pk}",
        "favourites": reverse("orientation:favourites"),
    }.items():
        visit(name, url)
    assert not failures, "\n\n".join(failures)

"""What a visitor or a tenant reads is written for people: on every public page kind, PDF and
poster of the demo, no opening hours in OSM syntax (« Mo-Th 08:30-12:30; PH off »), no phone
number as « +33… » (`tel:` links dial E.164, that is markup, not text) and no INSEE code where
a commune's name should be; and no acronym that the glossary does not define.

To extend: add a page kind to `PAGES` (a function yielding (label, visible text) pairs, for
the visitor's and the gardien's clients) or a rule to `checks()` (a function returning the
offending excerpts of a text, e.g. acronyms the glossary does not define)."""

import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from wagtail.models import Page as WagtailPage

from demo.directory import GARDIEN_EMAIL
from demo.management.commands.load_demo_data import DEMO_MODULES
from demo.widgets import DEMO_WIDGET_TOKEN
from directory.models import (
    Commune,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Residence,
    Service,
)
from directory.public_links import public_key
from directory.verification_links import make_token
from events.models import EventIndexPage, EventOccurrence, EventPage
from feedback import reports
from feedback.models import ReportSubject
from funding.models import Status as FundingStatus
from guides import exports
from guides.models import GuidePage
from home.models import HomePage, StandardPage
from offers.models import Premises, ProjectNeed, ServiceOffer
from orientation.glossary import undefined_acronyms
from orientation.models import GlossaryTerm, Situation
from tests.feedback.factories import moderator_of
from tests.funding.factories import CallFactory
from tests.offers.factories import OfferFactory, member_of
from tests.steering.factories import DailyCounterFactory
from widgets.models import Widget

# The whole demo, every page kind and PDF: longer than the default timeout on a busy machine.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]

COMMUNE = "93048"  # Montreuil
MODERATOR_EMAIL = "moderateur@maillage.example"  # demo/accounts.py


# --- Visible text --------------------------------------------------------------------------------
class _TextOf(HTMLParser):
    """The text a person reads: character data outside <script>, <style> and <head>, plus the
    alt and title texts (attributes such as href="tel:+33…" are markup, not text)."""

    HIDDEN = {"script", "style", "head", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if self.hidden:  # the head's <link title="…"> (feeds) is not on the page
            return
        for name, value in attrs:
            if name in ("alt", "title", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        output = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    return " ".join(output.split())


# --- Checks --------------------------------------------------------------------------------------
Check = Callable[[str], list[str]]
DAYS = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
URL = re.compile(r"https?://\S+")


def _excerpts(pattern: re.Pattern, text: str) -> list[str]:
    return [text[max(m.start() - 30, 0) : m.end() + 30] for m in pattern.finditer(text)]


def osm_hours(text: str) -> list[str]:
    """« Mo-Fr », « Tu,Th 14:00 », « PH off », « 08:30-12:30 »."""
    pattern = re.compile(
        rf"\b{DAYS}[-,]{DAYS}?|\b{DAYS} \d\d:\d\d|\bPH (?:off|closed)\b|\b\d\d:\d\d-\d\d:\d\d\b"
    )
    return _excerpts(pattern, text)


def international_phones(text: str) -> list[str]:
    return _excerpts(re.compile(r"\+33"), text)


def insee_codes(codes: set[str]) -> Check:
    """INSEE codes of the demo's communes in the text (URLs shown as text aside); a code that
    is also a postcode (« 93000 Bobigny ») is an address, not a code."""

    def check(text: str) -> list[str]:
        text = URL.sub(" ", text)
        return [
            text[max(m.start() - 30, 0) : m.end() + 30]
            for m in re.finditer(r"(?<!\d)\d{5}(?!\d)", text)
            if m.group() in codes
        ]

    return check


def departement_numbers(text: str) -> list[str]:
    """« Tout le département (93) » where « (Seine-Saint-Denis) » is meant."""
    return _excerpts(re.compile(r"\bdépartement \(?\d{2,3}\b"), text)


def undefined_glossary_acronyms(lexicon: set[str]) -> Check:
    """Acronyms (« SCHS », « CESF ») that the glossary does not explain. A word set in
    capitals for style (a poster heading « LIEN SOCIAL ») is a word that the pages also write
    in lower case (`lexicon`); an acronym never is."""
    known = list(GlossaryTerm.objects.exclude(acronym="").values_list("acronym", flat=True))

    def check(text: str) -> list[str]:
        return sorted(a for a in undefined_acronyms(text, known) if a.casefold() not in lexicon)

    return check


def lower_case_words(texts: list[str]) -> set[str]:
    return {w.casefold() for text in texts for w in re.findall(r"\w+", text) if w != w.upper()}


def checks(lexicon: set[str]) -> dict[str, Check]:
    postcodes = {p for c in Commune.objects.all() for p in c.postcodes}
    codes = set(Commune.objects.values_list("insee_code", flat=True)) - postcodes
    return {
        "horaires en syntaxe OSM": osm_hours,
        "numéro en +33": international_phones,
        "code INSEE": insee_codes(codes),
        "numéro de département": departement_numbers,
        "sigle absent du glossaire": undefined_glossary_acronyms(lexicon),
    }


# --- Pages ---------------------------------------------------------------------------------------
Page = Callable[[Client, Client], Iterator[tuple[str, str]]]


# What the test rendered: « namespace:name » of every URL pattern answered, and the Wagtail page
# types served, checked against the URL confs at the end (a new page kind is never skipped).
RENDERED: set[str] = set()


def _record(response) -> None:
    match = response.resolver_match
    if match is None:
        return
    RENDERED.add(match.view_name)
    context = response.context
    if context is not None and "page" in context and isinstance(context["page"], WagtailPage):
        RENDERED.add(f"wagtail:{type(context['page'].specific).__name__}")


CALENDAR_TEXT = ("SUMMARY", "DESCRIPTION", "LOCATION")


def _text(response) -> str:
    kind = response["Content-Type"].split(";")[0]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "application/pdf":
        return pdf_text(body)
    if kind == "text/calendar":
        # What a calendar shows: the summary, description and place of each event (unfolded).
        lines = body.decode().replace("\r\n ", "").splitlines()
        fields = [line.split(":", 1)[1] for line in lines if line.startswith(CALENDAR_TEXT)]
        return " ".join(" ".join(fields).replace("\\n", " ").replace("\\,", ",").split())
    if kind in ("application/rss+xml", "application/atom+xml"):
        # Feeds carry their HTML escaped: the text of the text.
        return visible_text(visible_text(body.decode()).replace("\\n", " "))
    return visible_text(body.decode())


def _get(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, f"{url} → {response.status_code}"
    _record(response)
    return _text(response)


def public_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    montreuil = Commune.objects.get(insee_code=COMMUNE)
    yield "accueil", _get(visitor, "/")
    yield "annuaire", _get(visitor, reverse("directory:home"))
    yield "annuaire, commune", _get(visitor, reverse("directory:commune", args=[montreuil.slug]))
    search_url = reverse("search:search")
    yield "recherche", _get(visitor, f"{search_url}?q=aide")
    yield "recherche près de", _get(visitor, f"{search_url}?q=accueil&commune={COMMUNE}")


def directory_sheets(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    services = Service.objects.published().exclude(opening_hours="").exclude(phone="")
    hours = Service.objects.published().filter(stops__isnull=False).distinct()
    for service in [*services.order_by("pk")[:2], *hours.order_by("pk")[:1]]:
        yield (
            f"fiche service {service.slug}",
            _get(visitor, reverse("directory:service", args=[service.slug])),
        )
        yield (
            f"fiche organisation {service.organisation.slug}",
            _get(visitor, reverse("directory:organisation", args=[service.organisation.slug])),
        )


def orientation_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    index = reverse("orientation:index")
    for situation in Situation.objects.order_by("pk")[:3]:
        url = f"{index}?situation={situation.slug}&commune={COMMUNE}"
        yield f"orientation {situation.slug}", _get(visitor, url)
        yield f"orientation {situation.slug} (gardien)", _get(gardien, url)
    service = Service.objects.published().exclude(opening_hours="").order_by("pk").first()
    call_sheet = reverse("orientation:call_sheet", args=[service.slug])
    yield "fiche d'appel", _get(visitor, f"{call_sheet}?situation=isolement")
    residence = Residence.objects.filter(gardiens__email=GARDIEN_EMAIL).first()
    yield "fiche résidence", _get(gardien, reverse("orientation:residence", args=[residence.pk]))
    yield (
        "fiche résidence PDF",
        _get(gardien, reverse("orientation:residence_pdf", args=[residence.pk])),
    )
    yield "glossaire", _get(visitor, reverse("orientation:glossary"))


def _built(export) -> str:
    exports.build(export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as file:
        return pdf_text(file.read())


def guide_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    montreuil = Commune.objects.get(insee_code=COMMUNE)
    yield "guides", _get(visitor, reverse("guides:index"))
    for guide in GuidePage.objects.live().order_by("pk"):
        yield f"guide {guide.slug}", _get(visitor, f"{guide.url}?commune={COMMUNE}")
    # The demo's translated guides were read under /ar/ and /en/ (LocaleMiddleware leaves
    # their language active in this thread): the exports below are the French ones.
    translation.activate(settings.LANGUAGE_CODE)
    guide = GuidePage.objects.live().order_by("pk").first()
    yield "guide PDF", _built(exports.request_guide_pdf(guide, montreuil))
    yield "affiche commune", _built(exports.request_poster(commune=montreuil))
    residence = Residence.objects.filter(gardiens__email=GARDIEN_EMAIL).first()
    yield (
        "affiche résidence",
        _built(exports.request_poster(commune=residence.commune, residence=residence)),
    )


def offer_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    yield "offres", _get(visitor, reverse("offers:home"))
    yield "locaux", _get(visitor, reverse("offers:premises_list"))
    published = ServiceOffer.objects.filter(status="published")
    for offer in [
        published.exclude(coverage_communes=[]).order_by("pk").first(),
        published.filter(coverage_communes=[]).order_by("pk").first(),
    ]:
        if offer is not None:
            yield f"offre {offer.pk}", _get(visitor, reverse("offers:offer", args=[offer.pk]))
    premises = Premises.objects.filter(status="published").order_by("pk").first()
    yield f"local {premises.pk}", _get(visitor, reverse("offers:premises", args=[premises.pk]))
    need = ProjectNeed.objects.filter(status="published").exclude(zone_communes=[]).first()
    if need is not None:
        yield f"besoin {need.pk}", _get(visitor, reverse("offers:need", args=[need.pk]))


def event_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    yield "agenda", _get(visitor, reverse("events:index"))
    yield "agenda (page Wagtail)", _get(visitor, EventIndexPage.objects.live().first().url)
    for event in EventPage.objects.live().order_by("pk")[:3]:
        yield f"événement {event.slug}", _get(visitor, event.url)


def funding_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    """Calls for projects: the list (open, then closed) and a call limited to two communes,
    with an amount range (the demo has none: one is made here)."""
    call = CallFactory(
        title="Appel à projets lien social",
        status=FundingStatus.PUBLISHED,
        eligible_kinds=["ess"],
        themes=["lien-social"],
        communes=[COMMUNE, "93006"],
        amount_min=5000,
        amount_max=20000,
    )
    yield "appels à projets", _get(visitor, reverse("funding:list"))
    yield "appels à projets clôturés", _get(visitor, reverse("funding:list") + "?etat=clotures")
    yield "appel à projets", _get(visitor, reverse("funding:detail", args=[call.pk]))


def widget_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    """The demo landlord's widget, as a partner's site frames it, and a search inside it."""
    widget = Widget.objects.get(token=DEMO_WIDGET_TOKEN)
    yield "module à intégrer", _get(visitor, widget.get_absolute_url())
    yield "module à intégrer (recherche)", _get(visitor, widget.get_absolute_url() + "?q=aide")


def steering_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    """The dashboards, with counts in a commune and a situation: the territory's (a moderator
    of the 93) and an organisation's own figures (one of its members); the gap map of the
    demo's moderator (communes and situations by their names, never their codes) and its CSV."""
    situation = Situation.objects.order_by("order", "pk").first()
    organisation = Organisation.objects.filter(kind=OrganisationKind.ESS).order_by("pk").first()
    DailyCounterFactory(
        metric="orientation",
        dimensions={"commune": COMMUNE, "situation": situation.slug, "answers": "2"},
        value=4,
    )
    DailyCounterFactory(
        metric="sheet_view",
        dimensions={"kind": "organisation", "organisation": str(organisation.pk)},
        value=6,
    )
    moderator = Client()
    moderator.force_login(moderator_of("93", email="pilotage-93@exemple.fr"))
    yield "tableau de bord", _get(moderator, reverse("steering:dashboard"))
    yield (
        "tableau de bord, 12 mois",
        _get(moderator, reverse("steering:dashboard") + "?periode=12m"),
    )
    member = Client()
    member.force_login(member_of(organisation, role=MembershipRole.MEMBER))
    url = reverse("steering:organisation", args=[organisation.slug])
    yield "chiffres d'une organisation", _get(member, url)
    demo_moderator = Client()
    demo_moderator.force_login(get_user_model().objects.get(email=MODERATOR_EMAIL))
    yield "carte des lacunes", _get(demo_moderator, reverse("steering:gaps"))
    yield "carte des lacunes (CSV)", _get(demo_moderator, reverse("steering:gaps_csv"))


# Hours as the editor writes them: a dated closure and summer hours (« 2026 Dec 24-… off »).
DATED_HOURS = (
    "Mo-Fr 09:00-12:30,14:00-17:30; 2099 Jul 15-2099 Aug 15 Mo-We 10:00-12:00; PH off; "
    "2098 Dec 24-2099 Jan 01 off"
)


def trust_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    """The pages of #16: « Signaler une erreur », « Suggérer un service manquant » (with its
    errors), the thank-you page, the one-click verification, a sheet with dated hours, and the
    partner's list and detail of the reports on its sheets."""
    service = Service.objects.published().exclude(phone="").order_by("pk").first()
    organisation = service.organisation
    Organisation.objects.filter(pk=organisation.pk).update(opening_hours=DATED_HOURS)
    yield (
        "fiche aux horaires datés",
        _get(visitor, reverse("directory:organisation", args=[organisation.slug])),
    )
    yield (
        "signaler une erreur (organisation)",
        _get(visitor, reverse("feedback:report_organisation", args=[organisation.slug])),
    )
    yield (
        "signaler une erreur (service)",
        _get(visitor, reverse("feedback:report_service", args=[service.slug])),
    )
    suggest = reverse("feedback:suggest")
    yield "suggérer un service", _get(visitor, suggest)
    response = visitor.post(suggest, {"name": "", "commune": COMMUNE})
    assert response.status_code == 200
    yield "suggérer un service (erreurs)", visible_text(response.content.decode())
    yield "signalement envoyé", _get(visitor, reverse("feedback:thanks"))
    token = make_token(organisation.pk, organisation.verified_at)
    yield "vérification en un clic", _get(visitor, reverse("directory:verify", args=[token]))
    report = reports.report_error(
        organisation=organisation,
        service=service,
        subject=ReportSubject.choices[0][0],
        message="Le numéro a changé.",
        reporter_email="habitant@example.org",
    )
    admin = get_user_model().objects.create_user("admin-fiche@example.org", "x")
    Membership.objects.create(user=admin, organisation=organisation, role=MembershipRole.ADMIN)
    partner = Client()
    partner.force_login(admin)
    yield "signalements de mes fiches", _get(partner, reverse("feedback:partner_list"))
    yield (
        "signalement de ma fiche",
        _get(partner, reverse("feedback:partner_detail", args=[report.pk])),
    )


def more_public_pages(visitor: Client, gardien: Client) -> Iterator[tuple[str, str]]:
    """Every other page kind a visitor reaches: category, agenda views, registration form,
    calendar files and feeds (their text), « Qui appeler ? » public pages, posters and guide
    PDFs through their addresses, alerts form, standard page, 404."""
    montreuil = Commune.objects.get(insee_code=COMMUNE)
    service = Service.objects.published().exclude(categories=[]).order_by("pk").first()
    category = service.categories[0]
    yield "catégorie", _get(visitor, reverse("directory:category", args=[category]))
    yield (
        "service, impression",
        _get(visitor, reverse("directory:service_print", args=[service.slug])),
    )
    yield "service, PDF", _get(visitor, reverse("directory:service_pdf", args=[service.slug]))
    occurrence = EventOccurrence.objects.filter(event__live=True).order_by("start").first()
    start = timezone.localtime(occurrence.start)
    event = occurrence.event
    yield "agenda, archives", _get(visitor, reverse("events:archive"))
    yield "agenda, ce mois", _get(visitor, reverse("events:month_current"))
    yield (
        "agenda, mois",
        _get(visitor, reverse("events:month", args=[start.year, start.month])),
    )
    commune = event.commune or montreuil
    yield "agenda, commune", _get(visitor, reverse("events:commune", args=[commune.slug]))
    organiser = event.organiser
    yield (
        "agenda, organisation",
        _get(visitor, reverse("events:organisation", args=[organiser.slug])),
    )
    yield "agenda, inscription", _get(visitor, reverse("events:register", args=[occurrence.pk]))
    yield "agenda, fichier iCal", _get(visitor, reverse("events:feed"))
    yield "événement, fichier iCal", _get(visitor, reverse("events:event_ics", args=[event.pk]))
    yield (
        "séance, fichier iCal",
        _get(visitor, reverse("events:occurrence_ics", args=[occurrence.pk])),
    )
    for name, args in [
        ("services", []),
        ("services_atom", []),
        ("services_departement", ["93"]),
        ("services_departement_atom", ["93"]),
        ("services_commune", [COMMUNE]),
        ("services_commune_atom", [COMMUNE]),
        ("events", []),
        ("events_atom", []),
        ("events_departement", ["93"]),
        ("events_departement_atom", ["93"]),
        ("events_commune", [COMMUNE]),
        ("events_commune_atom", [COMMUNE]),
        ("calls", []),
        ("calls_atom", []),
        ("calls_departement", ["93"]),
        ("calls_departement_atom", ["93"]),
    ]:
        yield f"flux {name}", _get(visitor, reverse(f"feeds:{name}", args=args))
    yield (
        "qui appeler, commune",
        _get(visitor, reverse("guides:commune_public", args=[COMMUNE])),
    )
    residence = Residence.objects.filter(gardiens__email=GARDIEN_EMAIL).first()
    yield (
        "qui appeler, résidence",
        _get(
            visitor,
            reverse("guides:residence_public", args=[residence.pk, public_key(residence.pk)]),
        ),
    )
    # Built above (guide_pages): the addresses serve the files.
    yield (
        "affiche commune (adresse)",
        _get(visitor, reverse("guides:commune_poster", args=[COMMUNE])),
    )
    yield (
        "affiche résidence (adresse)",
        _get(gardien, reverse("guides:residence_poster", args=[residence.pk])),
    )
    guide = GuidePage.objects.live().order_by("pk").first()
    pdf = reverse("guides:pdf", args=[guide.slug])
    yield "guide PDF (adresse)", _get(visitor, f"{pdf}?commune={COMMUNE}")
    yield "résidences du gardien", _get(gardien, reverse("orientation:residences"))
    yield "favoris du gardien", _get(gardien, reverse("orientation:favourites"))
    yield "rappels envoyés", _get(gardien, reverse("orientation:callbacks_sent"))
    home = HomePage.objects.live().first()
    standard = home.add_child(
        instance=StandardPage(
            title="Accessibilité",
            slug="accessibilite-test",
            body="<p>Joignez-nous au 01 48 84 57 52, du lundi au vendredi.</p>",
        )
    )
    yield "page standard", _get(visitor, standard.url)
    yield "page introuvable", _get(visitor, "/annuaire/services/nexiste-pas/", status=404)


# Named URLs that are not pages people read, each with the reason. Everything else in the URL
# confs of the apps and the feeds must be rendered by `PAGES`.
NOT_READ = {
    **{
        f"widgets:{name}": "espace partenaire (connexion) : réglages des modules à intégrer"
        for name in ("list", "create", "edit", "revoke")
    },
    "orientation:toggle_favourite": "action (POST), renvoie vers la page d'origine",
    "orientation:after_login": "redirection après connexion",
    "orientation:callback_new": "formulaire de demande de rappel : texte sans données",
    "orientation:callback_referent": "formulaire de demande de rappel : texte sans données",
    "orientation:callback_answer": "réponse par lien à usage unique (jeton d'un courriel)",
    "orientation:callbacks_received": "espace des bailleurs (connexion), pas une page publique",
    "orientation:callback_respond": "formulaire de réponse des bailleurs (connexion)",
    "directory:count_click": "compteur de clics (POST de sendBeacon / ping), répond 204 sans corps",
    "search:suggest": "JSON de l'autocomplétion : les noms déjà vérifiés sur la recherche",
    "guides:large_print": "action (POST) qui pose un cookie et redirige",
    "events:registration": "page d'une inscription (jeton d'un courriel)",
    "events:registration_receipt": "reçu d'une inscription (jeton d'un courriel)",
    "events:manage_index": "gestion des organisateurs (connexion)",
    "events:manage_occurrence": "gestion des organisateurs (connexion)",
    "events:manage_action": "action (POST) des organisateurs",
    "events:export_csv": "export des inscrits pour l'organisateur (connexion)",
    "notifications:subscribe": "action (POST) du bouton « M'alerter » des listes",
    "notifications:inbox": "espace personnel (connexion)",
    "notifications:mark_all_read": "action (POST)",
    "notifications:open": "redirection vers l'objet de la notification",
    "notifications:preferences": "espace personnel (connexion)",
    "notifications:confirm": "confirmation par jeton d'un courriel",
    "notifications:unsubscribe": "désabonnement par jeton d'un courriel",
    **{
        f"offers:{name}": "espace partenaire (connexion) : gestion, demandes, appels, modération"
        for name in (
            "dashboard",
            "create",
            "manage",
            "edit",
            "transition",
            "add_photo",
            "delete_photo",
            "requests",
            "contact_request",
            "matches",
            "match",
            "match_status",
            "moderation",
            "moderate",
            "service_calls",
            "service_call",
        )
    },
    "offers:match_outcome": "action (POST) des deux parties : suite donnée à une correspondance",
    "offers:contact_request_outcome": "action (POST) des deux parties : suite d'une demande",
    "offers:agreements": "espace partenaire (connexion) : registre des conventions",
    "offers:agreement_create": "espace partenaire (connexion) : formulaire de convention",
    "offers:agreement": "espace partenaire (connexion) : convention, pour les deux parties",
    "offers:agreement_edit": "espace partenaire (connexion) : formulaire de convention",
    "offers:agreement_document": "fichier privé (téléchargement) pour les deux parties",
    "offers:agreement_document_delete": "confirmation de suppression (connexion, deux parties)",
    "offers:service_call_matches": "espace partenaire (connexion) : prestataires d'un appel "
    "(dates et raisons par les filtres de formats, testé dans tests/offers)",
    "funding:mine": "espace connecté : les appels que l'on peut modifier",
    "funding:create": "formulaire (connexion) : proposer un appel à projets",
    "funding:edit": "formulaire (connexion) : modifier un appel à projets",
    "steering:dashboard_export": "téléchargement CSV / ODS des tableaux déjà lus sur la page",
    "steering:organisation_export": "téléchargement CSV / ODS des tableaux déjà lus sur la page",
}

URL_CONFS = (
    "directory",
    "orientation",
    "search",
    "offers",
    "events",
    "feedback",
    "funding",
    "widgets",
    "steering",
    "guides",
    "notifications",
    "feeds",
)
PAGE_TYPES = (
    "HomePage",
    "StandardPage",
    "EventIndexPage",
    "EventPage",
    "GuideIndexPage",
    "GuidePage",
)


def named_urls(resolver=None, namespace: str = "") -> set[str]:
    """« namespace:name » of every named URL pattern of the apps' URL confs."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace or ""
            names |= named_urls(pattern, inner.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name and namespace:
            names.add(f"{namespace}:{pattern.name}")
    return {name for name in names if name.split(":")[0] in URL_CONFS}


PAGES: list[Page] = [
    public_pages,
    directory_sheets,
    trust_pages,
    orientation_pages,
    guide_pages,
    offer_pages,
    event_pages,
    funding_pages,
    widget_pages,
    steering_pages,
    more_public_pages,
]


@pytest.fixture
def demo_site(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    for module in DEMO_MODULES:
        module.load()
    # The demo's offers cover the whole département; one covers two communes.
    OfferFactory(
        provider=Organisation.objects.filter(kind=OrganisationKind.ESS).order_by("pk").first(),
        title="Café social de quartier",
        coverage_communes=["93048", "93006"],
    )


def test_no_page_pdf_or_poster_shows_osm_hours_phones_insee_codes_or_undefined_acronyms(
    demo_site, client
):
    """Every named URL of the apps and feeds, and every Wagtail page type, is read here or
    listed in NOT_READ with a reason: a new page kind is never skipped."""
    # The demo is what the tests read: hours with "PH off", numbers stored as +33…, zones and
    # coverages as INSEE codes.
    assert Organisation.objects.filter(opening_hours__contains="PH off").exists()
    assert Organisation.objects.filter(phone__startswith="+33").exists()
    assert ServiceOffer.objects.exclude(coverage_communes=[]).exists()

    gardien = Client()
    gardien.force_login(get_user_model().objects.get(email=GARDIEN_EMAIL))
    RENDERED.clear()
    texts = [(label, text) for pages in PAGES for label, text in pages(client, gardien)]
    every = named_urls()
    assert "events:month" in every and "feeds:events_commune" in every
    assert set(NOT_READ) <= every, sorted(set(NOT_READ) - every)
    skipped = sorted(every - RENDERED - set(NOT_READ))
    assert not skipped, f"Pages ni lues ni exclues (avec une raison) : {skipped}"
    served = {name.split(":")[1] for name in RENDERED if name.startswith("wagtail:")}
    assert set(PAGE_TYPES) <= served, sorted(set(PAGE_TYPES) - served)

    rules = checks(lower_case_words([text for _, text in texts]))
    problems = []
    for label, text in texts:
        for rule, check in rules.items():
            problems += [f"{label} — {rule} : …{excerpt}…" for excerpt in check(text)[:3]]
    assert len(texts) > 25
    assert not problems, "\n".join(problems)

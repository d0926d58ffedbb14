"""The page partners' sites frame: framed only by the widget's own sites, its search kept
inside the widget's filters, links to full sheets in a new tab, gone once revoked, counted."""

import html as htmllib
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from core import counters, pagecache
from core.models import DailyCounter
from directory.vocabularies import Category
from tests.accounts.factories import clear_test_cache
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.orientation.factories import SituationFactory

from .factories import WidgetFactory

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
ISOLATION = "social--isolement"  # not the factory services' default thematique


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the search indexing that saving entries queues for the commit."""

    def index(make):
        with django_capture_on_commit_callbacks(execute=True):
            return make()

    return index


def frame_ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]*)", response[CSP]).group(1).strip()


def titles(response) -> list[str]:
    return re.findall(r'class="widget-hit__title"><a [^>]*>([^<]+)<', response.content.decode())


def test_the_widget_page_may_be_framed_only_by_the_widgets_own_sites():
    widget = WidgetFactory(allowed_origins=["https://www.ma-commune.fr", "http://localhost:8080"])
    response = Client().get(widget.get_absolute_url())
    assert response.status_code == 200
    assert frame_ancestors(response) == "https://www.ma-commune.fr http://localhost:8080"
    assert "X-Frame-Options" not in response
    # Every other page keeps refusing frames.
    other = Client().get(reverse("search:search"))
    assert frame_ancestors(other) == "'none'"
    assert other["X-Frame-Options"] == "DENY"
    # The rest of the site's policy stays: scripts only from the site.
    assert re.search(r"(^|; )script-src 'self'( 'nonce-[^']+')?(;|$)", response[CSP])
    assert "unsafe" not in response[CSP]


def test_two_widgets_never_get_each_others_headers_even_with_the_page_cache_on(settings):
    settings.PAGECACHE_TIMEOUT = 60
    pagecache.bump_generation()
    first = WidgetFactory(allowed_origins=["https://premier.fr"])
    second = WidgetFactory(allowed_origins=["https://second.fr"])
    answers = [Client().get(w.get_absolute_url()) for w in (first, second, first, second)]
    assert [frame_ancestors(a) for a in answers] == [
        "https://premier.fr",
        "https://second.fr",
        "https://premier.fr",
        "https://second.fr",
    ]
    for answer in answers:
        # Never stored by the anonymous page cache, nor by a browser or proxy: a revoked
        # widget stops at once.
        assert pagecache.HEADER not in answer
        assert "no-store" in answer["Cache-Control"]


def test_a_revoked_widget_answers_410_and_an_unknown_one_404_with_no_content():
    widget = WidgetFactory()
    widget.revoke()
    gone = Client().get(widget.get_absolute_url())
    unknown = Client().get(reverse("widgets:widget", kwargs={"token": uuid.uuid4()}))
    assert (gone.status_code, unknown.status_code) == (410, 404)
    for answer in (gone, unknown):
        assert answer.content == b""
        assert frame_ancestors(answer) == "'none'"
        assert answer["X-Frame-Options"] == "DENY"


def test_results_stay_inside_the_widgets_communes_categories_and_kinds(indexed, montreuil, bobigny):
    def world():
        here = OrganisationFactory(name="Maison des aidants de Montreuil", commune=montreuil)
        ServiceFactory(organisation=here, name="Aide à domicile Montreuil")
        ServiceFactory(
            organisation=here,
            name="Atelier numérique Montreuil",
            categories=[Category.NUMERIQUE.value],
        )
        there = OrganisationFactory(name="Maison des aidants de Bobigny", commune=bobigny)
        ServiceFactory(organisation=there, name="Aide à domicile Bobigny")

    indexed(world)
    widget = WidgetFactory(
        communes=[montreuil.insee_code],
        categories=[Category.AIDE_A_DOMICILE.value, Category.NUMERIQUE.value],
        kinds=["service"],
    )
    url = widget.get_absolute_url()
    client = Client()
    assert sorted(titles(client.get(url))) == [
        "Aide à domicile Montreuil",
        "Atelier numérique Montreuil",
    ]
    # The visitor narrows inside the widget's filters…
    narrowed = client.get(url, {"categorie": Category.NUMERIQUE.value, "q": "atelier"})
    assert titles(narrowed) == ["Atelier numérique Montreuil"]
    # …never outside them: another commune, category or kind is refused, with a reason.
    for outside in (
        {"commune": bobigny.insee_code},
        {"categorie": Category.HANDICAP.value},
        {"type": "organisation"},
    ):
        refused = client.get(url, outside)
        assert refused.status_code == 400
        assert "Ce choix n'est pas proposé par ce module." in htmllib.unescape(refused.text)
        assert "Bobigny" not in " ".join(titles(refused))
    # The search's own parameters do not widen it either.
    assert "Aide à domicile Bobigny" not in titles(client.get(url, {"q": "Bobigny"}))


def test_a_situation_of_qui_appeler_stands_for_its_thematiques(indexed, montreuil):
    isolation = SituationFactory(slug="isolement-essai", label="Isolement", thematiques=[ISOLATION])

    def world():
        organisation = OrganisationFactory(commune=montreuil)
        ServiceFactory(
            organisation=organisation, name="Visites de convivialité", thematiques=[ISOLATION]
        )
        ServiceFactory(organisation=organisation, name="Portage de repas")

    indexed(world)
    widget = WidgetFactory(situations=[isolation], kinds=["service"])
    assert titles(Client().get(widget.get_absolute_url())) == ["Visites de convivialité"]


def test_results_open_the_full_sheet_in_a_new_tab_and_say_so(indexed, montreuil):
    service = indexed(
        lambda: ServiceFactory(
            name="Aide à domicile Montreuil",
            organisation=OrganisationFactory(commune=montreuil),
        )
    )
    widget = WidgetFactory(kinds=["service"])
    html = Client().get(widget.get_absolute_url()).content.decode()
    link = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener">Aide à domicile', html)
    assert link is not None, html
    assert link.group(1) == "http://testserver" + service.get_absolute_url()
    assert "(nouvelle fenêtre)" in html
    # A plain GET form: the search works without JavaScript.
    assert (
        f'<form class="widget-form" role="search" method="get" action="{widget.get_absolute_url()}"'
        in html
    )


def test_an_english_widget_is_served_in_english_with_english_sheet_links(indexed, montreuil):
    service = indexed(
        lambda: ServiceFactory(
            name="Home help", organisation=OrganisationFactory(commune=montreuil)
        )
    )
    widget = WidgetFactory(language="en", kinds=["service"])
    response = Client().get(widget.get_absolute_url())
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in html
    assert f'href="http://testserver/en{service.get_absolute_url()}"' in html


def test_professional_only_contacts_never_show_in_a_widget(indexed, montreuil):
    indexed(
        lambda: ServiceFactory(
            name="Équipe mobile",
            phone="+33148999999",
            contact_is_professional_only=True,
            organisation=OrganisationFactory(commune=montreuil, phone="+33148999999"),
        )
    )
    html = Client().get(WidgetFactory(kinds=["service"]).get_absolute_url()).content.decode()
    assert "Équipe mobile" in html
    assert "48 99 99 99" not in html and "+33148999999" not in html


def test_each_view_of_a_widget_is_counted_for_its_organisation(django_capture_on_commit_callbacks):
    clear_test_cache()
    widget = WidgetFactory()
    with django_capture_on_commit_callbacks(execute=True):
        Client().get(widget.get_absolute_url())
        Client().get(widget.get_absolute_url(), {"q": "aide"})
    counters.flush()
    row = DailyCounter.objects.get(metric="widget_view", day=counters.today())
    assert row.dimensions == {"organisation": str(widget.organisation_id)}
    assert row.value == 2
    clear_test_cache()

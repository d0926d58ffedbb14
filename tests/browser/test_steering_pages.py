"""The pages of #18 items 4–6 on the demo data, at 390 px, as the right demo roles: calls for
projects (list, a call, the proposal form), the register of agreements (list, an agreement,
a document's deletion), a landlord's call for services and its providers found. Axe clean,
no sideways scrolling. Screenshots in test-artifacts/."""

import pytest
from django.test import Client

from accounts.models import User
from demo import accounts, directory, home, offers, partnerships
from funding.models import CallForProjects
from offers.models import Agreement, ServiceCall

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for module in (home, directory, accounts, offers, partnerships):
        module.load()


def log_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(User.objects.get(email=email))
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def visit(page, axe, url: str, name: str) -> str:
    response = page.goto(url)
    assert response.status == 200, f"{name}: {response.status}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"steering_{name}.png"), full_page=True)
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name}: {widths[0]} px wide in a {widths[1]} px window"
    axe(page)
    return page.locator("main").inner_text()


def test_the_new_pages_read_well_on_a_phone_for_their_demo_roles(demo, live_server, page, axe):
    page.set_viewport_size(PHONE)
    base = live_server.url
    open_call = CallForProjects.objects.get(title__contains="Tiers-lieux au pied")

    # A visitor: the open calls (the one closing soon first), then one call.
    text = visit(page, axe, f"{base}/appels-a-projets/", "calls_list")
    assert "Fonds d'initiatives solidaires de quartier" in text and "Tiers-lieux" in text
    assert "Bien vieillir chez soi" not in text  # closed
    assert "Créer une alerte pour cette recherche" in text
    text = visit(page, axe, f"{base}{open_call.get_absolute_url()}", "call_detail")
    assert "Département de la Seine-Saint-Denis" in text
    text = visit(page, axe, f"{base}/appels-a-projets/?etat=clotures", "calls_closed")
    assert "Bien vieillir chez soi" in text

    # The moderator proposes a call.
    log_in(page, live_server, "moderateur@maillage.example")
    text = visit(page, axe, f"{base}/appels-a-projets/proposer/", "call_form")
    assert "Date limite de dépôt" in text
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() > 0
    axe(page)
    page.screenshot(path=str(ARTIFACTS / "steering_call_form_errors.png"), full_page=True)

    # The landlord: its register of agreements, one agreement, a document's deletion.
    log_in(page, live_server, "bailleur@maillage.example")
    text = visit(page, axe, f"{base}/offres/conventions/", "agreements")
    assert "Convention d'occupation temporaire" in text and "Prestations croisées" in text
    agreement = Agreement.objects.filter(kind="prestations_croisees").get()
    text = visit(page, axe, f"{base}{agreement.get_absolute_url()}", "agreement_detail")
    assert "Convention de prestations croisées" in text
    document = agreement.documents.get()
    text = visit(
        page,
        axe,
        f"{base}/offres/conventions/{agreement.pk}/documents/{document.pk}/supprimer/",
        "agreement_document_delete",
    )
    assert "Cette action est définitive" in text

    # The landlord's call for services, and the providers found with their reasons.
    call = ServiceCall.objects.get()
    text = visit(page, axe, f"{base}{call.get_absolute_url()}", "service_call")
    assert "Prestataires trouvés et leurs réponses" in text
    text = visit(page, axe, f"{base}/offres/appels/{call.pk}/prestataires/", "service_call_matches")
    assert "Association Voisins Solidaires 93" in text
    assert "famille : " in text and "premier mardi" in text

    # The association reads the call and its own answer.
    log_in(page, live_server, "association@maillage.example")
    text = visit(page, axe, f"{base}{call.get_absolute_url()}", "service_call_provider")
    assert "premier mardi" in text

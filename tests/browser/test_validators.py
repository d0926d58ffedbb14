"""Every public page type of the demo is valid HTML for the Nu Html Checker (npm `vnu-jar`) and
has no WCAG 2 AA error for pa11y (npm `pa11y`, runners HTML_CodeSniffer and axe, Debian's
Chromium). `make test` installs both (`npm ci`, see the Makefile).

A failure lists each error as « page (address) line N: message « extract » », so the template
at fault is found from the page and the extract.

To extend: add a page type to `public_pages()` (a GET address, checked by both validators) or
to `posted_pages()` (a form answered with errors, checked by the Nu Html Checker)."""

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from demo.widgets import DEMO_WIDGET_TOKEN
from directory.models import Category, Commune, Organisation, Service
from events.models import EventPage
from guides.models import GuidePage
from home.models import StandardPage
from offers.models import Premises, ProjectNeed, ServiceOffer
from orientation.models import Situation
from tests.browser.demo_site import demo_site  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = ROOT / "scripts" / "pa11y_pages.js"
COMMUNE = "93048"  # Montreuil


def public_pages() -> list[tuple[str, str]]:
    """(page type, address) of every page type a visitor reaches, with the demo's content."""
    with translation.override("fr"):
        return list(_public_pages())


def _public_pages() -> Iterator[tuple[str, str]]:
    montreuil = Commune.objects.get(insee_code=COMMUNE)
    organisation = Organisation.objects.published().order_by("pk").first()
    service = Service.objects.published().exclude(phone="").order_by("pk").first()
    yield "accueil", "/"
    yield "recherche", f"{reverse('search:search')}?q=aide"
    yield "recherche près de", f"{reverse('search:search')}?q=accueil&commune={COMMUNE}"
    yield "annuaire", reverse("directory:home")
    yield "catégorie", reverse("directory:category", args=[Category.values[0]])
    yield "commune", reverse("directory:commune", args=[montreuil.slug])
    yield "organisation", reverse("directory:organisation", args=[organisation.slug])
    yield "service", reverse("directory:service", args=[service.slug])
    yield "Qui appeler ? (formulaire)", reverse("orientation:index")
    situation = Situation.objects.order_by("pk").first()
    yield (
        "Qui appeler ? (réponses)",
        f"{reverse('orientation:index')}?situation={situation.slug}&commune={COMMUNE}",
    )
    yield (
        "fiche d'appel",
        f"{reverse('orientation:call_sheet', args=[service.slug])}?situation={situation.slug}",
    )
    yield "Qui appeler ? (commune)", reverse("guides:commune_public", args=[COMMUNE])
    yield "glossaire", reverse("orientation:glossary")
    yield "offres", reverse("offers:home")
    offer = ServiceOffer.objects.filter(status="published").order_by("pk").first()
    yield "offre", reverse("offers:offer", args=[offer.pk])
    yield "locaux", reverse("offers:premises_list")
    premises = Premises.objects.filter(status="published").order_by("pk").first()
    if premises is not None:
        yield "local", reverse("offers:premises", args=[premises.pk])
    need = ProjectNeed.objects.filter(status="published").order_by("pk").first()
    if need is not None:
        yield "besoin", reverse("offers:need", args=[need.pk])
    yield "agenda", reverse("events:index")
    yield "agenda du mois", reverse("events:month_current")
    yield "événement", EventPage.objects.live().order_by("pk").first().url
    yield "guides", reverse("guides:index")
    guides = GuidePage.objects.live().order_by("pk")
    yield "guide", guides.filter(is_easy_read=False).first().url
    yield "guide FALC", guides.filter(is_easy_read=True).first().url
    yield "page standard", StandardPage.objects.get(slug="accessibilite").url
    yield (
        "signaler une erreur",
        reverse("feedback:report_service", args=[service.slug]),
    )
    yield "suggérer un service", reverse("feedback:suggest")
    yield "signalement envoyé", reverse("feedback:thanks")
    yield "connexion", reverse("account_login")
    yield "module à intégrer", reverse("widgets:widget", args=[DEMO_WIDGET_TOKEN]) + "?q=aide"
    yield "page introuvable", "/cette-page-n-existe-pas/"
    yield "accueil (anglais)", "/en/"
    yield "recherche (anglais)", f"/en{reverse('search:search')}?q=help"


def posted_pages(client: Client) -> list[tuple[str, str, str]]:
    """(page type, address, HTML) of forms answered with their errors."""
    with translation.override("fr"):
        return list(_posted_pages(client))


def _posted_pages(client: Client) -> Iterator[tuple[str, str, str]]:
    suggest = reverse("feedback:suggest")
    yield "suggérer un service (erreurs)", suggest, client.post(suggest, {"name": ""}).text
    login = reverse("account_login")
    answer = client.post(login, {"login": "personne@example.org", "password": "faux"})
    yield "connexion (erreurs)", login, answer.text


def nu_html_checker_errors(tmp_path: Path) -> list[str]:
    visitor = Client()
    documents: dict[str, tuple[str, str]] = {}
    for label, url in public_pages():
        response = visitor.get(url)
        expected = 404 if label == "page introuvable" else 200
        assert response.status_code == expected, f"{label} ({url}) → {response.status_code}"
        documents[label] = (url, response.text)
    for label, url, html in posted_pages(Client()):
        documents[label] = (url, html)
    files = {}
    for number, (label, (url, html)) in enumerate(documents.items()):
        path = tmp_path / f"{number:02}.html"
        path.write_text(html)
        files[path.resolve().as_uri()] = (label, url, html)

    # One Java start for every page (vnu prints its JSON report on stderr).
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *(Path(f[7:]) for f in files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stderr)
    errors = []
    for message in report["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        label, url, html = files.get(message.get("url", ""), ("?", "?", ""))
        extract = " ".join(message.get("extract", "").split())
        errors.append(
            f"{label} ({url}) line {message.get('lastLine', '?')}: {message['message']}"
            f" « {extract} »"
        )
    assert len(documents) > 30
    return errors


def _squeezed(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "")[:200]


def pa11y_errors(live_server) -> list[str]:
    pages = {f"{live_server.url}{url}": label for label, url in public_pages()}
    run = subprocess.run(
        ["node", str(PA11Y), *pages], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    errors = [
        f"{pages[url]} ({url.removeprefix(live_server.url)}) [{issue['runner']}] {issue['code']}:"
        f" {issue['message']} « {_squeezed(issue['context'])} »"
        for url, issues in results.items()
        for issue in issues
    ]
    assert len(results) == len(pages)
    return errors


# One test for both validators: the demo takes long to load (minutes on 2 busy CPUs), once
# is enough.
@pytest.mark.timeout(1200)
@pytest.mark.usefixtures("demo_site")
def test_every_public_page_type_is_valid_html_and_has_no_wcag2aa_error(live_server, tmp_path):
    if not (ROOT / "node_modules" / "pa11y").exists() or not VNU.exists():
        pytest.fail("vnu-jar and pa11y are missing: `make test` installs them (npm ci).")
    html = nu_html_checker_errors(tmp_path)
    wcag = pa11y_errors(live_server)
    assert not html and not wcag, (
        f"{len(html)} HTML errors (Nu Html Checker):\n"
        + "\n".join(html)
        + f"\n\n{len(wcag)} WCAG 2 AA errors (pa11y):\n"
        + "\n".join(wcag)
    )

"""axe-core (WCAG 2.1 A/AA) on every public page type, and the page-weight budget of list
pages (document + CSS + JS ≤ 150 KB, images excluded), in real Chromium. One test walks
all pages: one database set-up and flush for the lot."""

import pytest

from tests.security.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

WEIGHT_BUDGET = 150 * 1024


def page_types(world):
    from django.urls import reverse

    from directory.verification_links import make_token

    a = world.sides["A"]
    token = make_token(a.ess.pk, a.ess.verified_at)
    return {
        "home": "/",
        "directory home": reverse("directory:home"),
        "organisation": reverse("directory:organisation", kwargs={"slug": a.ess.slug}),
        "service": reverse("directory:service", kwargs={"slug": a.service.slug}),
        "report an error": reverse("feedback:report_organisation", kwargs={"slug": a.ess.slug}),
        "report an error on a service": reverse(
            "feedback:report_service", kwargs={"slug": a.service.slug}
        ),
        "suggest a service": reverse("feedback:suggest"),
        "report sent": reverse("feedback:thanks"),
        "one-click verification": reverse("directory:verify", kwargs={"token": token}),
        "commune list": reverse("directory:commune", kwargs={"slug": world.commune.slug}),
        "category list": reverse("directory:category", kwargs={"slug": "aide-a-domicile"}),
        "search results": reverse("search:search") + "?q=aide+%C3%A0+domicile",
        "search no result": reverse("search:search") + "?q=zzqqxxw",
        "orientation form": reverse("orientation:index"),
        "glossary": reverse("orientation:glossary"),
        "offers list": reverse("offers:home"),
        "offer": reverse("offers:offer", kwargs={"pk": a.offer.pk}),
        "premises list": reverse("offers:premises_list"),
        "premises": reverse("offers:premises", kwargs={"pk": a.premises.pk}),
        "agenda": reverse("events:index"),
        "agenda month": reverse("events:month_current"),
        "event": a.event.url,
        "event registration": reverse("events:register", kwargs={"occurrence_id": a.occurrence.pk}),
        "guide index": world.guide.get_parent().url,
        "guide": world.guide.url,
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "404": "/cette-page-n-existe-pas/",
    }


LIST_PAGES = {
    "directory home", "commune list", "category list", "search results", "offers list",
    "premises list", "agenda", "agenda month", "guide index",
}  # fmt: skip


# Bytes of the document, stylesheets and scripts (images excluded), from Resource Timing.
# The map library (Leaflet, static/*/vendor/leaflet*, MarkerCluster*) is left out: it loads
# only when a map shows (beside the list on a wide screen; on a phone when the visitor opens
# it, see tests/browser/test_maps.py).
TRANSFERRED = """() => {
  let total = performance.getEntriesByType("navigation")[0].encodedBodySize;
  for (const entry of performance.getEntriesByType("resource")) {
    if (/\\/vendor\\/(leaflet|MarkerCluster)/.test(entry.name)) continue;
    if (["link", "script", "css"].includes(entry.initiatorType)) total += entry.encodedBodySize;
  }
  return total;
}"""


def test_public_pages_are_accessible_and_light(live_server, page, axe, site):
    world = build_world()
    weights: dict[str, int] = {}
    failures = []
    for name, url in page_types(world).items():
        response = page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        weights[name] = page.evaluate(TRANSFERRED)
        expected = 404 if name == "404" else 200
        if response.status != expected:
            failures.append(f"{name}: HTTP {response.status} for {url}")
            continue
        try:
            axe(page)
        except AssertionError as error:
            failures.append(f"{name} ({url}):\n{error}")
        if name in LIST_PAGES and weights[name] > WEIGHT_BUDGET:
            failures.append(f"{name}: {weights[name] / 1024:.0f} KB > 150 KB")
    assert not failures, "\n\n".join(failures)
    assert all(weights[name] > 0 for name in LIST_PAGES)


def test_partner_forms_are_accessible(live_server, page, axe, site):
    """The main partner forms, seen by a site admin (who may edit every organisation)."""
    from django.urls import reverse

    from tests.accounts.factories import PASSWORD

    world = build_world()
    a = world.sides["A"]
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name='login']", world.users["admin"].email)
    page.fill("input[name='password']", PASSWORD)
    page.press("input[name='password']", "Enter")
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    forms = {
        "offer edit": reverse("offers:edit", kwargs={"kind": "offres", "pk": a.draft_offer.pk}),
        "premises edit": reverse(
            "offers:edit", kwargs={"kind": "locaux", "pk": a.draft_premises.pk}
        ),
        "need edit": reverse("offers:edit", kwargs={"kind": "besoins", "pk": a.draft_need.pk}),
        "new premises": reverse("offers:create", kwargs={"kind": "locaux"}),
        "contact request": reverse("offers:offer", kwargs={"pk": world.sides["B"].offer.pk}),
        "invitation": reverse("accounts:invite", kwargs={"slug": a.ess.slug}),
        "event management": reverse(
            "events:manage_occurrence", kwargs={"occurrence_id": a.occurrence.pk}
        ),
    }
    failures = []
    for name, url in forms.items():
        response = page.goto(live_server.url + url)
        if response.status != 200:
            failures.append(f"{name}: HTTP {response.status} for {url}")
            continue
        assert page.locator("form").count() >= 1, name
        try:
            axe(page)
        except AssertionError as error:
            failures.append(f"{name} ({url}):\n{error}")
    assert not failures, "\n\n".join(failures)

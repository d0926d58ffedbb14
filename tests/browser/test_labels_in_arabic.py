"""A service sheet in Arabic on a phone (390 px): the national labels published in Arabic read
right to left, a label still « à relire » reads in French, marked lang="fr" dir="ltr"; the page
passes axe."""

import pytest
from django.utils import translation

from core.reviewed_translations import TranslationStatus
from directory.models import LabelTranslation
from tests.browser.conftest import ARTIFACTS
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
SENIORS_AR = "كبار السن"


@pytest.fixture
def service(site, montreuil):
    LabelTranslation.objects.create(
        vocabulary="publics",
        code="seniors",
        language="ar",
        label=SENIORS_AR,
        status=TranslationStatus.PUBLISHED,
    )
    LabelTranslation.objects.create(
        vocabulary="types",
        code="accompagnement",
        language="ar",
        label="مرافقة",
        status=TranslationStatus.TO_REVIEW,
    )
    return ServiceFactory(organisation__commune=montreuil, fees="gratuit")


def test_an_arabic_service_sheet_reads_published_labels_in_arabic_and_the_others_in_french(
    service, live_server, page, axe
):
    page.set_viewport_size(PHONE)
    with translation.override("ar"):
        url = service.get_absolute_url()
    page.goto(live_server.url + url)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("#titre-qui + p").inner_text() == SENIORS_AR
    support = page.locator('.directory-badges span[lang="fr"]', has_text="Accompagnement")
    assert support.count() == 1
    assert support.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert page.locator("text=مرافقة").count() == 0  # waiting for review: not shown
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_labels_in_arabic_390.png"), full_page=True)
    axe(page)

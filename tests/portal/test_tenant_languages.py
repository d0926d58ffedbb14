"""The tenants' languages (issue #19, item 4): the pages tenants read (« Qui appeler ? » with
its answers, guides, glossary, posters, agenda) speak each content-only language (ar, es, pt,
ro, ta, zh-hans) in every interface string they look up; any other page asked in one of those
languages shows its content in French, marked lang="fr" dir="ltr", with a notice in the
reader's language (core.languages `tenant_facing`, templates/base.html)."""

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.languages import ui_language_codes
from demo import directory as demo_directory
from demo import events as demo_events
from demo import guides as demo_guides
from demo import home as demo_home
from demo import orientation as demo_orientation
from demo import translations as demo_translations
from demo import vocabulary as demo_vocabulary
from directory.models import Commune, Service
from events.models import EventOccurrence, EventPage
from guides import exports
from guides.models import ExportStatus, GuidePage
from scripts import tenant_catalogues
from tests.guides.test_pdf import pdf_objects, pdf_tool

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
MONTREUIL = "93048"
CONTENT_ONLY = [
    code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES if code not in ui_language_codes()
]
NOTICE = "Cette page n'existe qu'en français."


def catalogue(code: str) -> dict[str, bool]:
    """Which msgids (keyed "context\\x04msgid" with a context) the language translates."""
    path = ROOT / "locale" / tenant_catalogues.LANGUAGES[code] / "LC_MESSAGES" / "django.po"
    entries = polib.pofile(str(path))
    return {
        tenant_catalogues.key(entry): bool(
            entry.msgstr or (entry.msgstr_plural and all(entry.msgstr_plural.values()))
        )
        for entry in entries
        if not entry.obsolete and "fuzzy" not in entry.flags
    }


PROJECT_MSGIDS = {
    tenant_catalogues.key(entry)
    for entry in polib.pofile(str(tenant_catalogues.ENGLISH))
    if not entry.obsolete
}


@pytest.fixture
def looked_up(monkeypatch):
    """The project's msgids the rendering looks up (Django's and Wagtail's own strings have
    their own catalogues): each call of gettext, ngettext, pgettext, npgettext is recorded."""
    seen: set[str] = set()
    trans = translation._trans

    def recording(name, keyer):
        real = getattr(trans, name)

        def wrapper(*args):
            seen.add(keyer(*args))
            return real(*args)

        monkeypatch.setattr(trans, name, wrapper)

    recording("gettext", lambda message: message)
    recording("ngettext", lambda singular, plural, number: singular)
    recording("pgettext", lambda context, message: f"{context}\x04{message}")
    recording("npgettext", lambda context, singular, plural, number: f"{context}\x04{singular}")
    return seen


@pytest.fixture
def demo(settings, tmp_path):
    """The demo's directory, situations (translated ones published), guides (an Arabic one),
    events and emergency numbers."""
    settings.MEDIA_ROOT = str(tmp_path)
    for module in (
        demo_home,
        demo_directory,
        demo_orientation,
        demo_events,
        demo_guides,
        demo_translations,
        demo_vocabulary,
    ):
        module.load()
    translation.activate(settings.LANGUAGE_CODE)


def tenant_pages(language: str) -> list[str]:
    """A reader's tour of the tenant-facing pages in `language`."""
    with translation.override(language):
        guide = GuidePage.objects.live().filter(locale__language_code="fr").order_by("pk")[0]
        event = EventPage.objects.live().filter(locale__language_code="fr").order_by("pk")[0]
        occurrence = EventOccurrence.objects.filter(event__live=True).order_by("start")[0]
        service = Service.objects.published().exclude(phone="").order_by("pk")[0]
        commune = Commune.objects.get(insee_code=MONTREUIL)
        return [
            f"/{language}/",
            reverse("orientation:index"),
            reverse("orientation:index") + f"?situation=isolement&commune={MONTREUIL}",
            reverse("orientation:call_sheet", args=[service.slug]),
            reverse("directory:service", args=[service.slug]),
            reverse("directory:service_print", args=[service.slug]),
            reverse("directory:organisation", args=[service.organisation.slug]),
            reverse("orientation:glossary"),
            reverse("guides:index"),
            guide.url + f"?commune={MONTREUIL}",
            reverse("guides:commune_public", args=[MONTREUIL]),
            reverse("guides:commune_poster", args=[MONTREUIL]),  # being prepared (202)
            reverse("events:index"),
            reverse("events:month_current"),
            reverse("events:commune", args=[commune.slug]),
            event.url,
            reverse("events:register", args=[occurrence.pk]),
        ]


def test_every_interface_string_of_the_tenant_pages_is_translated_in_each_tenant_language(
    demo, looked_up
):
    client = Client()
    # Imported on the first request, the apps evaluate some labels once (admin menus…).
    assert client.get("/").status_code == 200
    untranslated = {}
    for language in CONTENT_ONLY:
        translated = catalogue(language)
        looked_up.clear()
        for url in tenant_pages(language):
            response = client.get(url)
            assert response.status_code in (200, 202), f"{url} → {response.status_code}"
            assert response["Content-Language"] == language, url
            html = response.content.decode()
            direction = "rtl" if language == "ar" else "ltr"
            assert f'<html lang="{language}" dir="{direction}"' in html, url
            assert NOTICE not in html, url
        # The poster without a guide, in the reader's language.
        with translation.override(language):
            poster = exports.request_poster(commune=Commune.objects.get(insee_code=MONTREUIL))
            exports.render_poster_html(poster)
        missing = sorted(msgid for msgid in looked_up & PROJECT_MSGIDS if not translated.get(msgid))
        if missing:
            untranslated[language] = missing
    assert not untranslated, "\n".join(
        f"{language}: {msgid!r}" for language, msgids in untranslated.items() for msgid in msgids
    )


def test_an_app_page_in_a_tenant_language_shows_its_content_in_french_with_a_notice(demo):
    arabic = Client().get("/ar/annuaire/").content.decode()
    assert '<html lang="ar" dir="rtl"' in arabic
    # The shell in Arabic; the notice in Arabic, then the content marked French.
    assert "الانتقال إلى المحتوى" in arabic
    notice = "هذه الصفحة متوفرة باللغة الفرنسية فقط."
    assert re.search(
        rf'<p class="container translation-notice" role="note">{notice}</p>\s*'
        r'<div lang="fr" dir="ltr">',
        arabic,
    )
    content = arabic.split('<div lang="fr" dir="ltr">', 1)[1].split("</main>")[0]
    # The content's words are French, even those the Arabic catalogue has: it is rendered in
    # French, its links lead to the French pages it belongs with.
    assert "Annuaire" in content and not re.search("[\u0600-\u06ff]", content)
    assert 'href="/annuaire/' in content and 'href="/ar/annuaire/' not in content
    # The French and English pages are not marked so.
    for address in ("/annuaire/", "/en/annuaire/"):
        page = Client().get(address).content.decode()
        assert "translation-notice" not in page and '<div lang="fr" dir="ltr">' not in page
    # A tenant-facing page has no notice.
    assert "translation-notice" not in Client().get("/ar/glossaire/").content.decode()


def test_the_language_chooser_of_a_tenant_page_offers_every_content_language(demo):
    glossary = Client().get("/ar/glossaire/").content.decode()
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        assert f'href="{prefix}/glossaire/" lang="{code}"' in glossary
    directory = Client().get("/annuaire/").content.decode()
    assert 'hreflang="ar"' not in directory  # the directory exists in French and English only


def test_a_poster_without_a_guide_asked_in_arabic_is_an_arabic_right_to_left_pdf(demo, tmp_path):
    montreuil = Commune.objects.get(insee_code=MONTREUIL)
    with translation.override("ar"):
        poster = exports.request_poster(commune=montreuil)
    french = exports.request_poster(commune=montreuil)
    assert poster.language == "ar" and french.language == "fr" and poster.pk != french.pk
    html = exports.render_poster_html(poster)
    assert '<html lang="ar" dir="rtl">' in html
    exports.build(poster.pk)
    poster.refresh_from_db()
    assert poster.status == ExportStatus.READY
    pdf = poster.file.read()
    assert b"/Lang (ar)" in pdf_objects(pdf)
    text = pdf_tool("pdftotext", pdf, tmp_path)
    with translation.override("ar"):
        title = str(translation.gettext("Qui appeler près de chez vous ?"))
    assert title != "Qui appeler près de chez vous ?"
    assert all(word in text for word in title.rstrip("؟?").split())
    assert "Qui appeler" not in text
    # Its QR code opens the Arabic public page.
    with translation.override("ar"):
        content = exports.poster_content(commune=montreuil)
    assert content.qr_url.endswith("/ar/qui-appeler/commune/93048/")


def test_the_tenant_catalogues_are_complete_and_follow_the_settings():
    assert sorted(tenant_catalogues.LANGUAGES) == sorted(CONTENT_ONLY)
    check = subprocess.run(
        [sys.executable, "scripts/tenant_catalogues.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_a_translation_that_loses_a_placeholder_or_a_plural_form_is_refused_with_its_reason():
    distance = polib.POEntry(msgid="à %(km)s km", occurrences=[("orientation/reasons.py", "")])
    sessions = polib.POEntry(
        msgid="%(counter)s séance passée",
        msgid_plural="%(counter)s séances passées",
        occurrences=[("templates/events/archive.html", "")],
    )
    new = {distance.msgid: "a km", sessions.msgid: ["%(counter)s جلسة"]}
    _po, _missing, refused = tenant_catalogues.build("ar", [distance, sessions], new, True)
    assert refused == [
        ("à %(km)s km", "placeholders ['%(km)s'] expected"),
        ("%(counter)s séance passée", "6 plural forms expected, got ['%(counter)s جلسة']"),
    ]

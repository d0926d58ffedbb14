"""Guides in the tenants' languages (issue #19, item 4): translated with wagtail-localize
(segments through a PO file), drafts until a reviewer publishes them, read right to left in
Arabic on the page and in the PDF, the chooser keeping the reader on the same guide, French
with a notice where no translation is published."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Site

from core.content_translation import (
    export_po,
    import_po,
    publish_translation,
    submit_for_translation,
)
from core.languages import ensure_content_locales
from guides import exports
from guides.models import ExportStatus, GuideExport
from tests.reading_language import language_of

from .conftest import make_guide
from .test_pdf import pdf_objects, pdf_tool

pytestmark = pytest.mark.django_db

ARABIC = {
    "Adapter son logement": "كيف أكيّف مسكني",
    "Les aménagements utiles et qui appeler.": "التعديلات المفيدة ومن يجب الاتصال به.",
    "Une barre d'appui évite bien des chutes.": "مقبض الإسناد يمنع الكثير من حالات السقوط.",
    "Qui appeler pour adapter son logement ?": "بمن أتصل لتكييف مسكني؟",
}


@pytest.fixture
def french_guide(guide_index):
    ensure_content_locales()
    return make_guide(guide_index)


def translate(guide, language: str, strings: dict):
    """The translator's work as the admin does it: a PO file exported, translated, imported."""
    po = export_po(guide, language)
    assert {entry.msgid for entry in po} == set(strings)  # every segment is offered
    for entry in po:
        entry.msgstr = strings[entry.msgid]
    return import_po(guide, language, po)


def arabic_guide(guide):
    submit_for_translation(guide, ["ar"])
    translate(guide, "ar", ARABIC)
    return publish_translation(guide, "ar")


def test_a_translation_is_a_draft_that_stays_private_until_a_reviewer_publishes_it(
    french_guide,
):
    [draft] = submit_for_translation(french_guide, ["ar"])
    draft = translate(french_guide, "ar", ARABIC)
    assert draft.locale.language_code == "ar" and draft.title == "كيف أكيّف مسكني"
    assert not draft.live

    # In review: the Arabic address shows the French guide, with the notice.
    in_review = Client().get("/ar/guides/adapter-son-logement/")
    assert in_review.status_code == 200
    assert "كيف أكيّف مسكني" not in in_review.text
    assert language_of(in_review.text, "Adapter son logement") == "fr"
    # The notice in Arabic (locale/ar), the French guide marked as French.
    assert "لم تُترجَم هذه الصفحة بعدُ إلى العربية: أنت تقرؤها بالفرنسية." in in_review.text
    assert 'hreflang="ar" href=' not in in_review.text.split("</head>")[0]

    published = publish_translation(french_guide, "ar")
    assert published.live
    answer = Client().get("/ar/guides/adapter-son-logement/")
    assert "<h1>كيف أكيّف مسكني</h1>" in answer.text
    assert "translation-notice" not in answer.text


def test_a_guide_translated_to_arabic_reads_right_to_left_with_its_alternates(french_guide):
    arabic_guide(french_guide)
    answer = Client().get("/ar/guides/adapter-son-logement/")
    assert answer.status_code == 200 and answer["Content-Language"] == "ar"
    assert re.search(r'<html lang="ar" dir="rtl"', answer.text)
    assert "مقبض الإسناد يمنع الكثير من حالات السقوط." in answer.text
    head = answer.text.split("</head>")[0]
    base = Site.objects.get(is_default_site=True).root_url
    assert f'<link rel="alternate" hreflang="fr" href="{base}/guides/adapter-son-logement/">' in (
        head
    )
    assert (
        f'<link rel="alternate" hreflang="ar" href="{base}/ar/guides/adapter-son-logement/">'
        in head
    )
    assert (
        f'<link rel="alternate" hreflang="x-default" href="{base}/guides/adapter-son-logement/">'
        in head
    )
    assert 'hreflang="pt" href="http' not in head  # no Portuguese translation
    # The French page reads left to right and announces the same alternates.
    french = Client().get("/guides/adapter-son-logement/")
    assert '<html lang="fr" dir="ltr"' in french.text
    assert f'hreflang="ar" href="{base}/ar/guides/adapter-son-logement/"' in french.text


def test_the_language_chooser_keeps_the_reader_on_the_same_guide(french_guide):
    arabic_guide(french_guide)
    french = Client().get("/guides/adapter-son-logement/").text
    for code in ("ar", "en", "pt", "zh-hans"):
        assert f'<a href="/{code}/guides/adapter-son-logement/" lang="{code}"' in french
    arabic = Client().get("/ar/guides/adapter-son-logement/").text
    assert '<a href="/guides/adapter-son-logement/" lang="fr" hreflang="fr">' in arabic
    assert 'href="/ar/guides/adapter-son-logement/" lang="ar" hreflang="ar" aria-current' in arabic
    # An application page offers the interface languages only.
    directory = Client().get("/annuaire/").text
    assert 'lang="en" hreflang="en"' in directory and 'hreflang="ar"' not in directory


def test_an_untranslated_guide_is_read_in_french_with_a_notice_in_the_readers_language(
    french_guide,
):
    answer = Client().get("/pt/guides/adapter-son-logement/")
    assert answer.status_code == 200
    assert '<html lang="pt" dir="ltr"' in answer.text
    # The notice in Portuguese (locale/pt, scripts/tenant_catalogues.py).
    assert "Esta página ainda não está traduzida para Português" in answer.text
    # What the guide's author wrote is marked French inside the Portuguese page; the interface
    # around it (buttons, labels) is Portuguese and read as such.
    assert '<h1 lang="fr" dir="ltr">Adapter son logement</h1>' in answer.text
    summary = french_guide.summary
    assert language_of(answer.text, summary) == "fr"
    assert language_of(answer.text, "barre d'appui évite bien des chutes") == "fr"
    with translation.override("pt"):
        download = gettext("Télécharger le guide en PDF")
    assert download != "Télécharger le guide en PDF"
    assert language_of(answer.text, download) == "pt"
    english = Client().get("/en/guides/adapter-son-logement/")
    assert 'class="container translation-notice"' in english.text and "English" in english.text
    # The French page itself carries no notice, and an unknown guide is still a 404.
    assert "pas encore traduite" not in Client().get("/guides/adapter-son-logement/").text
    assert Client().get("/ar/guides/n-existe-pas/").status_code == 404


def test_the_arabic_guide_index_lists_every_guide_in_arabic_where_translated(
    french_guide, guide_index
):
    make_guide(guide_index, slug="autre-guide", title="Un autre guide")
    arabic_guide(french_guide)
    index = Client().get("/ar/guides/").text
    assert 'href="/ar/guides/adapter-son-logement/"' in index and "كيف أكيّف مسكني" in index
    assert 'href="/ar/guides/autre-guide/"' in index and "Un autre guide" in index
    french = Client().get("/guides/").text
    assert "كيف أكيّف مسكني" not in french and "Adapter son logement" in french


def test_the_arabic_pdf_is_right_to_left_in_arabic(french_guide, tmp_path):
    arabic = arabic_guide(french_guide)
    with translation.override("ar"):
        url = reverse("guides:pdf", kwargs={"slug": arabic.slug})
    assert url == "/ar/guides/adapter-son-logement/pdf"
    assert Client().get(url).status_code == 202
    export = GuideExport.objects.get(guide=arabic)
    html = exports.render_guide_html(arabic, None)
    assert '<html lang="ar" dir="rtl">' in html
    assert exports.build(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    pdf = export.file.read()
    assert b"/Lang (ar)" in pdf_objects(pdf)
    text = pdf_tool("pdftotext", pdf, tmp_path)
    assert "مقبض" in text and "السقوط" in text
    # The French PDF stays French.
    french_export = exports.request_guide_pdf(french_guide, None)
    assert french_export.pk != export.pk

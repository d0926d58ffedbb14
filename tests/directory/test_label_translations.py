"""National vocabulary labels (data·inclusion thematiques, publics, types…) in the tenants'
languages (issue #19 item 4): a translation reviewed and published by a moderator shows on the
service sheet; an unpublished one leaves the French label marked lang="fr" (dir="ltr" in a
right-to-left page); PO files and the shipped translations come in « à relire »; codes that
are not in the package's enums are refused."""

import json

import polib
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.reviewed_translations import TranslationStatus, forget
from demo import vocabulary as demo_vocabulary
from directory.label_po import SHIPPED_DIR
from directory.label_translations import vocabulary_label
from directory.models import LabelTranslation
from directory.structured_data import service_data
from directory.vocabularies import NATIONAL_VOCABULARIES
from orientation.ranking import Reason, ReasonKind
from orientation.reasons import describe
from search.query import facet_label
from tests.directory.factories import ServiceFactory
from tests.reading_language import language_of
from tests.translation_reviewers import make_moderator, make_translator

pytestmark = pytest.mark.django_db

SENIORS_EN = "Older people"
SENIORS_AR = "كبار السن"
SUPPORT_AR = "مرافقة"


@pytest.fixture(autouse=True)
def _fresh_memo():
    forget()
    yield
    forget()


def label(vocabulary, code, language, text, status=TranslationStatus.PUBLISHED):
    return LabelTranslation.objects.create(
        vocabulary=vocabulary, code=code, language=language, label=text, status=status
    )


def sheet(service, language: str) -> str:
    with translation.override(language):
        url = service.get_absolute_url()
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def service():
    return ServiceFactory(fees="gratuit")


def test_an_arabic_service_sheet_reads_its_french_text_in_french_and_its_interface_in_arabic(
    service,
):
    service.description = "Aide aux démarches, sur rendez-vous."
    service.access_conditions = "Habiter la commune."
    service.save()
    page = sheet(service, "ar")
    assert f'<h1 lang="fr" dir="ltr">{service.name}</h1>' in page
    assert language_of(page, "Aide aux démarches, sur rendez-vous.") == "fr"
    assert language_of(page, "Habiter la commune.") == "fr"
    with translation.override("ar"):
        heading = translation.gettext("Ce que propose le service")
    assert language_of(page, heading) == "ar"
    # The French sheet adds no marking.
    assert f"<h1>{service.name}</h1>" in sheet(service, "fr")


def test_a_published_english_label_shows_on_the_english_service_sheet(service):
    label("publics", "seniors", "en", SENIORS_EN)
    page = sheet(service, "en")
    assert f"<p>{SENIORS_EN}</p>" in page
    assert "Séniors" not in page
    # Not translated yet: French, marked for screen readers (no dir in a left-to-right page).
    assert '<li class="badge"><span lang="fr">Accompagnement</span></li>' in page
    assert '<span lang="fr">Gratuit</span>' in page
    # The French sheet is untouched.
    french = sheet(service, "fr")
    assert "<p>Séniors</p>" in french and SENIORS_EN not in french


def test_a_published_arabic_label_shows_and_an_unpublished_one_reads_french_left_to_right(
    service,
):
    label("publics", "seniors", "ar", SENIORS_AR)
    label("types", "accompagnement", "ar", SUPPORT_AR, status=TranslationStatus.TO_REVIEW)
    label("modes_mobilisation", "telephoner", "ar", "الاتصال", status=TranslationStatus.DRAFT)
    page = sheet(service, "ar")
    assert f"<p>{SENIORS_AR}</p>" in page
    assert SUPPORT_AR not in page and "الاتصال" not in page
    assert '<li class="badge"><span lang="fr" dir="ltr">Accompagnement</span></li>' in page
    assert '<span lang="fr" dir="ltr">Téléphoner</span>' in page


def test_an_arabic_service_sheet_costs_one_query_more_than_the_french_one(service):
    for code, text in (("seniors", SENIORS_AR), ("tous-publics", "الجميع")):
        label("publics", code, "ar", text)
    label("types", "accompagnement", "ar", SUPPORT_AR)
    sheet(service, "fr")
    sheet(service, "ar")  # warm the caches both pages share
    with CaptureQueriesContext(connection) as french:
        sheet(service, "fr")
    with CaptureQueriesContext(connection) as arabic:
        page = sheet(service, "ar")
    assert SENIORS_AR in page and SUPPORT_AR in page
    label_queries = [q for q in arabic.captured_queries if "labeltranslation" in q["sql"]]
    assert len(label_queries) == 1
    assert len(arabic) <= len(french) + 1


def test_the_english_json_ld_reasons_and_search_facets_use_published_labels(service):
    label("publics", "seniors", "en", SENIORS_EN)
    label("types", "accompagnement", "en", "Support")
    label("thematiques", "famille--soutien-aidants", "en", "Support for carers")
    with translation.override("en"):
        assert describe(Reason(ReasonKind.THEMATIQUE, "famille--soutien-aidants")) == (
            "answers: support for carers"
        )
        node = service_data(RequestFactory().get("/en/"), service, contact_visible=False)
        assert facet_label("public", "seniors") == SENIORS_EN
        assert str(facet_label("public", "jeunes")) == "Jeunes"  # not translated: French
    assert node["serviceType"] == ["Support"]
    assert node["audience"][0]["audienceType"] == SENIORS_EN
    with translation.override("fr"):
        assert facet_label("public", "seniors") == "Séniors"
        assert vocabulary_label("publics", "seniors") == "Séniors"


def test_unknown_codes_and_vocabularies_are_refused():
    with pytest.raises(ValidationError, match="n'est pas un code du vocabulaire"):
        label("publics", "licornes", "en", "Unicorns")
    with pytest.raises(ValidationError, match="Vocabulaire inconnu"):
        label("couleurs", "bleu", "en", "Blue")
    with pytest.raises(ValidationError, match="n'est pas un code"):  # a code of another list
        label("publics", "accompagnement", "en", "Support")
    assert not LabelTranslation.objects.exists()
    with pytest.raises(ValueError, match="unknown vocabulary"):
        vocabulary_label("couleurs", "bleu")


# --- PO export and import -----------------------------------------------------------------------


def test_po_export_then_import_lands_labels_to_review_and_refuses_unknown_codes(
    tmp_path, capsys, service
):
    published = label("publics", "seniors", "ar", SENIORS_AR)
    call_command("export_vocabulary", "--language", "ar")
    catalogue = polib.pofile(capsys.readouterr().out)
    by_context = {entry.msgctxt: entry for entry in catalogue}
    soutien = by_context["thematiques:famille--soutien-aidants"]
    assert (soutien.msgid, soutien.msgstr) == ("Soutien aux aidants", "")
    assert by_context["publics:seniors"].msgstr == SENIORS_AR  # the current translation
    assert sum(1 for context in by_context if context.startswith("thematiques:")) == 69
    soutien.msgstr = "دعم مقدمي الرعاية"
    by_context["types:accompagnement"].msgstr = SUPPORT_AR
    by_context["publics:seniors"].msgstr = "المسنون"
    catalogue.append(polib.POEntry(msgctxt="publics:licornes", msgid="Licornes", msgstr="x"))
    path = tmp_path / "ar.po"
    catalogue.save(str(path))

    call_command("import_vocabulary", str(path))
    out, err = capsys.readouterr()
    assert "publics:licornes : code inconnu du vocabulaire national" in err
    assert "3 traduction(s) à relire" in out
    rows = {row.code: row for row in LabelTranslation.objects.filter(language="ar")}
    assert set(rows) == {"famille--soutien-aidants", "accompagnement", "seniors"}
    assert {row.status for row in rows.values()} == {TranslationStatus.TO_REVIEW}
    assert rows["seniors"].label == "المسنون" and rows["seniors"].reviewed_by is None
    assert published.pk == rows["seniors"].pk
    forget()
    page = sheet(service, "ar")  # nothing shows before a moderator publishes it
    assert "المسنون" not in page and SUPPORT_AR not in page
    assert '<span lang="fr" dir="ltr">Séniors</span>' in page

    call_command("import_vocabulary", str(path))  # the same file again changes nothing
    assert "0 traduction(s) à relire, 3 inchangée(s)" in capsys.readouterr().out


# --- Shipped translations -------------------------------------------------------------------------


def test_every_shipped_file_translates_every_national_label_and_nothing_else():
    shipped = sorted(path.stem for path in SHIPPED_DIR.glob("*.json"))
    assert "en" in shipped
    for path in SHIPPED_DIR.glob("*.json"):
        labels = json.loads(path.read_text(encoding="utf-8"))
        assert {v: set(codes) for v, codes in labels.items()} == {
            v: set(codes) for v, codes in NATIONAL_VOCABULARIES.items()
        }, path.name
        assert all(text.strip() for codes in labels.values() for text in codes.values())


def test_shipped_translations_arrive_to_review_once_and_never_overwrite_a_moderators_label(
    capsys, service
):
    mine = label("publics", "seniors", "en", "Senior citizens")
    call_command("load_label_translations", "--language", "en")
    assert "en : 98 libellé(s) à relire, 1 déjà traduit(s)" in capsys.readouterr().out
    mine.refresh_from_db()
    assert (mine.label, mine.status) == ("Senior citizens", TranslationStatus.PUBLISHED)
    waiting = LabelTranslation.objects.filter(language="en").exclude(pk=mine.pk)
    assert waiting.count() == 98
    assert set(waiting.values_list("status", flat=True)) == {TranslationStatus.TO_REVIEW}
    call_command("load_label_translations", "--language", "en")
    assert "en : 0 libellé(s) à relire, 99 déjà traduit(s)" in capsys.readouterr().out
    forget()
    page = sheet(service, "en")
    assert "Senior citizens" in page and '<span lang="fr">Accompagnement</span>' in page


def test_the_demo_publishes_the_shipped_labels_so_it_reads_translated(service):
    demo_vocabulary.load()
    assert not LabelTranslation.objects.exclude(status=TranslationStatus.PUBLISHED).exists()
    assert LabelTranslation.objects.filter(language="ar").count() == 99
    forget()
    assert f"<p>{SENIORS_EN}</p>" in sheet(service, "en")
    assert f"<p>{SENIORS_AR}</p>" in sheet(service, "ar")


# --- Review in the admin ------------------------------------------------------------------------


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model)


@pytest.fixture
def translator(django_user_model):
    """A staff member who may edit label translations but not publish them."""
    return make_translator(django_user_model, "directory", "labeltranslation")


def edit(client, row, status, text=None, code=None):
    url = reverse("wagtailsnippets_directory_labeltranslation:edit", args=[row.pk])
    return client.post(
        url,
        {
            "vocabulary": row.vocabulary,
            "language": row.language,
            "code": code or row.code,
            "label": text or row.label,
            "status": status,
        },
    )


def test_moderators_publish_a_label_after_review_and_are_recorded_as_reviewers(
    client, moderator, service
):
    row = label("publics", "seniors", "ar", SENIORS_AR, status=TranslationStatus.TO_REVIEW)
    client.force_login(moderator)
    listing = client.get(reverse("wagtailsnippets_directory_labeltranslation:list"))
    assert listing.status_code == 200 and SENIORS_AR in listing.content.decode()
    response = edit(client, row, TranslationStatus.PUBLISHED)
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.status == TranslationStatus.PUBLISHED
    assert row.reviewed_by == moderator and row.reviewed_at is not None
    assert f"<p>{SENIORS_AR}</p>" in sheet(service, "ar")


def test_who_may_edit_but_not_publish_cannot_publish_and_sends_a_published_label_back(
    client, translator
):
    row = label("publics", "seniors", "ar", SENIORS_AR, status=TranslationStatus.TO_REVIEW)
    client.force_login(translator)
    assert edit(client, row, TranslationStatus.PUBLISHED).status_code == 200  # refused
    row.refresh_from_db()
    assert row.status == TranslationStatus.TO_REVIEW and row.reviewed_by is None

    published = label("publics", "jeunes", "ar", "الشباب")
    assert edit(client, published, TranslationStatus.TO_REVIEW, text="شباب").status_code == 302
    published.refresh_from_db()
    assert (published.label, published.status) == ("شباب", TranslationStatus.TO_REVIEW)


def test_the_admin_form_refuses_a_code_of_another_vocabulary(client, moderator):
    row = label("publics", "seniors", "ar", SENIORS_AR, status=TranslationStatus.TO_REVIEW)
    client.force_login(moderator)
    response = edit(client, row, TranslationStatus.TO_REVIEW, code="accompagnement")
    assert response.status_code == 200
    assert "n&#x27;est pas un code du vocabulaire" in response.content.decode()
    row.refresh_from_db()
    assert row.code == "seniors"


def test_labels_are_listed_in_what_is_left_to_translate_with_a_filled_in_add_link(
    client, moderator
):
    label("publics", "seniors", "ar", SENIORS_AR)
    client.force_login(moderator)
    page = client.get(reverse("orientation_missing_translations"), {"language": "ar"})
    html = page.content.decode()
    assert "Libellés nationaux" in html
    assert f'<span lang="ar" dir="auto">{SENIORS_AR}</span>' in html
    add = reverse("wagtailsnippets_directory_labeltranslation:add")
    link = f"{add}?vocabulary=thematiques&amp;code=famille--soutien-aidants&amp;language=ar"
    assert link in html
    form = client.get(add, {"vocabulary": "publics", "code": "jeunes", "language": "ar"})
    assert form.status_code == 200
    assert '<option value="jeunes" selected>' in form.content.decode()


def test_partners_never_reach_the_label_translations(client, django_user_model):
    user = django_user_model.objects.create_user("partenaire@example.org", "x")
    client.force_login(user)
    response = client.get(reverse("wagtailsnippets_directory_labeltranslation:list"))
    assert response.status_code in (302, 403)

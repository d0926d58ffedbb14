"""Situations and glossary terms in the tenants' languages (issue #19 item 4): a translation is
shown only once a moderator has published it after review; elsewhere the French text is marked
lang="fr" (dir="ltr" in a right-to-left page); PO files go out and come back « à relire »."""

import polib
import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from demo import vocabulary
from guides.blocks import GlossaryTermBlock
from orientation.glossary import link_terms
from orientation.models import (
    GlossaryTerm,
    GlossaryTermTranslation,
    Situation,
    SituationTranslation,
    TranslationStatus,
)
from orientation.translations import forget
from tests.translation_reviewers import make_moderator, make_translator

pytestmark = pytest.mark.django_db

ISOLEMENT_AR = "العزلة"
AAH_AR = "إعانة البالغين ذوي الإعاقة"
AAH_DEFINITION_AR = "مساعدة مالية للبالغين ذوي الإعاقة."


@pytest.fixture(autouse=True)
def _fresh_memo():
    forget()
    yield
    forget()


def arabic_isolement(status=TranslationStatus.PUBLISHED):
    return SituationTranslation.objects.create(
        situation=Situation.objects.get(slug="isolement"),
        language="ar",
        label=ISOLEMENT_AR,
        description="المستأجر لم يعد يخرج.",
        questions="منذ متى؟",
        status=status,
    )


def arabic_aah(status=TranslationStatus.PUBLISHED):
    return GlossaryTermTranslation.objects.create(
        glossary_term=GlossaryTerm.objects.get(acronym="AAH"),
        language="ar",
        term=AAH_AR,
        definition=AAH_DEFINITION_AR,
        status=status,
    )


def orientation_url(language: str) -> str:
    with translation.override(language):
        return reverse("orientation:index")


def answer(language: str, client=None) -> str:
    response = (client or Client()).get(
        orientation_url(language), {"situation": "isolement", "commune": "Montreuil"}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_arabic_situation_shows_on_the_arabic_orientation_pages(montreuil):
    arabic_isolement()
    form = Client().get(orientation_url("ar")).content.decode()
    assert '<html lang="ar" dir="rtl"' in form
    assert f"<strong>{ISOLEMENT_AR}</strong>" in form
    # The situations not translated yet: French, read as French, left to right.
    assert '<strong><span lang="fr" dir="ltr">Sortie de détention</span></strong>' in form

    page = answer("ar")
    assert f"{ISOLEMENT_AR} في Montreuil: بمن تتصل؟" in page  # the <title>, locale/ar
    assert f'<h2 id="resultats-titre">{ISOLEMENT_AR}' in page
    assert "المستأجر لم يعد يخرج." in page and "<li>منذ متى؟</li>" in page
    assert "Le locataire ne sort plus" not in page


def test_a_translation_waiting_for_review_is_not_shown_the_french_text_is_marked_french(
    montreuil,
):
    arabic_isolement(status=TranslationStatus.TO_REVIEW)
    page = answer("ar")
    assert ISOLEMENT_AR not in page
    assert '<h2 id="resultats-titre"><span lang="fr" dir="ltr">Isolement</span>' in page
    assert '<p><span lang="fr" dir="ltr">Le locataire ne sort plus' in page


def test_the_french_page_is_unchanged_by_translations(montreuil):
    arabic_isolement()
    page = answer("fr")
    assert ISOLEMENT_AR not in page and '<span lang="fr"' not in page
    assert '<h2 id="resultats-titre">Isolement à Montreuil' in page


def test_english_pages_mark_untranslated_situations_french_without_changing_direction(
    montreuil,
):
    page = answer("en")
    assert '<span lang="fr">Isolement</span>' in page
    assert '<span lang="fr" dir="ltr">' not in page


def test_translations_cost_one_query_per_page_not_one_per_situation(montreuil):
    for situation in Situation.objects.all():
        SituationTranslation.objects.create(
            situation=situation,
            language="ar",
            label=f"{situation.label} (ar)",
            status=TranslationStatus.PUBLISHED,
        )
    params = {"situation": "isolement", "commune": "Montreuil"}
    Client().get(orientation_url("fr"), params)  # warm the caches both pages share
    with CaptureQueriesContext(connection) as french:
        Client().get(orientation_url("fr"), params)
    with CaptureQueriesContext(connection) as arabic:
        response = Client().get(orientation_url("ar"), params)
    assert "Sortie de détention (ar)" in response.content.decode()
    # Situations' translations, and the glossary's for the French description's acronyms.
    assert len(arabic) <= len(french) + 2


def test_the_arabic_glossary_shows_published_terms_and_marks_the_others_french(client):
    arabic_aah()
    with translation.override("ar"):
        url = reverse("orientation:glossary")
    page = client.get(url).content.decode()
    assert f'<abbr title="{AAH_AR}">AAH</abbr> — {AAH_AR}' in page
    assert f"<p>{AAH_DEFINITION_AR}</p>" in page
    assert (
        '<abbr title="Agence départementale d&#x27;information sur le logement">ADIL</abbr> — '
        '<span lang="fr" dir="ltr">Agence départementale' in page
    )


def test_a_glossary_term_reads_in_arabic_in_an_arabic_guide():
    arabic_aah()
    block = GlossaryTermBlock()
    term = GlossaryTerm.objects.get(acronym="AAH")
    value = block.clean(block.to_python({"glossary_term": term.pk, "term": "", "definition": ""}))
    with translation.override("ar"):
        html = block.render(value)
        linked = link_terms("Demandez l'AAH à la MDPH.")
    assert f'<abbr title="{AAH_AR}">AAH</abbr> — {AAH_AR}' in html
    assert AAH_DEFINITION_AR in html
    assert f'<abbr title="{AAH_AR}">AAH</abbr>' in linked
    with translation.override("fr"):
        assert '<abbr title="Allocation aux adultes handicapés">AAH</abbr>' in block.render(value)


def test_a_draft_glossary_translation_stays_french_in_a_guide():
    arabic_aah(status=TranslationStatus.DRAFT)
    block = GlossaryTermBlock()
    term = GlossaryTerm.objects.get(acronym="AAH")
    value = block.clean(block.to_python({"glossary_term": term.pk, "term": "", "definition": ""}))
    with translation.override("ar"):
        html = block.render(value)
    assert AAH_AR not in html
    assert '<span lang="fr" dir="ltr">Allocation aux adultes handicapés</span>' in html


def test_po_export_then_import_lands_translations_to_review_never_published(
    tmp_path, capsys, montreuil
):
    published = arabic_aah()
    call_command("export_vocabulary", "--language", "ar")
    catalogue = polib.pofile(capsys.readouterr().out)
    assert catalogue.metadata["Language"] == "ar"
    by_context = {entry.msgctxt: entry for entry in catalogue}
    assert by_context["situation:isolement:label"].msgid == "Isolement"
    assert by_context["situation:isolement:label"].msgstr == ""
    assert by_context["glossary:aah:term"].msgstr == AAH_AR  # the current translation
    by_context["situation:isolement:label"].msgstr = ISOLEMENT_AR
    by_context["glossary:aah:definition"].msgstr = "تعريف جديد."
    path = tmp_path / "ar.po"
    catalogue.save(str(path))

    call_command("import_vocabulary", str(path))

    isolement = SituationTranslation.objects.get(situation__slug="isolement", language="ar")
    assert isolement.label == ISOLEMENT_AR
    assert isolement.status == TranslationStatus.TO_REVIEW
    published.refresh_from_db()
    assert published.definition == "تعريف جديد."
    assert published.status == TranslationStatus.TO_REVIEW  # changed: reviewed again
    assert published.reviewed_by is None
    assert "Isolement" in answer("ar") and ISOLEMENT_AR not in answer("ar")


def test_import_refuses_an_unknown_language_and_skips_unknown_entries(tmp_path, capsys):
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "ar", "Content-Type": "text/plain; charset=utf-8"}
    catalogue.append(polib.POEntry(msgctxt="situation:n-existe-pas:label", msgid="X", msgstr="Y"))
    catalogue.append(polib.POEntry(msgctxt="autre:chose", msgid="X", msgstr="Y"))
    path = tmp_path / "ar.po"
    catalogue.save(str(path))
    call_command("import_vocabulary", str(path))
    err = capsys.readouterr().err
    assert "situation:n-existe-pas : n'existe plus" in err and "contexte inconnu" in err
    assert not SituationTranslation.objects.exists()
    with pytest.raises(CommandError, match="langue « fr » inconnue"):
        call_command("import_vocabulary", str(path), "--language", "fr")
    with pytest.raises(CommandError, match="langue « xx » inconnue"):
        call_command("export_vocabulary", "--language", "xx")


# --- Review in the admin ------------------------------------------------------------------------


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model)


@pytest.fixture
def translator(django_user_model):
    """A staff member who may edit translations but not publish them."""
    return make_translator(django_user_model, "orientation", "situationtranslation")


def edit(client, translation_row, status):
    url = reverse(
        "wagtailsnippets_orientation_situationtranslation:edit", args=[translation_row.pk]
    )
    return client.post(
        url,
        {
            "situation": translation_row.situation_id,
            "language": "ar",
            "label": translation_row.label,
            "description": translation_row.description,
            "questions": translation_row.questions,
            "status": status,
        },
    )


def test_moderators_publish_after_review_and_are_recorded_as_reviewers(
    client, moderator, montreuil
):
    assert moderator.has_perm("orientation.publish_translation")
    row = arabic_isolement(status=TranslationStatus.TO_REVIEW)
    client.force_login(moderator)
    listing = client.get(reverse("wagtailsnippets_orientation_situationtranslation:list"))
    assert listing.status_code == 200 and ISOLEMENT_AR in listing.content.decode()
    response = edit(client, row, TranslationStatus.PUBLISHED)
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.status == TranslationStatus.PUBLISHED
    assert row.reviewed_by == moderator and row.reviewed_at is not None
    forget()
    assert f'<h2 id="resultats-titre">{ISOLEMENT_AR}' in answer("ar", Client())


def test_who_may_edit_but_not_publish_cannot_publish(client, translator, montreuil):
    row = arabic_isolement(status=TranslationStatus.TO_REVIEW)
    client.force_login(translator)
    response = edit(client, row, TranslationStatus.PUBLISHED)
    assert response.status_code == 200  # the form again, with the error
    row.refresh_from_db()
    assert row.status == TranslationStatus.TO_REVIEW and row.reviewed_by is None
    assert edit(client, row, TranslationStatus.DRAFT).status_code == 302
    row.refresh_from_db()
    assert row.status == TranslationStatus.DRAFT


def test_partners_never_reach_the_translations(client, django_user_model):
    user = django_user_model.objects.create_user("partenaire@example.org", "x")
    client.force_login(user)
    response = client.get(reverse("wagtailsnippets_orientation_situationtranslation:list"))
    assert response.status_code in (302, 403)


def test_moderators_see_what_is_missing_in_each_language(client, moderator):
    arabic_isolement(status=TranslationStatus.TO_REVIEW)
    arabic_aah()
    client.force_login(moderator)
    url = reverse("orientation_missing_translations")
    page = client.get(url, {"language": "ar"}).content.decode()
    # Every situation, term and national label (directory.LabelTranslation), none translated.
    total = Situation.objects.count() + GlossaryTerm.objects.count() + 99
    assert f"{total - 1} textes à traduire ou à relire." in page  # AAH is published
    assert ISOLEMENT_AR in page and "à relire" in page and "à traduire" in page
    assert client.get(url, {"language": "fr"}).status_code == 404
    english = client.get(url, {"language": "en"}).content.decode()
    assert f"{total} textes à traduire ou à relire." in english


def test_partners_do_not_see_what_is_missing(client, django_user_model):
    user = django_user_model.objects.create_user("p@example.org", "x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("orientation_missing_translations")).status_code in (302, 403)


def test_demo_translations_are_published_but_one_waits_for_review_and_load_twice_is_the_same():
    vocabulary.load()
    counts = (SituationTranslation.objects.count(), GlossaryTermTranslation.objects.count())
    assert vocabulary.load() == (
        "0 traductions de situations et du glossaire ajoutées, 0 libellés nationaux"
    )
    assert counts == (5, 2)
    waiting = SituationTranslation.objects.exclude(status=TranslationStatus.PUBLISHED)
    assert [(row.situation.slug, row.status) for row in waiting] == [
        ("logement-encombre", TranslationStatus.TO_REVIEW)
    ]

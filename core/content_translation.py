"""Translating Wagtail pages with wagtail-localize, the steps the admin offers, callable from
code (demo data, tests, scripts):

1. `submit_for_translation(page, ["ar", "en"])`: a translation record per language and a
   translated page created as a **draft** (settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
   is False: never a live copy of the French text). Its untranslated parents become aliases.
2. The segments are translated in the admin's translation editor, or exported to a PO file
   (`export_po`), translated by a translator or a machine translator
   (settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR), and imported back (`import_po`): the draft is
   updated, nothing is published.
3. A reviewer reads the draft (its preview in the admin) and publishes it
   (`publish_translation`, or « Publier » in the translation editor): only then is it public.
   In the admin, translated pages go through a review workflow (guides/translation_review.py):
   the translator submits, a moderator approves; `translations_in_review` lists those waiting.
"""

from __future__ import annotations

import polib
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object


def _locales(languages) -> list[Locale]:
    locales = []
    for code in languages:
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            raise ValueError(f"no Wagtail locale for the content language {code!r}")
        locales.append(locale)
    return locales


def submit_for_translation(page: Page, languages, user=None) -> list[Page]:
    """Draft translations of `page` in `languages` (codes of content languages)."""
    locales = _locales(languages)
    translate_object(page.specific, locales, user=user)
    return [page.get_translation(locale).specific for locale in locales]


def translation_record(page: Page, language: str) -> Translation:
    """`page` is the source page (French)."""
    source = TranslationSource.objects.get(object_id=page.translation_key, locale_id=page.locale_id)
    return Translation.objects.get(source=source, target_locale__language_code=language)


def export_po(page: Page, language: str) -> polib.POFile:
    """The page's strings (msgid) with their translations so far (msgstr), for a translator."""
    record = translation_record(page, language)
    record.source.update_from_db()
    return record.export_po()


@transaction.atomic
def import_po(page: Page, language: str, po: polib.POFile, user=None) -> Page:
    """Translated strings back from a PO file into the translation's draft (still not live).
    An empty msgstr keeps the French text in the draft."""
    record = translation_record(page, language)
    warnings = record.import_po(po, user=user)
    if warnings:
        raise ValueError(f"PO file does not match the page: {warnings!r}")
    record.save_target(user=user, publish=False)
    return record.get_target_instance().specific


@transaction.atomic
def publish_translation(page: Page, language: str, user=None) -> Page:
    """The reviewer's step: the translation's latest draft goes live."""
    translated = translation_record(page, language).get_target_instance().specific
    translated.get_latest_revision().publish(user=user)
    translated.refresh_from_db()
    return translated


def translations_in_review(language: str | None = None):
    """Translated pages (any locale but the default one, or only `language`) whose review
    workflow is in progress, oldest submission first, each with its page (`.translated_page`,
    specific)."""
    pages = Page.objects.exclude(locale=Locale.get_default())
    if language:
        pages = pages.filter(locale__language_code=language)
    states = list(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
        )
        .select_related("requested_by", "current_task_state__task")
        .order_by("created_at")
    )
    found = Page.objects.filter(pk__in=[state.object_id for state in states]).specific()
    by_pk = {str(page.pk): page for page in found}
    for state in states:
        state.translated_page = by_pk[state.object_id]
    return states

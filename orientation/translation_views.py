"""« Traductions à faire » in the Wagtail admin: for one content language, every situation,
glossary term and national vocabulary label (directory.LabelTranslation) with the state of its
translation (missing, draft, to review, published) and a link to write or review it, and the
translated pages waiting for their review (the Wagtail workflow of guides/translation_review.py)
with links to read and review them. For the users who may edit translations (moderators,
admins)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.content_translation import translations_in_review
from directory.models import LabelTranslation
from directory.vocabularies import NATIONAL_VOCABULARIES, NationalVocabulary

from .models import (
    GlossaryTerm,
    GlossaryTermTranslation,
    Situation,
    SituationTranslation,
    TranslationStatus,
    translation_language_choices,
)

EDIT_PERMISSION = "orientation.change_situationtranslation"


def _rows(objects, model, key: str, language: str, name) -> list[dict]:
    found = {getattr(row, f"{key}_id"): row for row in model.objects.filter(language=language)}
    snippet = f"wagtailsnippets_orientation_{model._meta.model_name}"
    rows = []
    for obj in objects:
        translation = found.get(obj.pk)
        rows.append(
            {
                "french": name(obj),
                "translation": translation,
                "status": translation.get_status_display() if translation else _("à traduire"),
                "url": (
                    reverse(f"{snippet}:edit", args=[translation.pk])
                    if translation
                    else reverse(f"{snippet}:add")
                ),
            }
        )
    return rows


def _label_rows(language: str) -> list[dict]:
    found = {
        (row.vocabulary, row.code): row
        for row in LabelTranslation.objects.filter(language=language)
    }
    snippet = "wagtailsnippets_directory_labeltranslation"
    rows = []
    for vocabulary in NationalVocabulary:
        for code, french in NATIONAL_VOCABULARIES[vocabulary].items():
            translation = found.get((vocabulary.value, code))
            if translation:
                url = reverse(f"{snippet}:edit", args=[translation.pk])
            else:
                query = urlencode(
                    {"vocabulary": vocabulary.value, "code": code, "language": language}
                )
                url = f"{reverse(f'{snippet}:add')}?{query}"
            rows.append(
                {
                    "french": f"{french} ({vocabulary.label})",
                    "translation": translation,
                    "status": translation.get_status_display() if translation else _("à traduire"),
                    "url": url,
                }
            )
    return rows


def missing_translations(request):
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied
    languages = translation_language_choices()
    if not languages:
        raise Http404
    language = request.GET.get("language") or languages[0][0]
    if language not in dict(languages):
        raise Http404
    situations = _rows(
        Situation.objects.all(), SituationTranslation, "situation", language, lambda s: s.label
    )
    terms = _rows(
        GlossaryTerm.objects.all(),
        GlossaryTermTranslation,
        "glossary_term",
        language,
        lambda t: t.heading if t.acronym else t.term,
    )
    labels = _label_rows(language)
    pages = [
        {
            "title": state.translated_page.get_latest_revision_as_object().title,
            "requested_by": state.requested_by,
            "since": state.created_at,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[state.translated_page.pk]),
            "preview_url": reverse(
                "wagtailadmin_pages:workflow_preview",
                args=[state.translated_page.pk, state.current_task_state.task_id],
            ),
        }
        for state in translations_in_review(language)
    ]
    published = TranslationStatus.PUBLISHED
    to_do = sum(
        1
        for row in situations + terms + labels
        if row["translation"] is None or row["translation"].status != published
    )
    return TemplateResponse(
        request,
        "orientation/admin/missing_translations.html",
        {
            "page_title": _("Traductions à faire"),
            "header_icon": "globe",
            "languages": languages,
            "language": language,
            "situations": situations,
            "terms": terms,
            "labels": labels,
            "pages": pages,
            "to_do": to_do,
        },
    )

"""National vocabulary labels (data·inclusion thematiques, publics, types…) in the reader's
language: the PUBLISHED translation (directory.LabelTranslation) for the active language, else
the French label — marked `lang="fr"` (and `dir="ltr"` in a right-to-left page) in HTML.

One query per language per request (core.reviewed_translations memo, cleared when a request
starts and when a translation is saved or deleted); French pages ask nothing. Our own values
(categories, the « à domicile » mode) are gettext msgids and go through the catalogues."""

from __future__ import annotations

from django.conf import settings
from django.utils.html import format_html

from core.reviewed_translations import in_french, published, reader_language

from .models import LabelTranslation
from .vocabularies import MODE_ACCUEIL_LABELS, NATIONAL_VOCABULARIES, Category

# Values of ours shown in the same lists, translated by the Django catalogues.
LOCAL_LABELS = {
    "modes_accueil": MODE_ACCUEIL_LABELS,
    "categories": dict(Category.choices),
}


def check_vocabulary(vocabulary: str) -> None:
    if vocabulary not in NATIONAL_VOCABULARIES and vocabulary not in LOCAL_LABELS:
        raise ValueError(f"unknown vocabulary {vocabulary!r}")


def _translation(vocabulary: str, code: str, language: str) -> str:
    if language == settings.LANGUAGE_CODE:
        return ""
    rows = published(LabelTranslation, language, key=lambda row: (row.vocabulary, row.code))
    row = rows.get((vocabulary, code))
    return row.label if row is not None else ""


def _label(vocabulary: str, code: str, language: str | None) -> tuple[str, bool]:
    """(label, is_french_fallback)."""
    check_vocabulary(vocabulary)
    french = NATIONAL_VOCABULARIES.get(vocabulary, {}).get(code)
    if french is None:  # ours (gettext) or an unknown code, shown as it is
        return str(LOCAL_LABELS.get(vocabulary, {}).get(code, code)), False
    translated = _translation(vocabulary, code, language or reader_language())
    return (translated, False) if translated else (french, True)


def vocabulary_label(vocabulary: str, code: str, language: str | None = None) -> str:
    """Plain text (JSON-LD, a sentence, a CSV): the published translation, else French."""
    return _label(vocabulary, code, language)[0]


def vocabulary_label_html(vocabulary: str, code: str) -> str:
    """Safe HTML for the active language: an untranslated label is marked French."""
    label, french = _label(vocabulary, code, None)
    return in_french(label) if french else format_html("{}", label)

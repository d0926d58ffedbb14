"""Situations and glossary terms in the reader's language: the PUBLISHED translation for the
active language, else the French text marked `lang="fr"` (and `dir="ltr"` in a right-to-left
page) so that screen readers read it in French.

One query per model and language per request (or per generation outside a request, e.g. a
PDF): the published translations are kept in a thread-local memo, cleared when a request
starts (apps.py) and when a translation is saved or deleted. French pages ask nothing."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from core.languages import in_french

from .models import GlossaryTermTranslation, SituationTranslation, TranslationStatus

PUBLISH_PERMISSION = "orientation.publish_translation"
# Outside a request (Celery, commands) the memo lives this long.
MEMO_SECONDS = 5

_memo = threading.local()

SITUATION_FIELDS = ("label", "description", "questions")
GLOSSARY_FIELDS = ("term", "definition")


def can_publish_translations(user) -> bool:
    """« Publier après relecture »: moderators (the group has the permission, migration) and
    site admins (superusers)."""
    return user.is_authenticated and user.has_perm(PUBLISH_PERMISSION)


def forget(**kwargs) -> None:
    _memo.__dict__.clear()


def reader_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _published(model, key: str, language: str) -> dict:
    memo = _memo.__dict__
    started = memo.get("started")
    if started is None or time.monotonic() - started > MEMO_SECONDS:
        memo.clear()
        memo["started"] = time.monotonic()
    cache_key = (model, language)
    if cache_key not in memo:
        rows = model.objects.filter(
            language=language, status=TranslationStatus.PUBLISHED
        ).select_related(key.removesuffix("_id"))  # the French text, for the glossary's links
        memo[cache_key] = {getattr(row, key): row for row in rows}
    return memo[cache_key]


def situation_translation(situation, language: str | None = None):
    language = language or reader_language()
    if language == settings.LANGUAGE_CODE:
        return None
    return _published(SituationTranslation, "situation_id", language).get(situation.pk)


def glossary_translation(term, language: str | None = None):
    language = language or reader_language()
    if language == settings.LANGUAGE_CODE:
        return None
    return _published(GlossaryTermTranslation, "glossary_term_id", language).get(term.pk)


def glossary_expansions(language: str | None = None) -> dict[str, str]:
    """French term → its published translation, for the `<abbr title>` of acronyms."""
    language = language or reader_language()
    if language == settings.LANGUAGE_CODE:
        return {}
    published = _published(GlossaryTermTranslation, "glossary_term_id", language)
    return {row.glossary_term.term: row.term for row in published.values()}


def _text(obj, translation, field: str) -> tuple[str, bool]:
    """(text, is_translated)."""
    if translation is not None and getattr(translation, field):
        return getattr(translation, field), True
    return getattr(obj, field), False


def situation_text(situation, field: str = "label") -> str:
    """Plain text (a `<title>`, an attribute): the translation, else French."""
    if field not in SITUATION_FIELDS:
        raise ValueError(f"unknown situation field {field!r}")
    return _text(situation, situation_translation(situation), field)[0]


def glossary_text(term, field: str = "term") -> str:
    if field not in GLOSSARY_FIELDS:
        raise ValueError(f"unknown glossary field {field!r}")
    return _text(term, glossary_translation(term), field)[0]


def situation_html(situation, field: str = "label") -> str:
    if field not in SITUATION_FIELDS:
        raise ValueError(f"unknown situation field {field!r}")
    text, translated = _text(situation, situation_translation(situation), field)
    return format_html("{}", text) if translated else in_french(text)


def glossary_html(term, field: str = "term") -> str:
    if field not in GLOSSARY_FIELDS:
        raise ValueError(f"unknown glossary field {field!r}")
    text, translated = _text(term, glossary_translation(term), field)
    return format_html("{}", text) if translated else in_french(text)

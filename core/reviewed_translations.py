"""Reviewed translations of short texts kept in side tables (situations, glossary terms,
national vocabulary labels): the mechanism, without knowing what is translated.

- `ReviewedTranslation`: the abstract row — a content language other than French, a review
  state (brouillon → « à relire » → publiée), who reviewed it and when. Only a published row is
  shown to readers.
- `published(model, language, key)`: the published rows of one language, keyed, memoised per
  thread: one query per model and language per request (or per few seconds outside a request,
  e.g. a PDF or a Celery task); `forget` clears it (request start, a row saved or deleted).
- `in_french(text)`: French text in a page in another language, marked `lang="fr"` (and
  `dir="ltr"` in a right-to-left page) so that screen readers read it in French."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .languages import in_french as in_french  # one marking of French text, re-exported

# Outside a request (Celery, commands) the memo lives this long.
MEMO_SECONDS = 5

_memo = threading.local()


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    TO_REVIEW = "to_review", _("à relire")
    PUBLISHED = "published", _("publiée")


def translation_language_choices() -> list[tuple[str, str]]:
    """The content languages other than French (settings.WAGTAIL_CONTENT_LANGUAGES)."""
    return [
        (code, name)
        for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]


class ReviewedTranslation(models.Model):
    language = models.CharField(_("langue"), max_length=10, choices=translation_language_choices)
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.TO_REVIEW,
        help_text=_("Seule une traduction publiée après relecture est montrée aux lecteurs."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relue par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("relue le"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        abstract = True

    def publish(self, user) -> None:
        """« Publier après relecture »: the caller has checked the publish permission."""
        self.status = TranslationStatus.PUBLISHED
        self.reviewed_by = user
        self.reviewed_at = timezone.now()

    def send_back_to_review(self) -> None:
        """An import or an edit by someone who may not publish: a reviewer reads it again."""
        self.status = TranslationStatus.TO_REVIEW
        self.reviewed_by = None
        self.reviewed_at = None


def forget(**kwargs) -> None:
    _memo.__dict__.clear()


def reader_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def published(
    model: type[ReviewedTranslation],
    language: str,
    key: Callable[[ReviewedTranslation], object],
    related: Iterable[str] = (),
) -> dict:
    """{key(row): row} for the published rows of `model` in `language` (memoised)."""
    memo = _memo.__dict__
    started = memo.get("started")
    if started is None or time.monotonic() - started > MEMO_SECONDS:
        memo.clear()
        memo["started"] = time.monotonic()
    cache_key = (model, language)
    if cache_key not in memo:
        rows = model.objects.filter(language=language, status=TranslationStatus.PUBLISHED)
        if related:
            rows = rows.select_related(*related)
        memo[cache_key] = {key(row): row for row in rows}
    return memo[cache_key]

"""Events in the tenants' languages (wagtail-localize). An event is its French page (the
default locale's): it alone has occurrences, registrations, waitlists and counters, and only
it is listed (agenda, iCal, feeds, API, search, sitemaps…). A translation is another page of
the same `translation_key` carrying the translated public text (title, summary, body, price
details; `EventPage.override_translatable_fields` synchronises everything else from the
French page); it shows the French page's sessions.

Where an event is shown to a reader in language X, it is shown through its published
translation in X when there is one, else through the French page (`reader_version`; the
template marks the French text `lang="fr"` in a page of another language: `is_fallback`).

This module imports no model of the app (the model imports it): querysets are passed in."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language


def source_language() -> str:
    return settings.LANGUAGE_CODE


def source_events(queryset, through: str = ""):
    """`queryset` (of event pages, or of rows reaching them through `through`, e.g.
    "event__" for occurrences) restricted to the French events: each event once."""
    return queryset.filter(**{f"{through}locale__language_code": source_language()})


def is_source(event) -> bool:
    return event.locale.language_code == source_language()


def source_of(event):
    """The French page of `event` (itself when it is French; a translation whose French page
    was deleted is its own source)."""
    if event is None or event.pk is None or is_source(event):
        return event
    cached = getattr(event, "_source_event", None)
    if cached is None:
        cached = (
            type(event)
            .objects.filter(
                translation_key=event.translation_key, locale__language_code=source_language()
            )
            .first()
        ) or event
        event._source_event = cached
    return cached


def _reader_language(language: str | None) -> str:
    return language or get_language() or source_language()


def _published_translations(model, translation_keys, language: str) -> dict:
    """{translation_key: live public translation in `language`} (real translations, not the
    aliases wagtail-localize makes of untranslated parents)."""
    pages = (
        model.objects.live()
        .public()
        .filter(
            translation_key__in=list(translation_keys),
            locale__language_code=language,
            alias_of__isnull=True,
        )
        .select_related("locale")
    )
    return {page.translation_key: page for page in pages}


def attach_reader_versions(events, language: str | None = None) -> None:
    """Look up, in one query, the published translation in `language` (the active one by
    default) of each French event in `events` (event pages, or occurrences: their `.event`),
    for `reader_version` and `is_fallback` to answer without a query."""
    language = _reader_language(language)
    pages = [getattr(item, "event", item) for item in events]
    pages = [page for page in pages if page is not None and page.pk is not None]
    missing = [page for page in pages if language not in page.__dict__.get("_reader_versions", {})]
    if not missing:
        return
    found = {}
    if language != source_language():
        found = _published_translations(
            type(missing[0]), {page.translation_key for page in missing}, language
        )
    for page in missing:
        translation = found.get(page.translation_key)
        versions = page.__dict__.setdefault("_reader_versions", {})
        # (the page to show, shown in French to a reader of another language)
        versions[language] = (
            (translation, False)
            if translation is not None
            else (page, language != source_language())
        )


def _version(event, language: str | None):
    language = _reader_language(language)
    cached = event.__dict__.get("_reader_versions", {}).get(language)
    if cached is not None:
        return cached
    if event.pk is None or event.locale.language_code == language:
        return (event, False)  # a translation (or a draft's preview) read in its language
    source = source_of(event)
    attach_reader_versions([source], language)
    return source._reader_versions[language]


def reader_version(event, language: str | None = None):
    """The page to show `event` through to a reader in `language` (the active one by
    default): its published translation in that language, else the French page."""
    return None if event is None else _version(event, language)[0]


def is_fallback(event, language: str | None = None) -> bool:
    """`event` is shown in French to a reader of another language (no published
    translation): its text is marked `lang="fr"`."""
    return event is not None and _version(event, language)[1]

"""Addresses in the reader's language: French at the plain address, English under /en/
(portal/urls.py `i18n_patterns`, prefix_default_language=False)."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, override


def in_reader_language(url: str, language: str | None = None) -> str:
    """A stored French address ("/glossaire/#terme-ccas", a search hit's URL) in `language`,
    the active one by default ("/en/glossaire/#terme-ccas"). `translate_url` alone resolves
    the address in the active language, where an unprefixed address is not found."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return url
    with override(settings.LANGUAGE_CODE):
        return translate_url(url, language)

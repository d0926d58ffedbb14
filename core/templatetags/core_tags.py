"""Template tags of mechanisms shared by every app (no domain knowledge)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from core.languages import (
    is_served_untranslated,
    is_translatable_page,
    language_name,
    page_alternates,
    page_language_links,
)
from core.text import ends_with_words
from core.text import excerpt as text_excerpt

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """This page in each language, for the language switcher's links (no form: a page that
    shows them needs no CSRF cookie and stays cacheable): `[{"code", "name", "url",
    "current"}]`. A Wagtail page offers every content language (core.languages); application
    pages the interface languages: French at the plain address, the others under their prefix
    ("/annuaire/" ↔ "/en/annuaire/"); an address no view knows (a 404) just swaps its prefix."""
    request = context["request"]
    page = context.get("page")
    if is_translatable_page(page):
        # A Wagtail page: each content language, to its translation or its French fallback.
        return page_language_links(page, request)
    address = request.get_full_path()
    current = get_language()
    links = []
    for code, name in settings.UI_LANGUAGES:
        url = translate_url(address, code)
        if url == address and code != current:
            url = _swap_prefix(address, current, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def page_reading(context) -> dict:
    """How the page in context is read: `alternates` (its published translations and
    x-default, for `<link rel="alternate" hreflang>`), `untranslated` (it is shown in French
    because it has no published translation in the reader's language), `language_name`."""
    page = context.get("page")
    current = get_language() or settings.LANGUAGE_CODE
    if not is_translatable_page(page):
        return {"alternates": [], "untranslated": False, "language_name": language_name(current)}
    return {
        "alternates": page_alternates(page, context["request"]),
        "untranslated": is_served_untranslated(page, current),
        "language_name": language_name(current),
    }


def _swap_prefix(address: str, current: str, code: str) -> str:
    if current != settings.LANGUAGE_CODE and address.startswith(f"/{current}/"):
        address = address[len(current) + 1 :]
    return address if code == settings.LANGUAGE_CODE else f"/{code}{address}"


@register.filter
def excerpt(text, limit=220):
    """`{{ service.description|excerpt:160 }}`: cut at a word boundary, with an ellipsis."""
    return text_excerpt(text, int(limit))


register.filter("ends_with_words", ends_with_words)

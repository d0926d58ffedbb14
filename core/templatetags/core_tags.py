"""Template tags of mechanisms shared by every app (no domain knowledge)."""

from django import template
from django.conf import settings
from django.urls import translate_url

from core.text import ends_with_words
from core.text import excerpt as text_excerpt

register = template.Library()


@register.simple_tag(takes_context=True)
def default_language_address(context) -> str:
    """This page's address in the default language ("/en/annuaire/" → "/annuaire/"), for the
    language switcher: `set_language` runs in the default language (its address has no
    language prefix), so it can translate a French address into any language, but not an
    English one back."""
    request = context["request"]
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)


@register.filter
def excerpt(text, limit=220):
    """`{{ service.description|excerpt:160 }}`: cut at a word boundary, with an ellipsis."""
    return text_excerpt(text, int(limit))


register.filter("ends_with_words", ends_with_words)

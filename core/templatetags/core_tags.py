"""Template tags of mechanisms shared by every app (no domain knowledge)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from core.languages import (
    content_languages,
    french_attributes,
    in_french,
    is_content_only_language,
    is_served_untranslated,
    is_tenant_facing,
    is_translatable_page,
    language_name,
    page_alternates,
    page_language_links,
    text_language_attributes,
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
    # A tenant-facing page speaks every content language; the others the interface languages.
    languages = content_languages() if is_tenant_facing(request) else settings.UI_LANGUAGES
    links = []
    for code, name in languages:
        url = translate_url(address, code)
        if url == address and code != current:
            url = _swap_prefix(address, current, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def page_reading(context) -> dict:
    """How the page in context is read: `alternates` (its published translations and
    x-default, for `<link rel="alternate" hreflang>`), `untranslated` (a Wagtail page shown in
    French because it has no published translation in the reader's language), `french_only`
    (a page that is not tenant-facing, asked in a content-only language: it exists only in
    French), `content_language` (the language its content block renders in: French for
    those), `language_name`."""
    page = context.get("page")
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    reading = {
        "alternates": [],
        "untranslated": False,
        "french_only": False,
        "content_language": current,
        "language_name": language_name(current),
    }
    if is_translatable_page(page):
        reading["alternates"] = page_alternates(page, request)
        reading["untranslated"] = is_served_untranslated(page, current)
    if is_content_only_language(current) and not is_tenant_facing(request, page):
        reading["french_only"] = True
        reading["untranslated"] = False
        reading["content_language"] = settings.LANGUAGE_CODE
    return reading


def _swap_prefix(address: str, current: str, code: str) -> str:
    if current != settings.LANGUAGE_CODE and address.startswith(f"/{current}/"):
        address = address[len(current) + 1 :]
    return address if code == settings.LANGUAGE_CODE else f"/{code}{address}"


@register.filter
def excerpt(text, limit=220):
    """`{{ service.description|excerpt:160 }}`: cut at a word boundary, with an ellipsis."""
    return text_excerpt(text, int(limit))


register.filter("ends_with_words", ends_with_words)


@register.filter
def french(text):
    """`{{ number.label|french }}`: content written in French, marked `lang="fr"` on a page
    in another language (core.languages.in_french)."""
    return in_french(text)


@register.filter
def text_lang(page) -> str:
    """`<h1{{ page|text_lang }}>`: the page's own text marked with its language when the reader
    reads another one (core.languages.text_language_attributes)."""
    return text_language_attributes(page)


class TextLanguageNode(template.Node):
    def __init__(self, page, nodelist):
        self.page, self.nodelist = page, nodelist

    def render(self, context):
        attributes = text_language_attributes(self.page.resolve(context))
        inner = self.nodelist.render(context)
        return f"<div{attributes}>{inner}</div>" if attributes else inner


@register.tag
def in_text_language(parser, token):
    """`{% in_text_language page %}…{% endin_text_language %}`: what the page's author wrote
    (a body block) inside a `<div lang dir>` of the page's language when the reader reads
    another one; nothing added otherwise."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% in_text_language page %} takes one page")
    nodelist = parser.parse(("endin_text_language",))
    parser.delete_first_token()
    return TextLanguageNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag
def fr_attrs() -> str:
    """`<p{% fr_attrs %}>{{ service.description }}</p>`: an element holding content stored in
    French, marked so in a page in another language (core.languages.french_attributes)."""
    return french_attributes()

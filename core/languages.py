"""Addresses in the reader's language: French at the plain address, the other languages under
their prefix (/en/, /ar/…: portal/urls.py `i18n_patterns`, prefix_default_language=False), and
the content languages of Wagtail pages (translations, fallback to French, chooser, hreflang)."""

from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_bidi, get_language_info, override
from wagtail.models import Locale, Page


def in_reader_language(url: str, language: str | None = None) -> str:
    """A stored French address ("/glossaire/#terme-ccas", a search hit's URL) in `language`,
    the active one by default ("/en/glossaire/#terme-ccas"). `translate_url` alone resolves
    the address in the active language, where an unprefixed address is not found."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return url
    with override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


# --- Content languages (Wagtail locales) ------------------------------------------------------
# The interface speaks UI_LANGUAGES (Django catalogues); editorial pages may be translated into
# every WAGTAIL_CONTENT_LANGUAGES one (wagtail-localize), each served under its /<code>/ prefix.
# A page read in a language it has no published translation in is served in French (the
# default locale's page, `FallbackToDefaultLocaleMixin`) with a notice.


def ui_language_codes() -> list[str]:
    return [code for code, _name in settings.UI_LANGUAGES]


def content_languages() -> list[tuple[str, str]]:
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


def french_attributes() -> str:
    """` lang="fr"` (and ` dir="ltr"` right to left) for an element holding content stored in
    French (a sheet's description, an address) in a page in another language; empty on a French
    page."""
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return ""
    if get_language_bidi():
        return format_html(' lang="{}" dir="ltr"', settings.LANGUAGE_CODE)
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


def in_french(text: str) -> str:
    """French text (content stored in French: a name, a label an editor wrote) inside a page in
    another language, as safe HTML marked `lang="fr"` (and `dir="ltr"` right to left), so that
    screen readers read it in French. On a French page, the text alone."""
    attributes = french_attributes()
    if not attributes or not text:
        return format_html("{}", text)
    return format_html("<span{}>{}</span>", attributes, text)


def is_content_only_language(language: str | None = None) -> bool:
    """A content language without a full interface catalogue (ar, pt…): only the tenant-facing
    pages are translated into it; the others read in French there."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return language not in ui_language_codes()


# --- Tenant-facing pages ------------------------------------------------------------------------
# The pages tenants read (« Qui appeler ? », guides, glossary, posters, agenda) speak every
# content language: their interface strings are in the content-only languages' catalogues
# (scripts/tenant_catalogues.py). Any other page asked in a content-only language shows its
# content in French, marked `lang="fr"`, with a notice (templates/base.html, `page_reading`).
# Views are marked with `@tenant_facing`, Wagtail page models with `tenant_facing = True`.


def tenant_facing(view):
    """Marks a view (function, or class with `as_view`) as read by tenants in their language.
    Decorators built with functools.wraps keep the mark, above or below this one."""
    view.tenant_facing = True
    return view


def is_tenant_facing(request, page=None) -> bool:
    """Does this request show a tenant-facing page: a Wagtail page whose model says so, or a
    view marked `@tenant_facing`."""
    if is_translatable_page(page):
        return bool(getattr(page.specific_class or type(page), "tenant_facing", False))
    match = getattr(request, "resolver_match", None)
    view = getattr(match, "func", None)
    return bool(
        getattr(view, "tenant_facing", False)
        or getattr(getattr(view, "view_class", None), "tenant_facing", False)
    )


def language_name(code: str) -> str:
    """A language's name in that language ("العربية"), as the chooser shows it."""
    return dict(settings.LANGUAGES).get(code, code)


def ensure_content_locales() -> None:
    """A Wagtail locale for each content language (idempotent; migrations and the demo call it:
    a flushed test database has none)."""
    for code, _name in content_languages():
        Locale.objects.get_or_create(language_code=code)


def is_translatable_page(page) -> bool:
    return isinstance(page, Page) and page.pk is not None and not page.is_root()


def published_translations(page) -> dict[str, Page]:
    """The live, public translations of `page` (itself included) by language code: real
    translations only, not the aliases wagtail-localize creates for untranslated parents.
    Kept on the page for the request (the chooser, the alternates and the notice ask)."""
    cached = getattr(page, "_published_translations", None)
    if cached is None:
        pages = (
            Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
            .live()
            .public()
            .select_related("locale")
            .specific()  # the page models' own addresses (ReaderLanguageUrlMixin)
        )
        cached = {translation.locale.language_code: translation for translation in pages}
        page._published_translations = cached
    return cached


def is_served_untranslated(page, language: str | None = None) -> bool:
    """This page is read in a language it is not written in: an alias, or the French page
    served under another language's prefix."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if page.alias_of_id is not None:
        return True
    own = published_translations(page).get(language)
    if own is not None:
        return own.pk != page.pk
    return page.locale.language_code != language  # a draft's preview is in its own language


_locale_languages: dict[int, str] = {}


def page_text_language(page) -> str:
    """The language `page`'s own text is written in (its Wagtail locale), without a query per
    page: the locales' codes are read once (and again when an unknown locale appears). An alias
    (wagtail-localize's stand-in for an untranslated parent) shows its source's text."""
    locale_id = page.locale_id
    if page.alias_of_id is not None:
        # Asked for each element of the page (title, summary, every body block): kept on it.
        if not hasattr(page, "_source_locale_id"):
            page._source_locale_id = Page.objects.filter(pk=page.alias_of_id).values_list(
                "locale_id", flat=True
            )[0]
        locale_id = page._source_locale_id
    if locale_id not in _locale_languages:
        _locale_languages.clear()
        _locale_languages.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_languages.get(locale_id, settings.LANGUAGE_CODE)


def text_language_attributes(page) -> str:
    """` lang="fr" dir="ltr"` for an element showing `page`'s own text (title, summary, body)
    when the reader reads another language: an untranslated page served in French under /ar/,
    a French guide listed on an Arabic page. Empty when the text is in the reader's language;
    the interface around it keeps the reader's language."""
    own = page_text_language(page)
    if own == (get_language() or settings.LANGUAGE_CODE):
        return ""
    direction = "rtl" if get_language_info(own)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', own, direction)


def page_language_links(page, request) -> list[dict]:
    """The language chooser of a Wagtail page: each content language, to the page's published
    translation in it, else to the same address under that language's prefix (served in
    French with a notice): the reader stays on the same content."""
    translations = published_translations(page)
    source = translations.get(settings.LANGUAGE_CODE) or page
    current = get_language()
    links = []
    for code, name in content_languages():
        with override(code):
            url = translations.get(code, source).get_url(request)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def page_alternates(page, request) -> list[dict]:
    """`<link rel="alternate" hreflang>` of a page: each published translation, absolute, and
    x-default (the French page)."""
    translations = published_translations(page)
    alternates = []
    for code, _name in content_languages():
        if code in translations:
            with override(code):
                alternates.append(
                    {"hreflang": code, "href": translations[code].get_full_url(request)}
                )
    french = [a["href"] for a in alternates if a["hreflang"] == settings.LANGUAGE_CODE]
    if french:
        alternates.append({"hreflang": "x-default", "href": french[0]})
    return alternates


class FallbackToDefaultLocaleMixin:
    """For a Wagtail site's root page model: an address of a translated tree that finds no
    live page there (not translated yet, translation in review) is routed in the default
    locale's tree, so "/ar/guides/x/" shows the French guide (with the notice) rather than a
    404. Without an Arabic root, Wagtail already routes the French tree."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            default = self.get_translation_or_none(Locale.get_default())
            if default is None or default.pk == self.pk:
                raise
            return default.specific.route(request, path_components)


class ReaderLanguageUrlMixin:
    """For Wagtail page models: a French page's address follows the reader's language
    ("/en/guides/x/", "/ar/guides/x/"), as the application pages' do, where Wagtail's i18n
    would give the French address; "/ar/guides/x/" is the Arabic translation once published,
    the French page with a notice until then. A translation keeps its own locale's address."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        language = get_language()
        if (
            parts is None
            or parts[2] is None
            or language == settings.LANGUAGE_CODE
            or language not in dict(settings.LANGUAGES)
            or self.locale.language_code != settings.LANGUAGE_CODE
        ):
            return parts
        site_id, root_url, page_path = parts
        return site_id, root_url, in_reader_language(page_path, language)

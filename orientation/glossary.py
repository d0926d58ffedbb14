"""Glossary links in running text: the first occurrence of each known term becomes a link to
its definition (`<abbr>` with the expansion for acronyms).

Terms are read once and kept in the shared cache; saving or deleting a term forgets them
(signals wired in apps.py), so rendering a page costs no query. Within a request they are
read from the shared cache once, not once per linked text (a result page links some twenty
texts), and the pattern built from them once.

`undefined_acronyms(text, known)` finds the acronyms a text shows that the glossary does not
explain: tests run it over our vocabularies and rendered pages, so that a reader never meets
a sigle nobody defines."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import override

from core.languages import in_reader_language

from .models import GlossaryTerm, split_synonyms
from .translations import glossary_expansions

CACHE_KEY = "orientation:glossary-terms:v1"
SYNONYMS_CACHE_KEY = "orientation:glossary-synonyms:v1"
CACHE_SECONDS = 24 * 3600
# Terms read during a request serve its other texts; outside requests (tasks, PDF builds)
# they are read again after this many seconds.
REQUEST_MEMO_SECONDS = 1.0

# Text nodes of safe HTML inside these elements are never linked again.
_SKIP_INSIDE = {"a", "abbr", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")


# Acronyms: a word of two or more capital letters (accented ones too: "ÉSAT"), on its own.
_ACRONYM = re.compile(r"(?<![\w-])[A-ZÀ-ÖØ-Þ]{2,}(?![\w-])")
# Roman numerals as written in French text (chapters, centuries: "II", "XIV", "XXIe" is not
# matched anyway). Only I, V and X: "CD", "CM", "DC" are acronyms more often than numbers.
_ROMAN_NUMERAL = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
# Capitalised words every reader knows, which the glossary need not define.
ACRONYMS_EVERYONE_KNOWS = frozenset({"CSV", "PDF", "QR", "SMS"})


def acronyms_in(text: str) -> set[str]:
    """The acronyms `text` shows (not roman numerals nor the allow-list above). HTML tags are
    not skipped: give rendered text, not markup."""
    return {
        word
        for word in _ACRONYM.findall(text or "")
        if word not in ACRONYMS_EVERYONE_KNOWS and not _ROMAN_NUMERAL.match(word)
    }


def undefined_acronyms(text: str, known) -> set[str]:
    """The acronyms of `text` that are not in `known` (a collection of acronyms, e.g.
    `defaults.glossary_acronyms()` or the acronyms of the `GlossaryTerm` rows)."""
    return acronyms_in(text) - {acronym.upper() for acronym in known}


@dataclass(frozen=True)
class Entry:
    """One linkable term: `text` as it appears, the glossary URL and, for an acronym, its
    expansion (the `<abbr>` title)."""

    text: str
    url: str
    expansion: str = ""

    @property
    def is_acronym(self) -> bool:
        return bool(self.expansion)


def load_entries() -> list[Entry]:
    """Acronyms and terms from the database (acronyms and full names both link), with the
    glossary's French address (the cache serves every language: `_Linker` translates it)."""
    entries = []
    for term in GlossaryTerm.objects.only("term", "acronym", "slug"):
        with override(settings.LANGUAGE_CODE):
            url = term.get_absolute_url()
        if term.acronym:
            entries.append(Entry(term.acronym, url, term.term))
        entries.append(Entry(term.term, url))
    return entries


_memo = threading.local()


def get_entries() -> list[Entry]:
    memo = getattr(_memo, "entries", None)
    if memo is not None and time.monotonic() - memo[0] < REQUEST_MEMO_SECONDS:
        return memo[1]
    entries = cache.get(CACHE_KEY)
    if entries is None:
        entries = load_entries()
        cache.set(CACHE_KEY, entries, CACHE_SECONDS)
    _memo.entries = (time.monotonic(), entries)
    return entries


def load_synonym_groups() -> list[tuple[str, ...]]:
    """For each term with search synonyms: (acronym, term, *synonyms), acronym left out
    when the term has none."""
    groups = []
    for acronym, term, synonyms in GlossaryTerm.objects.exclude(synonyms="").values_list(
        "acronym", "term", "synonyms"
    ):
        groups.append(tuple(p for p in (acronym, term, *split_synonyms(synonyms)) if p))
    return groups


def get_synonym_groups() -> list[tuple[str, ...]]:
    groups = cache.get(SYNONYMS_CACHE_KEY)
    if groups is None:
        groups = load_synonym_groups()
        cache.set(SYNONYMS_CACHE_KEY, groups, CACHE_SECONDS)
    return groups


def new_request(**kwargs) -> None:
    """request_started (apps.py): a request reads the terms afresh."""
    _memo.__dict__.clear()


def forget_terms(**kwargs) -> None:
    _memo.__dict__.clear()
    cache.delete_many([CACHE_KEY, SYNONYMS_CACHE_KEY])


def _pattern(entries: list[Entry]) -> re.Pattern | None:
    if not entries:
        return None
    # Longest first so "Centre communal d'action sociale" wins over a shorter overlap.
    alternatives = []
    for entry in sorted(entries, key=lambda e: len(e.text), reverse=True):
        escaped = re.escape(entry.text)
        # Acronyms are matched with their case (APA, not "apa"); terms in any case.
        alternatives.append(escaped if entry.is_acronym else f"(?i:{escaped})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def _linker_parts(entries: list[Entry]) -> tuple:
    """(pattern, acronyms, terms), built once for the entries of the request."""
    memo = getattr(_memo, "parts", None)
    if memo is not None and memo[0] is entries:
        return memo[1]
    parts = (
        _pattern(entries),
        {e.text: e for e in entries if e.is_acronym},
        {e.text.casefold(): e for e in entries if not e.is_acronym},
    )
    _memo.parts = (entries, parts)
    return parts


class _Linker:
    def __init__(self, entries: list[Entry]) -> None:
        self.pattern, self.acronyms, self.terms = _linker_parts(entries)
        self.done: set[str] = set()

    def url(self, entry: Entry) -> str:
        """The glossary in the reader's language (/en/glossaire/… in English)."""
        return in_reader_language(entry.url)

    def entry_for(self, matched: str) -> Entry | None:
        return self.acronyms.get(matched) or self.terms.get(matched.casefold())

    def link(self, entry: Entry, matched: str) -> str:
        if entry.is_acronym:
            return format_html(
                '<a class="glossary-link" href="{}"><abbr title="{}">{}</abbr></a>',
                self.url(entry),
                # The expansion in the reader's language once its translation is published.
                glossary_expansions().get(entry.expansion, entry.expansion),
                matched,
            )
        return format_html('<a class="glossary-link" href="{}">{}</a>', self.url(entry), matched)

    def text(self, text: str, escape_text: bool) -> str:
        """Link in plain text (escaped here) or in an already escaped HTML text node."""
        esc = conditional_escape if escape_text else str
        if self.pattern is None:
            return esc(text)
        out, position = [], 0
        for match in self.pattern.finditer(text):
            entry = self.entry_for(match.group(0))
            if entry is None or entry.url in self.done:
                continue
            self.done.add(entry.url)
            out.append(esc(text[position : match.start()]))
            out.append(self.link(entry, match.group(0)))
            position = match.end()
        out.append(esc(text[position:]))
        return "".join(out)

    def html(self, html: str) -> str:
        """Link inside the text nodes of safe HTML, never inside tags or existing links."""
        out, skipping = [], []
        for token in _TAG.split(html):
            if token.startswith("<"):
                name = _TAG_NAME.match(token)
                if name and name.group(2).lower() in _SKIP_INSIDE:
                    if name.group(1):
                        if skipping:
                            skipping.pop()
                    elif not token.rstrip().endswith("/>"):
                        skipping.append(name.group(2).lower())
                out.append(token)
            elif skipping:
                out.append(token)
            else:
                out.append(self.text(token, escape_text=False))
        return "".join(out)


def link_terms(value, entries: list[Entry] | None = None) -> str:
    """Return `value` as safe HTML with the first occurrence of each glossary term linked.

    Plain strings are escaped; strings already marked safe (rich text) are processed in
    their text nodes only."""
    if value is None:
        return mark_safe("")
    linker = _Linker(get_entries() if entries is None else entries)
    if isinstance(value, SafeData):
        return mark_safe(linker.html(str(value)))  # noqa: S308 (tokens of safe input, links built with format_html)
    return mark_safe(linker.text(str(value), escape_text=True))  # noqa: S308 (text escaped piecewise)

"""Plain-Python text handling shared by the backends: cleaning user input, splitting words,
and turning a query into groups of alternatives with the glossary applied both ways and the
synonym groups applied to any of their phrases.

Nothing here touches the database. The regular expressions have no nested quantifiers, so
they run in linear time whatever the input.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .glossary import get_glossary, get_synonym_groups

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12

# Words a French query may hold that never decide a match.
_STOP_WORDS_TEXT = """
a au aux avec ce ces d dans de des du en et l la le les leur mes mon ou par pour qu que
qui sa se ses son sur ta te tes ton un une vers vos votre
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str | None, limit: int = MAX_QUERY_CHARS) -> str:
    """User text made safe to use: no NUL/control characters, spaces collapsed, capped."""
    if not text:
        return ""
    text = _CONTROL.sub(" ", str(text))
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())[:limit].strip()


def fold(text: str) -> str:
    """Lower case without accents ("Éducatrice" → "educatrice"), as PostgreSQL unaccent."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("œ", "oe").replace("æ", "ae")


def words(text: str) -> list[str]:
    """Folded words of `text`, in order."""
    return _WORD.findall(fold(text))


def significant(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t not in STOP_WORDS and (len(t) > 1 or t.isdigit())]


@dataclass
class ParsedQuery:
    """A query as AND of groups; each group is OR of alternatives (each a short text).

    `terms` are the single words eligible for spelling correction (not acronyms, not
    glossary expansions)."""

    text: str = ""
    groups: list[list[str]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups


@functools.lru_cache(maxsize=8)
def _glossary_index(
    entries: tuple[tuple[str, str], ...],
) -> tuple[dict[str, tuple[str, str]], list[tuple[tuple[str, ...], str, str]]]:
    """For a glossary (as sorted items): folded acronym → (acronym, expansion), and
    (significant words of the expansion, acronym, expansion) longest first.

    Cached by content: every query reads the same glossary, and folding each expansion
    again cost more than the rest of the parsing."""
    folded = {fold(acronym): (acronym, expansion) for acronym, expansion in entries}
    index = []
    for acronym, expansion in entries:
        key = tuple(significant(words(expansion)))
        if key:
            index.append((key, acronym, expansion))
    index.sort(key=lambda item: -len(item[0]))
    return folded, index


@functools.lru_cache(maxsize=8)
def _synonym_index(groups: tuple[tuple[str, ...], ...]) -> list[tuple[tuple[str, ...], list[str]]]:
    """(significant words of a phrase, every alternative of the groups holding that phrase),
    longest phrase first. A phrase in two groups ("incurie" in the groups of "incurie" and of
    "syndrome de Diogène") brings the alternatives of both."""
    alternatives: dict[tuple[str, ...], list[str]] = {}
    for group in groups:
        keys = [key for key in (tuple(significant(words(phrase))) for phrase in group) if key]
        for key in keys:
            found = alternatives.setdefault(key, [])
            for other in keys:
                if " ".join(other) not in found:
                    found.append(" ".join(other))
    return sorted(alternatives.items(), key=lambda item: -len(item[0]))


def _longest_match(tokens: list[str], position: int, index) -> tuple | None:
    for entry in index:
        key = entry[0]
        if tuple(tokens[position : position + len(key)]) == key:
            return entry
    return None


def parse(
    text: str | None,
    glossary: dict[str, str] | None = None,
    synonyms: list[tuple[str, ...]] | None = None,
) -> ParsedQuery:
    """Split a query into groups, expanding acronyms, recognising expansions and applying
    synonym groups (the longest phrase found wins; synonyms win a tie)."""
    text = clean(text)
    glossary = get_glossary() if glossary is None else glossary
    synonyms = get_synonym_groups() if synonyms is None else synonyms
    folded_glossary, index = _glossary_index(tuple(sorted(glossary.items())))
    synonym_index = _synonym_index(tuple(tuple(group) for group in synonyms))
    tokens = significant(words(text))[: MAX_QUERY_WORDS * 2]
    parsed = ParsedQuery(text=text)
    position = 0
    while position < len(tokens) and len(parsed.groups) < MAX_QUERY_WORDS:
        expanded = _longest_match(tokens, position, index)
        synonym = _longest_match(tokens, position, synonym_index)
        if synonym is not None and (expanded is None or len(synonym[0]) >= len(expanded[0])):
            key, alternatives = synonym
            parsed.groups.append(list(alternatives))
            parsed.acronyms.extend(
                folded_glossary[alt][0] for alt in alternatives if alt in folded_glossary
            )
            position += len(key)
        elif expanded is not None:
            key, acronym, _expansion = expanded
            parsed.groups.append([" ".join(key), fold(acronym)])
            parsed.acronyms.append(acronym)
            position += len(key)
        else:
            token = tokens[position]
            if token in folded_glossary:
                acronym, expansion = folded_glossary[token]
                parsed.groups.append([token, " ".join(significant(words(expansion)))])
                parsed.acronyms.append(acronym)
            else:
                parsed.groups.append([token])
                parsed.terms.append(token)
            position += 1
    return parsed

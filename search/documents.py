"""From a projection's `SearchDoc` to what the backends store (plain functions)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from .query import FACETS
from .registry import SearchDoc
from .text import clean, words

_PREFIX = {name: prefix for name, (_attr, prefix) in FACETS.items()}
LEXICON_MIN_LENGTH = 3
LEXICON_MAX_LENGTH = 60


def facet_keys(kind: str, doc: SearchDoc) -> list[str]:
    """Every facet value of a document as "<prefix>:<value>" (see SearchDocument)."""
    keys = [f"k:{kind}"]
    keys += [f"t:{v}" for v in doc.thematiques]
    keys += [f"p:{v}" for v in doc.publics]
    keys += [f"m:{v}" for v in doc.modes_accueil]
    keys += [f"f:{v}" for v in doc.frais]
    keys += [f"g:{v}" for v in doc.categories]
    if doc.commune_code:
        # The commune name travels with its code, so counting needs no join.
        keys.append(f"c:{doc.commune_code}|{doc.commune_name}")
    return list(dict.fromkeys(key[:120] for key in keys))


def row_values(kind: str, object_id, doc: SearchDoc) -> dict:
    """Column values of a SearchDocument row."""
    keywords = [clean(k, 200) for k in doc.keywords if clean(k, 200)]
    return {
        "kind": kind,
        "object_id": str(object_id),
        "title": clean(doc.title, 300),
        "body": doc.body or "",
        "keywords": keywords,
        "keywords_text": " ".join(keywords),
        "thematiques": list(doc.thematiques),
        "publics": list(doc.publics),
        "categories": list(doc.categories),
        "modes_accueil": list(doc.modes_accueil),
        "frais": list(doc.frais),
        "facet_keys": facet_keys(kind, doc),
        "commune_code": doc.commune_code or "",
        "commune_name": doc.commune_name or "",
        "latitude": doc.latitude,
        "longitude": doc.longitude,
        "url": doc.url,
        "visibility": doc.visibility,
        "updated_at": doc.updated_at or timezone.now(),
        "extra": doc.extra,
        "open_intervals": doc.open_intervals,
        "opening_known_until": doc.opening_known_until if doc.open_intervals is not None else None,
    }


def lexicon_words(texts: Iterable[str]) -> set[str]:
    """Folded words worth offering as spelling corrections."""
    found = set()
    for text in texts:
        for word in words(text or ""):
            if LEXICON_MIN_LENGTH <= len(word) <= LEXICON_MAX_LENGTH and not word.isdigit():
                found.add(word)
    return found

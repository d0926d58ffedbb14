"""Acronyms of the social and medico-social sector, used by search both ways: a query for
"CLIC" also finds "centre local d'information et de coordination", and the reverse.

Search holds no acronym of its own: `get_glossary()` merges what every registered provider
returns (`register_glossary_provider(callable)`). The glossary's only copy is orientation's
(`orientation.defaults.GLOSSARY`, stored as `GlossaryTerm` rows that moderators edit), which
registers its provider in `OrientationConfig.ready()`.

**Synonyms** (`register_synonym_provider(callable)`): groups of words or phrases that mean the
same thing to the people who search ("incurie", "syndrome de Diogène", "logement encombré"):
a query holding one of them also finds the others. `get_synonym_groups()` merges every
provider's groups (orientation's come from `GlossaryTerm.synonyms`, edited in the admin).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

GlossaryProvider = Callable[[], dict[str, str]]
SynonymProvider = Callable[[], list[tuple[str, ...]]]
_providers: list[GlossaryProvider] = []
_synonym_providers: list[SynonymProvider] = []


def register_glossary_provider(provider: GlossaryProvider) -> GlossaryProvider:
    """Add a source of acronyms (e.g. a Glossary model). Usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_glossary_provider(provider: GlossaryProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def get_glossary() -> dict[str, str]:
    """Acronym (upper case) → expansion, from each provider in order (later ones win)."""
    glossary: dict[str, str] = {}
    for provider in _providers:
        try:
            entries = provider()
        except Exception:
            # A broken provider must not break search: the other entries still apply.
            logger.exception("search: glossary provider %r failed", provider)
            continue
        glossary.update({acronym.upper(): text for acronym, text in entries.items()})
    return glossary


def register_synonym_provider(provider: SynonymProvider) -> SynonymProvider:
    """Add a source of synonym groups (each a tuple of words or phrases). Usable as a
    decorator."""
    if provider not in _synonym_providers:
        _synonym_providers.append(provider)
    return provider


def unregister_synonym_provider(provider: SynonymProvider) -> None:
    if provider in _synonym_providers:
        _synonym_providers.remove(provider)


def get_synonym_groups() -> list[tuple[str, ...]]:
    """Every provider's groups with at least two distinct phrases, in provider order."""
    groups: list[tuple[str, ...]] = []
    for provider in _synonym_providers:
        try:
            entries = provider()
        except Exception:
            # A broken provider must not break search: the other groups still apply.
            logger.exception("search: synonym provider %r failed", provider)
            continue
        for group in entries:
            phrases = tuple(dict.fromkeys(p.strip() for p in group if p and p.strip()))
            if len(phrases) > 1:
                groups.append(phrases)
    return groups

"""Acronyms of the social and medico-social sector, used by search both ways: a query for
"CLIC" also finds "centre local d'information et de coordination", and the reverse.

Search holds no acronym of its own: `get_glossary()` merges what every registered provider
returns (`register_glossary_provider(callable)`). The glossary's only copy is orientation's
(`orientation.defaults.GLOSSARY`, stored as `GlossaryTerm` rows that moderators edit), which
registers its provider in `OrientationConfig.ready()`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

GlossaryProvider = Callable[[], dict[str, str]]
_providers: list[GlossaryProvider] = []


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
